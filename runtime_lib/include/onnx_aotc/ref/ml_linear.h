// SPDX-License-Identifier: Apache-2.0
// ai.onnx.ml LinearRegressor, LinearClassifier, SVMRegressor and SVMClassifier. Coefficients, support vectors
// and the other variable-length attributes arrive as constant tables; sums are taken in double.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/ml_common.h"

namespace onnx_aotc::ref {

struct LinearRegressorParams {
  int64_t rows;
  int64_t features;
  int64_t targets;
  int64_t post_transform;
};

/// y[r, t] = post_transform(sum_f x[r, f] * coefficients[t, f] + intercepts[t]).
template <typename T>
inline void linear_regressor(const LinearRegressorParams& p, const T* x, const double* coefficients,
                             const double* intercepts, float* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    float* yr = y + r * p.targets;
    for (int64_t t = 0; t < p.targets; ++t) {
      double s = intercepts[t];
      for (int64_t f = 0; f < p.features; ++f) s += convert<double>(x[r * p.features + f]) * coefficients[t * p.features + f];
      yr[t] = static_cast<float>(s);
    }
    ml_post_transform(p.post_transform, yr, p.targets);
  }
}

struct LinearClassifierParams {
  int64_t rows;
  int64_t features;
  int64_t targets;        ///< rows of coefficients
  int64_t score_columns;  ///< 2 when one score row serves two class labels, else `targets`
  int64_t post_transform;
};

/// Scores per class, then the label (int64_t or onnx_aotc_string): labels[k] for the best column k; one score
/// for two labels: labels[1] when the score is positive, else labels[0]; one score alone: labels[1] when the
/// transformed score reaches the threshold (0 for NONE, else 0.5), else labels[0]. The compiler fills `labels`
/// for the case at hand (class labels, class indices, or {0, the one label}).
template <typename T, typename L>
inline void linear_classifier(const LinearClassifierParams& p, const T* x, const double* coefficients,
                              const double* intercepts, const L* labels, L* y, float* z) {
  for (int64_t r = 0; r < p.rows; ++r) {
    float* zr = z + r * p.score_columns;
    for (int64_t t = 0; t < p.targets; ++t) {
      double s = intercepts[t];
      for (int64_t f = 0; f < p.features; ++f) s += convert<double>(x[r * p.features + f]) * coefficients[t * p.features + f];
      zr[p.score_columns - p.targets + t] = static_cast<float>(s);
    }
    if (p.score_columns == 2 && p.targets == 1) {
      // One score s for two labels (as onnxruntime): the second label wins when s > 0; the scores are
      // [1 - s, s], LOGISTIC: [logistic(-s), logistic(s)], PROBIT: [probit(-s), probit(s)].
      const double v = zr[1];
      y[r] = labels[v > 0 ? 1 : 0];
      if (p.post_transform == 2 || p.post_transform == 4) {
        zr[0] = static_cast<float>(-v);
        ml_post_transform(p.post_transform, zr, 2);
      } else {
        zr[0] = static_cast<float>(1.0 - v);
      }
      continue;
    }
    ml_post_transform(p.post_transform, zr, p.score_columns);
    if (p.score_columns > 1) {
      int64_t best = 0;
      for (int64_t k = 1; k < p.score_columns; ++k)
        if (zr[k] > zr[best]) best = k;
      y[r] = labels[best];
    } else {
      const float threshold = p.post_transform == 0 ? 0.0f : 0.5f;
      y[r] = labels[zr[0] >= threshold ? 1 : 0];
    }
  }
}

struct SvmKernel {
  int64_t type;  ///< 0 LINEAR, 1 POLY, 2 RBF, 3 SIGMOID
  double gamma;
  double coef0;
  int64_t degree;
};

namespace detail {

template <typename T>
inline double svm_kernel(const SvmKernel& k, const T* a, const double* b, int64_t n) {
  double s = 0;
  if (k.type == 2) {
    for (int64_t i = 0; i < n; ++i) {
      const double d = convert<double>(a[i]) - b[i];
      s += d * d;
    }
    return std::exp(-k.gamma * s);
  }
  for (int64_t i = 0; i < n; ++i) s += convert<double>(a[i]) * b[i];
  if (k.type == 1) return std::pow(s * k.gamma + k.coef0, static_cast<double>(k.degree));
  if (k.type == 3) return std::tanh(s * k.gamma + k.coef0);
  return s;
}

}  // namespace detail

