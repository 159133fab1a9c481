// SPDX-License-Identifier: Apache-2.0
// Reference CumSum and CumProd along the axis given at run time (input 1, a scalar or 1-element tensor; negative
// counts from the end). The tensor is viewed as [outer, axis, inner]. `exclusive` leaves out the element itself
// (the first output is 0 for a sum, 1 for a product); `reverse` accumulates from the end of the axis.
// An axis outside [-rank, rank) is invalid; the output is then all zeros.
#pragma once

#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct CumSumParams {
  Dims dims;
  bool exclusive, reverse;
};

namespace detail {

template <bool kProduct, typename T, typename A>
inline void cumulate(const CumSumParams& p, const T* x, const A* axis_in, T* y) {
  // Integers accumulate with wrap-around in the unsigned type of the same width (no signed overflow).
  using C = typename std::conditional_t<std::is_integral_v<T>, std::make_unsigned<T>,
                                        std::enable_if<true, compute_t<T>>>::type;
  const int64_t rank = p.dims.rank;
  int64_t axis = static_cast<int64_t>(axis_in[0]);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) {
    for (int64_t i = 0, n = p.dims.numel(); i < n; ++i) y[i] = convert<T>(C(0));
    return;
  }
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (i < axis) outer *= p.dims.d[i];
    else if (i > axis) inner *= p.dims.d[i];
  }
  const int64_t axis_size = p.dims.d[axis];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * axis_size * inner + i;
      C acc = C(kProduct ? 1 : 0);
      for (int64_t k = 0; k < axis_size; ++k) {
        const int64_t at = base + (p.reverse ? axis_size - 1 - k : k) * inner;
        const C v = convert<C>(x[at]);
        if (p.exclusive) y[at] = convert<T>(acc);
        acc = static_cast<C>(kProduct ? acc * v : acc + v);
        if (!p.exclusive) y[at] = convert<T>(acc);
      }
    }
}

}  // namespace detail

/// CumSum: y[..., j, ...] = sum of x[..., k, ...] for k <= j (k < j if exclusive; k >= j / k > j if reverse).
template <typename T, typename A>
inline void cum_sum(const CumSumParams& p, const T* x, const A* axis, T* y) {
  detail::cumulate<false>(p, x, axis, y);
}

/// CumProd: as CumSum with products.
template <typename T, typename A>
inline void cum_prod(const CumSumParams& p, const T* x, const A* axis, T* y) {
  detail::cumulate<true>(p, x, axis, y);
}

}  // namespace onnx_aotc::ref
