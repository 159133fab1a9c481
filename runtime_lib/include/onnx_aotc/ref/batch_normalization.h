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

struct BatchNormalizationTrainingParams {
  int64_t batch, channels, spatial;
  float epsilon, momentum;
};

/// Training mode (opset 14+): normalizes with the batch statistics (population variance over N and the
/// spatial dims) and returns the running statistics input * momentum + batch * (1 - momentum).
/// `running_mean` / `running_var` may be null.
template <typename T, typename S>
inline void batch_normalization_training(const BatchNormalizationTrainingParams& p, const T* x, const S* scale,
                                         const S* bias, const S* mean, const S* var, T* y, S* running_mean,
                                         S* running_var) {
  using C = std::conditional_t<std::is_same_v<T, double> || std::is_same_v<S, double>, double, float>;
  const C count = static_cast<C>(p.batch * p.spatial);
  for (int64_t c = 0; c < p.channels; ++c) {
    C sum = C(0);
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t i = 0; i < p.spatial; ++i) sum += convert<C>(x[(n * p.channels + c) * p.spatial + i]);
    const C batch_mean = sum / count;
    C sq = C(0);
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t i = 0; i < p.spatial; ++i) {
        const C d = convert<C>(x[(n * p.channels + c) * p.spatial + i]) - batch_mean;
        sq += d * d;
      }
    const C batch_var = sq / count;
    const C a = convert<C>(scale[c]) / std::sqrt(batch_var + static_cast<C>(p.epsilon));
    const C shift = convert<C>(bias[c]) - batch_mean * a;
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t base = (n * p.channels + c) * p.spatial;
      for (int64_t i = 0; i < p.spatial; ++i) y[base + i] = convert<T>(convert<C>(x[base + i]) * a + shift);
    }
    const C m = static_cast<C>(p.momentum);
    if (running_mean) running_mean[c] = convert<S>(convert<C>(mean[c]) * m + batch_mean * (C(1) - m));
    if (running_var) running_var[c] = convert<S>(convert<C>(var[c]) * m + batch_var * (C(1) - m));
  }
}

}  // namespace onnx_aotc::ref
