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
  int64_t n_classes;       ///< number of class labels
  int64_t score_columns;   ///< columns of the scores output (2 for a binary model with one label)
  bool binary;             ///< every leaf weight goes to class 0: the model scores the positive class only
  bool single_label;       ///< one class label, which is 1: the label is the winning column (0 or 1)
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

/// Scores per class (base + weights of the reached leaves, then the post transform) and the winning label.
template <typename T>
inline void tree_ensemble_classifier(const TreeEnsembleClassifierParams& p, const T* x, const int64_t* nodes,
                                     const double* splits, const double* members, const int64_t* roots,
                                     const int64_t* leaf_offsets, const int64_t* leaf_targets,
                                     const double* leaf_weights, const double* base, const int64_t* labels,
                                     int64_t* y, float* z) {
  const int64_t c = p.score_columns;
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* xr = x + r * p.features;
    float* zr = z + r * c;
    double s[2] = {base[0], p.n_classes > 1 ? base[1] : 0.0};
    if (!p.binary)
      for (int64_t k = 0; k < c; ++k) zr[k] = static_cast<float>(base[k]);
    for (int64_t t = 0; t < p.n_trees; ++t) {
      const int64_t leaf = detail::tree_leaf(xr, roots[t], nodes, splits, members);
      for (int64_t k = leaf_offsets[leaf]; k < leaf_offsets[leaf + 1]; ++k) {
        if (p.binary) s[0] += leaf_weights[k];
        else zr[leaf_targets[k]] = static_cast<float>(static_cast<double>(zr[leaf_targets[k]]) + leaf_weights[k]);
      }
    }
    if (p.binary && p.post_transform != 4 && c == 2) {
      // One score s for two labels (as onnxruntime): all weights >= 0 make s a probability, split as [1 - s, s]
      // and won by the second label above 0.5; otherwise s is a margin, [-s, s] won above 0. LOGISTIC maps both.
      const double v = s[0];
      const bool positive = p.all_positive ? v > 0.5 : v > 0;
      y[r] = p.single_label ? (positive ? 1 : 0) : labels[positive ? 1 : 0];
      double lo = p.all_positive ? 1.0 - v : -v, hi = v;
      if (p.post_transform == 2) {
        lo = ml_logistic(-v);
        hi = ml_logistic(v);
      }
      zr[0] = static_cast<float>(lo);
      zr[1] = static_cast<float>(hi);
      continue;
    }
    if (p.binary) {
      // The positive score goes to column 1; column 0 is its complement (NONE, PROBIT) or its negation.
      s[1] = s[0];
      s[0] = (p.post_transform == 0 || p.post_transform == 4) ? 1.0 - s[1] : -s[1];
      zr[0] = static_cast<float>(s[0]);
      zr[1] = static_cast<float>(s[1]);
      for (int64_t k = 2; k < c; ++k) zr[k] = static_cast<float>(base[k]);
    }
    ml_post_transform(p.post_transform, zr, c);
    int64_t best = 0;
    for (int64_t k = 1; k < c; ++k)
      if (zr[k] > zr[best]) best = k;
    y[r] = p.single_label ? (best == 1 ? 1 : 0) : labels[best < p.n_classes ? best : p.n_classes - 1];
  }
}

}  // namespace onnx_aotc::ref
