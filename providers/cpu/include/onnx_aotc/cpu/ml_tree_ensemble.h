// SPDX-License-Identifier: Apache-2.0
// Tree ensembles for the CPU provider: the kernels of onnx_aotc/ref/ml_tree_ensemble.h on a compact layout the
// compiler builds (compiler/ops/defs/ml_tree_ensemble.cpp), with the same results.
//
// Layout. Every node is one test "x[feature] <= threshold goes left": the compiler rewrites LT, GTE and GT into it
// (swapping the children, and rounding a double threshold to the float that gives the same decision for every
// float x), so the kernel has no mode switch. Nodes are laid out per tree in preorder with the left child right
// after its parent, so a node stores only its right child: {threshold (T), feature, right, leaf} (int32 each;
// 16 bytes for float, 24 for double; right as a byte offset, so a step needs no index arithmetic). Bit 31 of the
// feature sends a NaN feature left (missing-value tracking; only looked at when some node needs it). A leaf is a
// node that sends every x to itself (threshold NaN, right = itself) and names its leaf, so a tree is walked with
// exactly its depth's steps and no leaf test: each step is a load, a compare and a select. `trees` holds per
// tree its first node's offset and its depth. Where every leaf scores the same targets in the same order
// (`uniform`, the usual case) a leaf's weights are found by its number alone.
//
// Evaluation. The walks of several (row, tree) lanes are interleaved so that their load chains overlap: blocks
// of kRows rows (copied feature-major into the work space) walk one tree together; the rows left over (and batch
// 1) walk kTrees trees at once. Leaves are then added per row in tree order, as the reference kernel does, so the
// sums round exactly like its own. kRows, kTrees and the two selects in tree_step were chosen by measurement
// (docs/performance.md, "Tree ensembles").
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "onnx_aotc/ref/ml_common.h"
#include "onnx_aotc/ref/ml_tree_ensemble.h"

