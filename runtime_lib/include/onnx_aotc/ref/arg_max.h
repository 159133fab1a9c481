// SPDX-License-Identifier: Apache-2.0
// Reference ArgMax / ArgMin over one axis: the tensor is viewed as [outer, axis, inner]. Ties go to the
// first index, or the last with select_last_index. NaN counts as the extreme (as numpy's argmax/argmin do).
#pragma once

#include <cmath>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct ArgMaxParams {
  int64_t outer, axis_size, inner;
  bool find_min;           ///< ArgMin instead of ArgMax
  bool select_last_index;  ///< ties resolve to the last index instead of the first
};

template <typename T>
inline void arg_max(const ArgMaxParams& p, const T* x, int64_t* y) {
  using C = compute_t<T>;
  auto is_nan = [](C v) {
    if constexpr (std::is_floating_point_v<C>) return std::isnan(v);
    else return (void)v, false;
  };
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const T* row = x + o * p.axis_size * p.inner + i;
      int64_t best_index = 0;
      C best = convert<C>(row[0]);
      for (int64_t a = 1; a < p.axis_size; ++a) {
        const C v = convert<C>(row[a * p.inner]);
        bool take;
        if (is_nan(best)) take = p.select_last_index && is_nan(v);
        else if (is_nan(v)) take = true;
        else if (v == best) take = p.select_last_index;
        else take = p.find_min ? v < best : v > best;
        if (take) {
          best = v;
          best_index = a;
        }
      }
      y[o * p.inner + i] = best_index;
    }
}

}  // namespace onnx_aotc::ref
