// SPDX-License-Identifier: Apache-2.0
// Reference Einsum over up to three operands. The compiler parses the equation into two index spaces:
// the output labels (the output shape) and the summed labels; each operand gets a stride per label
// (repeated labels add their strides, which reads diagonals; broadcast dims get stride 0).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct EinsumParams {
  int32_t operands;  ///< 1 to 3
  Dims out_dims, sum_dims;
  Dims a_out, a_sum, b_out, b_sum, c_out, c_sum;  ///< per operand strides along out_dims / sum_dims
};

template <typename T>
inline void einsum(const EinsumParams& p, const T* const* inputs, T* y) {
  using C = compute_t<T>;
  const Dims* out_strides[3] = {&p.a_out, &p.b_out, &p.c_out};
  const Dims* sum_strides[3] = {&p.a_sum, &p.b_sum, &p.c_sum};
  const int64_t out_n = p.out_dims.numel(), sum_n = p.sum_dims.numel();
  for (int64_t o = 0; o < out_n; ++o) {
    int64_t base[3] = {0, 0, 0};
    int64_t rest = o;
    for (int axis = p.out_dims.rank - 1; axis >= 0; --axis) {
      const int64_t idx = rest % p.out_dims.d[axis];
      rest /= p.out_dims.d[axis];
      for (int k = 0; k < p.operands; ++k) base[k] += idx * out_strides[k]->d[axis];
    }
    C acc = C(0);
    for (int64_t s = 0; s < sum_n; ++s) {
      int64_t off[3] = {base[0], base[1], base[2]};
      int64_t r = s;
      for (int axis = p.sum_dims.rank - 1; axis >= 0; --axis) {
        const int64_t idx = r % p.sum_dims.d[axis];
        r /= p.sum_dims.d[axis];
        for (int k = 0; k < p.operands; ++k) off[k] += idx * sum_strides[k]->d[axis];
      }
      C prod = convert<C>(inputs[0][off[0]]);
      for (int k = 1; k < p.operands; ++k) prod = wrap_mul(prod, convert<C>(inputs[k][off[k]]));
      acc = wrap_add(acc, prod);
    }
    y[o] = convert<T>(acc);
  }
}

}  // namespace onnx_aotc::ref
