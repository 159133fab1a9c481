// SPDX-License-Identifier: Apache-2.0
// Gather, GatherElements, GatherND. Instantiated per element size (T) and index type (I).
// Negative indices count from the end of their axis, as the spec says. An index still out of range at run
// time (the model is invalid there) must not read out of bounds: its output element (or slice) is zero.
#pragma once

#include <cstring>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

/// Normalizes index `i` into [0, n), or returns -1 if it is out of range.
template <typename I>
inline int64_t wrap_index(I i, int64_t n) {
  int64_t k = static_cast<int64_t>(i);
  if (k < 0) k += n;
  return (k >= 0 && k < n) ? k : -1;
}

/// y[outer, j, inner] = x[outer, indices[j], inner].
struct GatherParams {
  int64_t outer;      ///< elements before the axis (product of those dims)
  int64_t axis_dim;   ///< extent of the gathered axis
  int64_t inner;      ///< elements after the axis
  int64_t n_indices;  ///< number of indices
};

template <typename T, typename I>
inline void gather(const GatherParams& p, const T* x, const I* indices, T* y) {
  const size_t bytes = static_cast<size_t>(p.inner) * sizeof(T);
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t j = 0; j < p.n_indices; ++j) {
      T* dst = y + (o * p.n_indices + j) * p.inner;
      const int64_t k = wrap_index(indices[j], p.axis_dim);
      if (bytes == 0) continue;
      if (k < 0) std::memset(dst, 0, bytes);
      else std::memcpy(dst, x + (o * p.axis_dim + k) * p.inner, bytes);
    }
}

/// y[i_0..i_r] = x[i_0.., indices[i_0..i_r], ..i_r] (index replaces the coordinate of `axis`).
struct GatherElementsParams {
  Dims out;        ///< shape of indices and output
  Dims x_strides;  ///< row-major strides of x
  int32_t axis;
  int64_t axis_dim;  ///< x's extent along axis
};

template <typename T, typename I>
inline void gather_elements(const GatherElementsParams& p, const T* x, const I* indices, T* y) {
  const int64_t total = p.out.numel();
  int64_t index[kMaxRank] = {};
  for (int64_t n = 0; n < total; ++n) {
    const int64_t k = wrap_index(indices[n], p.axis_dim);
    if (k < 0) {
      y[n] = T{};
    } else {
      int64_t off = 0;
      for (int a = 0; a < p.out.rank; ++a) off += (a == p.axis ? k : index[a]) * p.x_strides.d[a];
      y[n] = x[off];
    }
    for (int a = p.out.rank - 1; a >= 0; --a) {
      if (++index[a] < p.out.d[a]) break;
      index[a] = 0;
    }
  }
}

/// GatherND with batch_dims: for each batch b and each index tuple (k entries), copies one slice of
/// `slice` elements starting at x[b, tuple...].
struct GatherNDParams {
  int64_t batch;           ///< product of the batch dims
  int64_t tuples;          ///< index tuples per batch
  int32_t k;               ///< entries per tuple (indices' last dim)
  Dims indexed;            ///< x's extents for the k indexed dims
  Dims indexed_strides;    ///< x's strides (elements) for those dims
  int64_t slice;           ///< elements per gathered slice
  int64_t x_batch_stride;  ///< elements of x per batch
};

template <typename T, typename I>
inline void gather_nd(const GatherNDParams& p, const T* x, const I* indices, T* y) {
  const size_t bytes = static_cast<size_t>(p.slice) * sizeof(T);
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t t = 0; t < p.tuples; ++t, y += p.slice) {
      const I* tuple = indices + (b * p.tuples + t) * p.k;
      int64_t off = b * p.x_batch_stride;
      bool valid = true;
      for (int j = 0; j < p.k; ++j) {
        const int64_t c = wrap_index(tuple[j], p.indexed.d[j]);
        if (c < 0) valid = false;
        off += c * p.indexed_strides.d[j];
      }
      if (bytes == 0) continue;
      if (valid) std::memcpy(y, x + off, bytes);
      else std::memset(y, 0, bytes);
    }
}

}  // namespace onnx_aotc::ref
