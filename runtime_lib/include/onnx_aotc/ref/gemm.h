// SPDX-License-Identifier: Apache-2.0
// Reference Gemm: Y = alpha * op(A) * op(B) + beta * C, C broadcast to [M, N]; integer arithmetic wraps.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct GemmParams {
  int64_t m, n, k;
  bool trans_a, trans_b;
  float alpha, beta;
  int64_t c_row_stride, c_col_stride;  ///< C's strides when broadcast to [M, N]
};

template <typename T>
inline void gemm(const GemmParams& p, const T* a, const T* b, const T* c, T* y) {
  using C = compute_t<T>;
  for (int64_t i = 0; i < p.m; ++i)
    for (int64_t j = 0; j < p.n; ++j) {
      C acc = C(0);
      for (int64_t l = 0; l < p.k; ++l) {
        const T av = p.trans_a ? a[l * p.m + i] : a[i * p.k + l];
        const T bv = p.trans_b ? b[j * p.k + l] : b[l * p.n + j];
        acc = wrap_add(acc, wrap_mul(convert<C>(av), convert<C>(bv)));
      }
      C result = wrap_mul(convert<C>(p.alpha), acc);
      if (c) result = wrap_add(result, wrap_mul(convert<C>(p.beta), convert<C>(c[i * p.c_row_stride + j * p.c_col_stride])));
      y[i * p.n + j] = convert<T>(result);
    }
}

}  // namespace onnx_aotc::ref
