// SPDX-License-Identifier: Apache-2.0
// Reference MatMul: numpy matmul semantics with broadcast batch dimensions.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct MatMulParams {
  int64_t m, n, k;
  Dims batch;           ///< broadcast batch shape of the output
  Dims a_batch_strides; ///< element strides of A's matrices along `batch` (0 where broadcast)
  Dims b_batch_strides;
};

template <typename T>
inline void mat_mul(const MatMulParams& p, const T* a, const T* b, T* y) {
  using C = compute_t<T>;
  const int64_t batches = p.batch.numel();
  for (int64_t bi = 0; bi < batches; ++bi) {
    int64_t oa = 0, ob = 0, rest = bi;
    for (int axis = p.batch.rank - 1; axis >= 0; --axis) {
      const int64_t idx = rest % p.batch.d[axis];
      rest /= p.batch.d[axis];
      oa += idx * p.a_batch_strides.d[axis];
      ob += idx * p.b_batch_strides.d[axis];
    }
    const T* pa = a + oa;
    const T* pb = b + ob;
    T* py = y + bi * p.m * p.n;
    for (int64_t i = 0; i < p.m; ++i)
      for (int64_t j = 0; j < p.n; ++j) {
        C acc = C(0);
        for (int64_t l = 0; l < p.k; ++l) acc = wrap_add(acc, wrap_mul(convert<C>(pa[i * p.k + l]), convert<C>(pb[l * p.n + j])));
        py[i * p.n + j] = convert<T>(acc);
      }
  }
}

}  // namespace onnx_aotc::ref
