// SPDX-License-Identifier: Apache-2.0
// Reference Softmax / LogSoftmax / Hardmax over one axis: the tensor is viewed as [outer, axis, inner].
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct SoftmaxParams {
  int64_t outer, axis_size, inner;
  bool log;
};

template <typename T>
inline void softmax(const SoftmaxParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  if (p.axis_size == 0) return;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const int64_t base = o * p.axis_size * p.inner + i;
      C max = convert<C>(x[base]);
      for (int64_t a = 1; a < p.axis_size; ++a) {
        const C v = convert<C>(x[base + a * p.inner]);
        max = v > max ? v : max;
      }
      C sum = C(0);
      for (int64_t a = 0; a < p.axis_size; ++a) sum += std::exp(convert<C>(x[base + a * p.inner]) - max);
      const C log_sum = std::log(sum);
      for (int64_t a = 0; a < p.axis_size; ++a) {
        const C shifted = convert<C>(x[base + a * p.inner]) - max;
        y[base + a * p.inner] = convert<T>(p.log ? shifted - log_sum : std::exp(shifted) / sum);
      }
    }
}

/// Hardmax: 1 at the first maximum of each slice along the axis, 0 elsewhere (`log` is unused).
template <typename T>
inline void hardmax(const SoftmaxParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const int64_t base = o * p.axis_size * p.inner + i;
      int64_t best_index = 0;
      for (int64_t a = 0; a < p.axis_size; ++a) {
        if (convert<C>(x[base + a * p.inner]) > convert<C>(x[base + best_index * p.inner])) best_index = a;
        y[base + a * p.inner] = convert<T>(C(0));
      }
      if (p.axis_size > 0) y[base + best_index * p.inner] = convert<T>(C(1));
    }
}

}  // namespace onnx_aotc::ref
