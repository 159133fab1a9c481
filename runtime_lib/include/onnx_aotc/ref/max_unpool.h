// SPDX-License-Identifier: Apache-2.0
// Reference MaxUnpool: scatters X into a zero tensor at the flat positions given by I.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct MaxUnpoolParams {
  int64_t in_size;
  Dims inferred;  ///< the default output shape, which the indices address
  Dims out;       ///< the output shape (output_shape input; >= inferred, extra elements are zero)
};

/// Indices outside the inferred shape are ignored (the compiler cannot check runtime indices).
template <typename T>
inline void max_unpool(const MaxUnpoolParams& p, const T* x, const int64_t* indices, T* y) {
  const int64_t out_size = p.out.numel(), inferred_size = p.inferred.numel();
  for (int64_t i = 0; i < out_size; ++i) y[i] = convert<T>(0.0f);
  for (int64_t i = 0; i < p.in_size; ++i) {
    int64_t k = indices[i];
    if (k < 0 || k >= inferred_size) continue;
    // Same multi-index in the (possibly larger) output.
    int64_t o = 0, stride = 1;
    for (int axis = p.inferred.rank - 1; axis >= 0; --axis) {
      o += (k % p.inferred.d[axis]) * stride;
      k /= p.inferred.d[axis];
      stride *= p.out.d[axis];
    }
    y[o] = x[i];
  }
}

}  // namespace onnx_aotc::ref