struct SvmRegressorParams {
  int64_t rows;
  int64_t features;
  int64_t supports;  ///< 0: a linear model with `coefficients` as its weight vector
  SvmKernel kernel;
  bool one_class;
  int64_t post_transform;
};

/// y[r] = sum_j coefficients[j] * K(x[r], sv[j]) + rho (one_class: +1 or -1 by its sign).
template <typename T>
inline void svm_regressor(const SvmRegressorParams& p, const T* x, const double* support_vectors,
                          const double* coefficients, const double* rho, float* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* xr = x + r * p.features;
    double s = 0;
    if (p.supports > 0) {
      for (int64_t j = 0; j < p.supports; ++j)
        s += coefficients[j] * detail::svm_kernel(p.kernel, xr, support_vectors + j * p.features, p.features);
    } else {
      s = detail::svm_kernel(SvmKernel{0, 0, 0, 0}, xr, coefficients, p.features);
    }
    s += rho[0];
    y[r] = static_cast<float>(p.one_class ? (s > 0 ? 1.0 : -1.0) : s);
    ml_post_transform(p.post_transform, y + r, 1);
  }
}

/// Most classes for which SVMClassifier computes probabilities (the pairwise coupling works on the stack).
inline constexpr int64_t kSvmMaxProbabilityClasses = 16;

struct SvmClassifierParams {
  int64_t rows;
  int64_t features;
  int64_t classes;    ///< class count (at least 1)
  int64_t vectors;    ///< support vectors; 0: a linear model, one coefficient row per class
  SvmKernel kernel;
  bool has_proba;     ///< prob_a / prob_b given (support vector mode only)
  bool all_positive;  ///< every coefficient >= 0
  int64_t raw_scores;     ///< scores before the final transform: classes, or classes*(classes-1)/2 pairs
  int64_t score_columns;  ///< columns of the scores output
  int64_t post_transform;
};

namespace detail {

/// libsvm's pairwise coupling of pairwise probabilities r (k x k) into class probabilities p.
inline void svm_multiclass_probability(int64_t k, const double* r, double* q, double* qp, double* p) {
  const int64_t max_iter = k > 100 ? k : 100;
  const double eps = 0.005 / static_cast<double>(k);
  for (int64_t t = 0; t < k; ++t) {
    p[t] = 1.0 / static_cast<double>(k);
    q[t * k + t] = 0;
    for (int64_t j = 0; j < t; ++j) {
      q[t * k + t] += r[j * k + t] * r[j * k + t];
      q[t * k + j] = q[j * k + t];
    }
    for (int64_t j = t + 1; j < k; ++j) {
      q[t * k + t] += r[j * k + t] * r[j * k + t];
      q[t * k + j] = -r[j * k + t] * r[t * k + j];
    }
  }
  for (int64_t it = 0; it < max_iter; ++it) {
    double pqp = 0;
    for (int64_t t = 0; t < k; ++t) {
      qp[t] = 0;
      for (int64_t j = 0; j < k; ++j) qp[t] += q[t * k + j] * p[j];
      pqp += p[t] * qp[t];
    }
    double max_error = 0;
    for (int64_t t = 0; t < k; ++t) {
      const double e = std::fabs(qp[t] - pqp);
      max_error = e > max_error ? e : max_error;
    }
    if (max_error < eps) break;
    for (int64_t t = 0; t < k; ++t) {
      const double diff = (-qp[t] + pqp) / q[t * k + t];
      p[t] += diff;
      pqp = (pqp + diff * (diff * q[t * k + t] + 2 * qp[t])) / (1 + diff) / (1 + diff);
      for (int64_t j = 0; j < k; ++j) {
        qp[j] = (qp[j] + diff * q[t * k + j]) / (1 + diff);
        p[j] /= 1 + diff;
      }
    }
  }
}

}  // namespace detail

