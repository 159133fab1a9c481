// SPDX-License-Identifier: Apache-2.0
// ScatterElements (and the deprecated Scatter), ScatterND: y = x with `updates` written (or combined with a
// reduction) at indexed positions. Negative indices count from the end of their axis; an index still out of
// range at run time (an invalid model) is skipped, so that nothing is written out of bounds. With duplicate
// indices and no reduction the last update wins.
#pragma once

#include <cstring>

#include "onnx_aotc/ref/common.h"
#include "onnx_aotc/ref/gather.h"

namespace onnx_aotc::ref {

/// Reduction codes of the `reduction` attribute.
inline constexpr int32_t kScatterNone = 0, kScatterAdd = 1, kScatterMul = 2, kScatterMax = 3, kScatterMin = 4;

template <typename T>
inline T scatter_combine(int32_t reduction, T old, T update) {
  if (reduction == kScatterNone) return update;
  using C = compute_t<T>;
  const C a = convert<C>(old), b = convert<C>(update);
  switch (reduction) {
    case kScatterAdd: return convert<T>(static_cast<C>(a + b));
    case kScatterMul: return convert<T>(static_cast<C>(a * b));
    case kScatterMax: return b > a ? update : old;
    default: return b < a ? update : old;
  }
}

struct ScatterElementsParams {
  Dims updates;    ///< shape of indices and updates
  Dims y_strides;  ///< row-major strides of x and y
  int32_t axis;
  int64_t axis_dim;  ///< x's extent along axis
  int64_t total;     ///< elements of x
  int32_t reduction;
};

template <typename T, typename I>
inline void scatter_elements(const ScatterElementsParams& p, const T* x, const I* indices, const T* updates, T* y) {
  if (x != y && p.total > 0) std::memmove(y, x, static_cast<size_t>(p.total) * sizeof(T));
  const int64_t n = p.updates.numel();
  int64_t index[kMaxRank] = {};
  for (int64_t u = 0; u < n; ++u) {
    const int64_t k = wrap_index(indices[u], p.axis_dim);
    if (k >= 0) {
      int64_t off = 0;
      for (int a = 0; a < p.updates.rank; ++a) off += (a == p.axis ? k : index[a]) * p.y_strides.d[a];
      y[off] = scatter_combine(p.reduction, y[off], updates[u]);
    }
    for (int a = p.updates.rank - 1; a >= 0; --a) {
      if (++index[a] < p.updates.d[a]) break;
      index[a] = 0;
    }
  }
}

struct ScatterNDParams {
  int64_t tuples;         ///< index tuples (product of indices' dims but the last)
  int32_t k;              ///< entries per tuple
  Dims indexed;           ///< x's extents for the k indexed dims
  Dims indexed_strides;   ///< x's strides for those dims
  int64_t slice;          ///< elements per update slice
  int64_t total;          ///< elements of x
  int32_t reduction;
};

template <typename T, typename I>
inline void scatter_nd(const ScatterNDParams& p, const T* x, const I* indices, const T* updates, T* y) {
  if (x != y && p.total > 0) std::memmove(y, x, static_cast<size_t>(p.total) * sizeof(T));
  for (int64_t t = 0; t < p.tuples; ++t) {
    const I* tuple = indices + t * p.k;
    int64_t off = 0;
    bool valid = true;
    for (int j = 0; j < p.k; ++j) {
      const int64_t c = wrap_index(tuple[j], p.indexed.d[j]);
      if (c < 0) valid = false;
      off += c * p.indexed_strides.d[j];
    }
    if (!valid) continue;
    const T* src = updates + t * p.slice;
    for (int64_t i = 0; i < p.slice; ++i) y[off + i] = scatter_combine(p.reduction, y[off + i], src[i]);
  }
}

}  // namespace onnx_aotc::ref
