// SPDX-License-Identifier: Apache-2.0
// Reference BatchNormalization in inference mode: y = (x - mean) / sqrt(var + eps) * scale + bias.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct BatchNormalizationParams {
  int64_t batch, channels, spatial;
  float epsilon;
};

template <typename T, typename S>
inline void batch_normalization(const BatchNormalizationParams& p, const T* x, const S* scale, const S* bias,
                                const S* mean, const S* var, T* y) {
  using C = compute_t<T>;
  for (int64_t c = 0; c < p.channels; ++c) {
    const C inv = C(1) / std::sqrt(convert<C>(var[c]) + static_cast<C>(p.epsilon));
    const C a = convert<C>(scale[c]) * inv;
    const C shift = convert<C>(bias[c]) - convert<C>(mean[c]) * a;
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t base = (n * p.channels + c) * p.spatial;
      for (int64_t i = 0; i < p.spatial; ++i) y[base + i] = convert<T>(convert<C>(x[base + i]) * a + shift);
    }
  }
}

}  // namespace onnx_aotc::ref