/// Scores (linear: per class; support vectors: per class pair, or class probabilities when prob_a/prob_b are
/// given) and the label (int64_t or onnx_aotc_string, one per class) of the class with the most votes (support
/// vectors) or the best score (linear). Two classes without probabilities, as onnxruntime: the second label
/// wins when the best linear score is > 0 (>= 0.5 when every coefficient is >= 0); votes give no such score.
template <typename T, typename L>
inline void svm_classifier(const SvmClassifierParams& p, const T* x, const double* support_vectors,
                           const double* coefficients, const double* rho, const double* prob_a,
                           const double* prob_b, const int64_t* starts, const int64_t* counts,
                           const L* labels, L* y, float* z) {
  constexpr int64_t kMax = kSvmMaxProbabilityClasses;
  const int64_t k = p.classes;
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* xr = x + r * p.features;
    float* zr = z + r * p.score_columns;
    double pairs[kMax * (kMax - 1) / 2];
    int64_t max_class = 0;
    double max_weight = 0;
    if (p.vectors == 0) {
      for (int64_t c = 0; c < k; ++c)
        zr[c] = static_cast<float>(rho[0] + detail::svm_kernel(SvmKernel{0, 0, 0, 0}, xr, coefficients + c * p.features,
                                                               p.features));
      for (int64_t c = 1; c < k; ++c)
        if (zr[c] > zr[max_class]) max_class = c;
      max_weight = zr[max_class];
    } else {
      int64_t e = 0;
      for (int64_t i = 0; i < k; ++i)
        for (int64_t j = i + 1; j < k; ++j, ++e) {
          double s = rho[e];
          for (int64_t v = starts[i]; v < starts[i] + counts[i]; ++v)
            s += coefficients[(j - 1) * p.vectors + v] *
                 detail::svm_kernel(p.kernel, xr, support_vectors + v * p.features, p.features);
          for (int64_t v = starts[j]; v < starts[j] + counts[j]; ++v)
            s += coefficients[i * p.vectors + v] *
                 detail::svm_kernel(p.kernel, xr, support_vectors + v * p.features, p.features);
          if (p.has_proba) pairs[e] = s;
          else zr[e] = static_cast<float>(s);
        }
      // Votes: class i wins pair (i, j) when its score is positive; the first class with most votes wins.
      int64_t max_votes = 0;
      for (int64_t c = 0; c < k; ++c) {
        int64_t votes = 0;
        e = 0;
        for (int64_t i = 0; i < k; ++i)
          for (int64_t j = i + 1; j < k; ++j, ++e) {
            const double s = p.has_proba ? pairs[e] : static_cast<double>(zr[e]);
            votes += (s > 0 && c == i) || (!(s > 0) && c == j);
          }
        if (votes > max_votes) {
          max_votes = votes;
          max_class = c;
        }
      }
      if (p.has_proba) {
        double rr[kMax * kMax], q[kMax * kMax], qp[kMax], prob[kMax];
        e = 0;
        for (int64_t i = 0; i < k; ++i)
          for (int64_t j = i + 1; j < k; ++j, ++e) {
            double v = 1.0 - ml_logistic(pairs[e] * prob_a[e] + prob_b[e]);
            v = v < 1e-7 ? 1e-7 : v > 1 - 1e-7 ? 1 - 1e-7 : v;
            rr[i * k + j] = v;
            rr[j * k + i] = 1 - v;
          }
        detail::svm_multiclass_probability(k, rr, q, qp, prob);
        for (int64_t c = 0; c < k; ++c) zr[c] = static_cast<float>(prob[c]);
      }
    }
    const bool second = k == 2 && !p.has_proba && (p.all_positive ? max_weight >= 0.5 : max_weight > 0);
    y[r] = labels[second ? 1 : max_class];
    if (p.raw_scores == 1 && p.score_columns == 2) {
      // One score s for two labels (as onnxruntime): NONE [-s, s]; LOGISTIC [logistic(-s), logistic(s)];
      // SOFTMAX and SOFTMAX_ZERO [1 - s, s].
      const double v = zr[0];
      zr[1] = static_cast<float>(v);
      if (p.post_transform == 1 || p.post_transform == 3) {
        zr[0] = static_cast<float>(1.0 - v);
      } else {
        zr[0] = static_cast<float>(-v);
        ml_post_transform(p.post_transform, zr, 2);
      }
      continue;
    }
    // A lone score is only transformed by PROBIT.
    if (p.score_columns > 1 || p.post_transform == 4) ml_post_transform(p.post_transform, zr, p.score_columns);
  }
}

}  // namespace onnx_aotc::ref
