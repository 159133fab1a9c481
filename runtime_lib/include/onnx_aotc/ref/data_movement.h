// SPDX-License-Identifier: Apache-2.0
// Reference kernels that only move bytes: copy (Reshape, Flatten, Identity, ...), Transpose, Concat.
// They are instantiated per element size (uint8_t ... uint64_t), not per type.
#pragma once

#include <cstring>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct CopyParams {
  int64_t count;
};

template <typename T>
inline void copy(const CopyParams& p, const T* x, T* y) {
  if (x != y && p.count > 0) std::memmove(y, x, static_cast<size_t>(p.count) * sizeof(T));
}

struct TransposeParams {
  Dims out;         ///< output shape
  Dims in_strides;  ///< input strides permuted into output axis order
};

template <typename T>
inline void transpose(const TransposeParams& p, const T* x, T* y) {
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = x[0];
    return;
  }
  const int inner_axis = p.out.rank - 1;
  const int64_t inner = p.out.d[inner_axis], stride = p.in_strides.d[inner_axis];
  StridedCursor<1> cursor{p.out, {p.in_strides}};
  for (int64_t base = 0; base < total; base += inner) {
    const T* px = x + cursor.offset[0];
    for (int64_t i = 0; i < inner; ++i) y[base + i] = px[i * stride];
    cursor.next_outer();
  }
}

/// Concat of `count` inputs along an axis: each input is `outer` blocks of `sizes[i]` elements.
struct ConcatParams {
  int64_t outer;
  int32_t count;
  Dims inner_sizes;  ///< per input, elements of one block (axis extent x trailing dims); rank = count <= 8
};

template <typename T>
inline void concat(const ConcatParams& p, const T* const* xs, T* y) {
  for (int64_t o = 0; o < p.outer; ++o)
    for (int32_t i = 0; i < p.count; ++i) {
      const int64_t n = p.inner_sizes.d[i];
      if (n > 0) std::memcpy(y, xs[i] + o * n, static_cast<size_t>(n) * sizeof(T));
      y += n;
    }
}

}  // namespace onnx_aotc::ref
