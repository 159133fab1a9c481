// SPDX-License-Identifier: Apache-2.0
// Tree ensembles (ai.onnx.ml TreeEnsemble, TreeEnsembleRegressor, TreeEnsembleClassifier) in one flat form the
// compiler builds from any of the three attribute layouts:
//   nodes:   7 int64 per branch node: mode, feature, true ref, false ref, missing_tracks_true, set begin, set end;
//            a ref >= 0 names a branch node, a ref < 0 names leaf -(ref + 1)
//   modes:   0 LEQ, 1 LT, 2 GTE, 3 GT, 4 EQ, 5 NEQ, 6 MEMBER (x is one of members[set begin, set end))
//   splits:  one threshold per branch node; roots: one ref per tree
//   leaves:  leaf l adds leaf_weights[k] to target leaf_targets[k] for k in [leaf_offsets[l], leaf_offsets[l + 1])
// A NaN feature takes the true branch when the node tracks missing values, else it compares as NaN does.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "onnx_aotc/ref/ml_common.h"

namespace onnx_aotc::ref {

struct TreeEnsembleParams {
  int64_t rows;
  int64_t features;
  int64_t n_trees;
  int64_t n_targets;
  int64_t aggregate;       ///< 0 AVERAGE, 1 SUM, 2 MIN, 3 MAX
  int64_t post_transform;  ///< see ml_common.h
};

struct TreeEnsembleClassifierParams {
  int64_t rows;
  int64_t features;
  int64_t n_trees;
  int64_t n_classes;       ///< class labels, and columns of the scores output
  int64_t n_base;          ///< base values given: 0, n_classes, or 1 for two classes (class 0's)
  bool binary;             ///< two classes and every leaf weight goes to the same one (onnxruntime's binary case)
  bool all_positive;       ///< every leaf weight is >= 0 (a binary model's score is then a probability)
  int64_t post_transform;
};

namespace detail {

/// The leaf that tree `root` sends row `x` to.
template <typename T>
inline int64_t tree_leaf(const T* x, int64_t ref, const int64_t* nodes, const double* splits, const double* members) {
  while (ref >= 0) {
    const int64_t* n = nodes + ref * 7;
    const double v = convert<double>(x[n[1]]);
    bool r;
    if (std::isnan(v) && n[4]) {
      r = true;
    } else {
      const double t = splits[ref];
      switch (n[0]) {
        case 0: r = v <= t; break;
        case 1: r = v < t; break;
        case 2: r = v >= t; break;
        case 3: r = v > t; break;
        case 4: r = v == t; break;
        case 5: r = v != t; break;
        default: {
          r = false;
          for (int64_t k = n[5]; k < n[6]; ++k) r = r || v == members[k];
        }
      }
    }
    ref = r ? n[2] : n[3];
  }
  return -(ref + 1);
}

}  // namespace detail

/// y[row, target] = post_transform(aggregate over trees of the reached leaves' weights + base[target]).
template <typename T, typename O>
inline void tree_ensemble(const TreeEnsembleParams& p, const T* x, const int64_t* nodes, const double* splits,
                          const double* members, const int64_t* roots, const int64_t* leaf_offsets,
                          const int64_t* leaf_targets, const double* leaf_weights, const double* base, O* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* xr = x + r * p.features;
    O* yr = y + r * p.n_targets;
    // MIN and MAX start from an infinity that marks "no tree reached this target" (which then scores 0).
    const double init = p.aggregate == 2 ? std::numeric_limits<double>::infinity()
                        : p.aggregate == 3 ? -std::numeric_limits<double>::infinity() : 0.0;
    for (int64_t k = 0; k < p.n_targets; ++k) yr[k] = convert<O>(init);
    for (int64_t t = 0; t < p.n_trees; ++t) {
      const int64_t leaf = detail::tree_leaf(xr, roots[t], nodes, splits, members);
      for (int64_t k = leaf_offsets[leaf]; k < leaf_offsets[leaf + 1]; ++k) {
        const double acc = convert<double>(yr[leaf_targets[k]]), w = leaf_weights[k];
        double v;
        switch (p.aggregate) {
          case 2: v = w < acc ? w : acc; break;
          case 3: v = w > acc ? w : acc; break;
          default: v = acc + w; break;
        }
        yr[leaf_targets[k]] = convert<O>(v);
      }
    }
    for (int64_t k = 0; k < p.n_targets; ++k) {
      double v = convert<double>(yr[k]);
      if (std::isinf(v) && p.aggregate >= 2) v = 0;
      if (p.aggregate == 0 && p.n_trees > 0) v /= static_cast<double>(p.n_trees);
      yr[k] = convert<O>(v + base[k]);
    }
    ml_post_transform(p.post_transform, yr, p.n_targets);
  }
}

/// Work space of tree_ensemble_classifier, in bytes.
constexpr int64_t tree_ensemble_classifier_work(int64_t n_classes) { return n_classes * (int64_t{sizeof(double)} + 1); }

