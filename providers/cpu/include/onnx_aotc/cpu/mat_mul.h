// SPDX-License-Identifier: Apache-2.0
// MatMul for the CPU provider: the GEMM core of onnx_aotc/cpu/gemm.h once per broadcast batch, or once for all of
// them when B is shared and A's matrices are contiguous (a [.., M, K] x [K, N] product is one (.. * M) x K GEMM).
#pragma once

#include "onnx_aotc/cpu/gemm.h"
#include "onnx_aotc/ref/mat_mul.h"

namespace onnx_aotc::cpu {

/// Rows of the product `mat_mul` hands to one GEMM call (the workspace is sized for it).
inline int64_t mat_mul_gemm_rows(const ref::MatMulParams& p) {
  bool b_shared = true, a_contiguous = true;
  int64_t expected = p.m * p.k;
  for (int axis = p.batch.rank - 1; axis >= 0; --axis) {
    if (p.b_batch_strides.d[axis] != 0 && p.batch.d[axis] != 1) b_shared = false;
    if (p.a_batch_strides.d[axis] != expected && p.batch.d[axis] != 1) a_contiguous = false;
    expected *= p.batch.d[axis];
  }
  return b_shared && a_contiguous ? p.m * p.batch.numel() : p.m;
}

/// Workspace bytes of `mat_mul`.
inline int64_t mat_mul_workspace_bytes(const ref::MatMulParams& p, int64_t element_size) {
  return gemm_workspace_bytes(mat_mul_gemm_rows(p), p.n, p.k, element_size);
}

/// MatMul: onnx_aotc::ref::mat_mul's result (the sums in another order).
template <typename T>
inline void mat_mul(const ref::MatMulParams& p, const T* a, const T* b, T* y, unsigned char* work) {
  const int64_t batches = p.batch.numel();
  const int64_t rows = mat_mul_gemm_rows(p);
  for (int64_t i = 0; i < batches * p.m * p.n; ++i) y[i] = T(0);
  if (rows != p.m || batches == 1) {
    gemm_accumulate(rows, p.n, p.k, a, false, b, false, T(1), y, work);
    return;
  }
  for (int64_t bi = 0; bi < batches; ++bi) {
    int64_t oa = 0, ob = 0, rest = bi;
    for (int axis = p.batch.rank - 1; axis >= 0; --axis) {
      const int64_t idx = rest % p.batch.d[axis];
      rest /= p.batch.d[axis];
      oa += idx * p.a_batch_strides.d[axis];
      ob += idx * p.b_batch_strides.d[axis];
    }
    gemm_accumulate(p.m, p.n, p.k, a + oa, false, b + ob, false, T(1), y + bi * p.m * p.n, work);
  }
}

}  // namespace onnx_aotc::cpu
