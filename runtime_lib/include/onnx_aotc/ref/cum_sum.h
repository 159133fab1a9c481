// SPDX-License-Identifier: Apache-2.0
// Reference CumSum along one axis: the tensor is viewed as [outer, axis, inner]. `exclusive` leaves out
// the element itself (the first output is 0); `reverse` sums from the end of the axis.
#pragma once

#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct CumSumParams {
  int64_t outer, axis_size, inner;
  bool exclusive, reverse;
};

template <typename T>
inline void cum_sum(const CumSumParams& p, const T* x, T* y) {
  // Integers sum with wrap-around in the unsigned type of the same width (no signed overflow).
  using C = typename std::conditional_t<std::is_integral_v<T>, std::make_unsigned<T>,
                                        std::enable_if<true, compute_t<T>>>::type;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const int64_t base = o * p.axis_size * p.inner + i;
      C sum = C(0);
      for (int64_t k = 0; k < p.axis_size; ++k) {
        const int64_t at = base + (p.reverse ? p.axis_size - 1 - k : k) * p.inner;
        const C v = convert<C>(x[at]);
        if (p.exclusive) {
          y[at] = convert<T>(sum);
          sum = static_cast<C>(sum + v);
        } else {
          sum = static_cast<C>(sum + v);
          y[at] = convert<T>(sum);
        }
      }
    }
}

}  // namespace onnx_aotc::ref