namespace onnx_aotc::cpu {

struct TreeEnsembleParams {
  int64_t rows;
  int64_t features;
  int64_t n_trees;
  int64_t n_targets;
  int64_t aggregate;       ///< 0 AVERAGE, 1 SUM, 2 MIN, 3 MAX
  int64_t post_transform;  ///< see onnx_aotc/ref/ml_common.h
  bool nan_left;           ///< some node sends a NaN feature left (bit 31 of its feature)
  int64_t uniform;         ///< > 0: every leaf has this many weights, for leaf_targets[0 .. uniform) in order
};

struct TreeEnsembleClassifierParams {
  int64_t rows;
  int64_t features;
  int64_t n_trees;
  int64_t n_classes;
  int64_t n_base;
  bool binary;
  bool all_positive;
  int64_t post_transform;
  bool nan_left;
  int64_t uniform;
};

namespace detail {

constexpr int kRows = 16;  ///< rows per block that walk one tree together
constexpr int kTrees = 8;  ///< trees one row walks together (batch 1, and the rows left over)

/// Bytes per node: threshold, feature, right child, leaf (padded to 8 bytes).
template <typename T>
constexpr int32_t kNodeBytes = (static_cast<int32_t>(sizeof(T)) + 12 + 7) / 8 * 8;

template <typename T>
inline int32_t leaf_at(const char* nodes, int32_t o) {
  int32_t leaf;
  std::memcpy(&leaf, nodes + o + sizeof(T) + 8, 4);
  return leaf;
}

/// The next node (a byte offset) of a lane at node byte offset `o`; the lane's feature f is xb[f * R].
template <int R, bool kNanLeft, typename T>
inline int32_t tree_step(const T* xb, const char* nodes, int32_t o) {
  const char* n = nodes + o;
  T t;
  int32_t f, right;
  std::memcpy(&t, n, sizeof(T));
  std::memcpy(&f, n + sizeof(T), 4);
  std::memcpy(&right, n + sizeof(T) + 4, 4);
  bool left;
  if constexpr (kNanLeft) {
    const T v = xb[static_cast<int64_t>(f & 0x7fffffff) * R];
    left = (v <= t) | ((f < 0) & (v != v));
  } else {
    left = xb[static_cast<int64_t>(f) * R] <= t;
  }
  // Branch-free either way (a branch would be mispredicted half the time): a conditional move for one row
  // walking several trees, a select by mask for blocks of rows (each measured the faster there, with GCC 12).
  const int32_t next = o + kNodeBytes<T>;
  if constexpr (R == 1) {
#if defined(__GNUC__)
    return __builtin_expect_with_probability(left, 1, 0.5) ? next : right;
#else
    return left ? next : right;
#endif
  } else {
    const int32_t mask = -static_cast<int32_t>(left);
    return right ^ ((right ^ next) & mask);
  }
}

/// Walks trees [t0, t0 + G) for the R rows of xt (feature-major: feature f of row r at xt[f * R + r]): at[r][g]
/// is then the byte offset of row r's leaf node in tree t0 + g.
template <int R, int G, bool kNanLeft, typename T>
inline void tree_walk(const T* xt, const char* nodes, const int32_t* trees, int64_t t0, int32_t (&at)[R][G]) {
  int32_t depth = 0;
  for (int g = 0; g < G; ++g) {
    depth = trees[2 * (t0 + g) + 1] > depth ? trees[2 * (t0 + g) + 1] : depth;
    for (int r = 0; r < R; ++r) at[r][g] = trees[2 * (t0 + g)];
  }
  for (int32_t d = 0; d < depth; ++d)
    for (int r = 0; r < R; ++r)
      for (int g = 0; g < G; ++g) at[r][g] = tree_step<R, kNanLeft>(xt + r, nodes, at[r][g]);
}

/// Calls add(r, leaf) for the R rows of xt and every tree, in tree order per row.
template <int R, int G, bool kNanLeft, typename T, typename Add>
inline void tree_leaves(const T* xt, int64_t n_trees, const int32_t* node_words, const int32_t* trees, Add add) {
  const char* nodes = reinterpret_cast<const char*>(node_words);
  int64_t t = 0;
  for (; t + G <= n_trees; t += G) {
    int32_t at[R][G];
    tree_walk<R, G, kNanLeft>(xt, nodes, trees, t, at);
    for (int r = 0; r < R; ++r)
      for (int g = 0; g < G; ++g) add(r, leaf_at<T>(nodes, at[r][g]));
  }
  for (; t < n_trees; ++t) {
    int32_t at[R][1];
    tree_walk<R, 1, kNanLeft>(xt, nodes, trees, t, at);
    for (int r = 0; r < R; ++r) add(r, leaf_at<T>(nodes, at[r][0]));
  }
}

/// Runs block(row, xt, R, G) over all rows: blocks of kRows rows, copied feature-major into `xt` (so that a
/// lane's feature address is one scaled index from a fixed base), then single rows walking kTrees trees at once.
template <typename T, typename Block>
inline void tree_rows(const T* x, int64_t rows, int64_t features, T* xt, Block block) {
  int64_t r = 0;
  for (; r + kRows <= rows; r += kRows) {
    for (int64_t f = 0; f < features; ++f)
      for (int k = 0; k < kRows; ++k) xt[f * kRows + k] = x[(r + k) * features + f];
    block(r, static_cast<const T*>(xt), std::integral_constant<int, kRows>{}, std::integral_constant<int, 1>{});
  }
  for (; r < rows; ++r)
    block(r, x + r * features, std::integral_constant<int, 1>{}, std::integral_constant<int, kTrees>{});
}

template <bool kNanLeft, typename T, typename O>
inline void tree_ensemble(const TreeEnsembleParams& p, const T* x, const int32_t* nodes, const int32_t* trees,
                          const int32_t* leaf_offsets, const int32_t* leaf_targets,
                          const double* leaf_weights, const double* base, O* y, unsigned char* work) {
  const double init = p.aggregate == 2 ? std::numeric_limits<double>::infinity()
                      : p.aggregate == 3 ? -std::numeric_limits<double>::infinity() : 0.0;
  tree_rows(x, p.rows, p.features, reinterpret_cast<T*>(work), [&](int64_t row, const T* xt, auto rows_c, auto trees_c) {
    constexpr int R = decltype(rows_c)::value, G = decltype(trees_c)::value;
    O* yb = y + row * p.n_targets;
    for (int64_t k = 0; k < R * p.n_targets; ++k) yb[k] = convert<O>(init);
    tree_leaves<R, G, kNanLeft>(xt, p.n_trees, nodes, trees, [&](int r, int32_t leaf) {
      O* yr = yb + r * p.n_targets;
      const int32_t begin = p.uniform ? leaf * static_cast<int32_t>(p.uniform) : leaf_offsets[leaf];
      const int32_t end = p.uniform ? begin + static_cast<int32_t>(p.uniform) : leaf_offsets[leaf + 1];
      for (int32_t k = begin; k < end; ++k) {
        const int32_t target = leaf_targets[p.uniform ? k - begin : k];
        const double acc = convert<double>(yr[target]), w = leaf_weights[k];
        const double v = p.aggregate == 2 ? (w < acc ? w : acc) : p.aggregate == 3 ? (w > acc ? w : acc) : acc + w;
        yr[target] = convert<O>(v);
      }
    });
    for (int r = 0; r < R; ++r) {
      O* yr = yb + r * p.n_targets;
      for (int64_t k = 0; k < p.n_targets; ++k) {
        double v = convert<double>(yr[k]);
        if (std::isinf(v) && p.aggregate >= 2) v = 0;
        if (p.aggregate == 0 && p.n_trees > 0) v /= static_cast<double>(p.n_trees);
        yr[k] = convert<O>(v + base[k]);
      }
      ref::ml_post_transform(p.post_transform, yr, p.n_targets);
    }
  });
}

template <bool kNanLeft, typename T, typename L>
inline void tree_ensemble_classifier(const TreeEnsembleClassifierParams& p, const T* x, const int32_t* nodes,
                                     const int32_t* trees, const int32_t* leaf_offsets,
                                     const int32_t* leaf_targets, const double* leaf_weights, const double* base,
                                     const L* labels, L* y, float* z, unsigned char* work) {
  using Acc = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const int64_t n = p.n_classes;
  // Work: the sums, the feature-major rows, the scored flags.
  Acc* s = reinterpret_cast<Acc*>(work);
  T* xt = reinterpret_cast<T*>(work + kRows * n * int64_t{sizeof(double)});
  unsigned char* has = work + kRows * (n + p.features) * int64_t{sizeof(double)};
  tree_rows(x, p.rows, p.features, xt, [&](int64_t row, const T* xr, auto rows_c, auto trees_c) {
    constexpr int R = decltype(rows_c)::value, G = decltype(trees_c)::value;
    for (int64_t k = 0; k < R * n; ++k) {
      s[k] = 0;
      has[k] = 0;
    }
    if (p.uniform) {  // every leaf scores the same classes: only the sums change per tree
      tree_leaves<R, G, kNanLeft>(xr, p.n_trees, nodes, trees, [&](int r, int32_t leaf) {
        for (int32_t j = 0; j < static_cast<int32_t>(p.uniform); ++j)
          s[r * n + leaf_targets[j]] += static_cast<Acc>(leaf_weights[leaf * p.uniform + j]);
      });
      if (p.n_trees > 0)
        for (int r = 0; r < R; ++r)
          for (int32_t j = 0; j < static_cast<int32_t>(p.uniform); ++j) has[r * n + leaf_targets[j]] = 1;
    } else {
      tree_leaves<R, G, kNanLeft>(xr, p.n_trees, nodes, trees, [&](int r, int32_t leaf) {
        for (int32_t k = leaf_offsets[leaf]; k < leaf_offsets[leaf + 1]; ++k) {
          s[r * n + leaf_targets[k]] += static_cast<Acc>(leaf_weights[k]);
          has[r * n + leaf_targets[k]] = 1;
        }
      });
    }
    for (int r = 0; r < R; ++r)
      ref::tree_classifier_row(p, s + r * n, has + r * n, base, labels, y + row + r, z + (row + r) * n);
  });
}

}  // namespace detail

/// Work space of tree_ensemble, in bytes.
constexpr int64_t tree_ensemble_work(int64_t features) { return detail::kRows * features * int64_t{sizeof(double)}; }

/// Work space of tree_ensemble_classifier, in bytes.
constexpr int64_t tree_ensemble_classifier_work(int64_t features, int64_t n_classes) {
  return detail::kRows * ((features + n_classes) * int64_t{sizeof(double)} + n_classes);
}

/// onnx_aotc::ref::tree_ensemble on the layout above (T is float or double).
template <typename T, typename O>
inline void tree_ensemble(const TreeEnsembleParams& p, const T* x, const int32_t* nodes, const int32_t* trees,
                          const int32_t* leaf_offsets, const int32_t* leaf_targets,
                          const double* leaf_weights, const double* base, O* y, unsigned char* work) {
  if (p.nan_left)
    detail::tree_ensemble<true>(p, x, nodes, trees, leaf_offsets, leaf_targets, leaf_weights, base, y, work);
  else
    detail::tree_ensemble<false>(p, x, nodes, trees, leaf_offsets, leaf_targets, leaf_weights, base, y, work);
}

/// onnx_aotc::ref::tree_ensemble_classifier on the layout above (T is float or double).
template <typename T, typename L>
inline void tree_ensemble_classifier(const TreeEnsembleClassifierParams& p, const T* x, const int32_t* nodes,
                                     const int32_t* trees, const int32_t* leaf_offsets,
                                     const int32_t* leaf_targets, const double* leaf_weights, const double* base,
                                     const L* labels, L* y, float* z, unsigned char* work) {
  if (p.nan_left)
    detail::tree_ensemble_classifier<true>(p, x, nodes, trees, leaf_offsets, leaf_targets, leaf_weights,
                                           base, labels, y, z, work);
  else
    detail::tree_ensemble_classifier<false>(p, x, nodes, trees, leaf_offsets, leaf_targets, leaf_weights,
                                            base, labels, y, z, work);
}

}  // namespace onnx_aotc::cpu