/// Scores and label per row as onnxruntime computes them: sums of the reached leaves' weights in the
/// threshold type (double for double input, else float), per class, noting which classes some leaf (or a base
/// value) scored. `labels` holds the n_classes class labels (int64_t or onnx_aotc_string), then the labels for
/// "the positive score is <= 0" and "> 0" that onnxruntime uses outside its binary case.
///   n_classes > 2: the best scored class wins; unscored classes score 0. Base values make every class scored.
///   n_classes == 2: the positive score s is class 1's if scored, else class 0's. Binary case: it wins class 1
///     above 0.5 (all weights >= 0) or above 0; otherwise the fallback for s > 0 wins. The scores are the
///     transformed class scores, or, when no leaf scored class 1 and there are no base values, [1 - s, s]
///     (binary, all weights >= 0) or [-s, s], which LOGISTIC maps. With two base values and class 1 scored,
///     class 1's score becomes base[1] + class 0's and class 0's its negation; otherwise each class adds its
///     base value and keeps its scored state. One base value (gradient boosting) goes to class 0, and the
///     scores are then as without base values, but [s, 0], untransformed, outside the binary case.
///   n_classes == 1: one score s + base; the label is the fallback for s > 0; PROBIT is the only transform.
/// Where onnxruntime leaves a score unwritten (the second of one score for two classes, with PROBIT or with
/// one base value outside the binary case), it is 0.
/// Label and scores of one row from its class sums `s` and scored flags `has` (shared with the providers'
/// tree kernels, which differ only in how they walk the trees; `Params` has TreeEnsembleClassifierParams'
/// n_classes, n_base, binary, all_positive and post_transform).
template <typename Params, typename Acc, typename L>
inline void tree_classifier_row(const Params& p, Acc* s, unsigned char* has, const double* base,
                           const L* labels, L* y, float* zr) {
  const int64_t n = p.n_classes;
  if (n == 1) {
    const Acc v = s[0] + (p.n_base > 0 ? static_cast<Acc>(base[0]) : Acc{0});
    *y = labels[1 + (v > 0 ? 1 : 0)];
    zr[0] = static_cast<float>(p.post_transform == 4 ? ml_probit(static_cast<float>(v)) : v);
    return;
  }
  if (n == 2) {
    Acc s0 = s[0], s1 = s[1];
    const bool h0 = has[0], h1 = has[1];
    bool one_score = false;
    if (p.n_base == 2) {
      if (h1) {
        s1 = static_cast<Acc>(base[1]) + s0;
        s0 = -s1;
      } else {
        s1 += static_cast<Acc>(base[1]);
        s0 += static_cast<Acc>(base[0]);
      }
    } else {
      if (p.n_base == 1) s0 += static_cast<Acc>(base[0]);
      one_score = !h1;
    }
    const Acc positive = h1 ? s1 : (h0 ? s0 : Acc{0});
    const bool wins = p.binary && p.all_positive ? positive > Acc(0.5) : positive > 0;
    *y = labels[p.binary ? (wins ? 1 : 0) : (wins ? 3 : 2)];
    const double v0 = h0 ? static_cast<double>(s0) : 0.0, v1 = h1 ? static_cast<double>(s1) : 0.0;
    if (!one_score) {
      zr[0] = static_cast<float>(v0);
      zr[1] = static_cast<float>(v1);
      ml_post_transform(p.post_transform, zr, 2);
    } else if (p.post_transform == 4) {
      zr[0] = static_cast<float>(ml_probit(static_cast<float>(v0)));
      zr[1] = 0.0f;
    } else if (!p.binary && p.n_base == 1) {
      zr[0] = static_cast<float>(v0);
      zr[1] = 0.0f;
    } else if (p.post_transform == 2) {
      zr[0] = static_cast<float>(ml_logistic(-v0));
      zr[1] = static_cast<float>(ml_logistic(v0));
    } else if (p.binary && p.all_positive) {
      zr[0] = static_cast<float>(1.0 - v0);
      zr[1] = static_cast<float>(v0);
    } else {
      zr[0] = static_cast<float>(-v0);
      zr[1] = static_cast<float>(v0);
    }
    return;
  }
  int64_t best = -1;
  for (int64_t k = 0; k < n; ++k) {
    if (p.n_base > 0) {
      s[k] += static_cast<Acc>(base[k]);
      has[k] = 1;
    }
    if (has[k] && (best < 0 || s[k] > s[best])) best = k;
    zr[k] = has[k] ? static_cast<float>(s[k]) : 0.0f;
  }
  *y = labels[best < 0 ? 0 : best];
  ml_post_transform(p.post_transform, zr, n);
}

template <typename T, typename L>
inline void tree_ensemble_classifier(const TreeEnsembleClassifierParams& p, const T* x, const int64_t* nodes,
                                     const double* splits, const double* members, const int64_t* roots,
                                     const int64_t* leaf_offsets, const int64_t* leaf_targets,
                                     const double* leaf_weights, const double* base, const L* labels, L* y,
                                     float* z, unsigned char* work) {
  using Acc = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const int64_t n = p.n_classes;
  Acc* s = reinterpret_cast<Acc*>(work);
  unsigned char* has = work + n * static_cast<int64_t>(sizeof(double));
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* xr = x + r * p.features;
    float* zr = z + r * n;
    for (int64_t k = 0; k < n; ++k) {
      s[k] = 0;
      has[k] = 0;
    }
    for (int64_t t = 0; t < p.n_trees; ++t) {
      const int64_t leaf = detail::tree_leaf(xr, roots[t], nodes, splits, members);
      for (int64_t k = leaf_offsets[leaf]; k < leaf_offsets[leaf + 1]; ++k) {
        s[leaf_targets[k]] += static_cast<Acc>(leaf_weights[k]);
        has[leaf_targets[k]] = 1;
      }
    }
    tree_classifier_row(p, s, has, base, labels, y + r, zr);
  }
}

}  // namespace onnx_aotc::ref
