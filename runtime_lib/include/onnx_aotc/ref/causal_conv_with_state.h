// SPDX-License-Identifier: Apache-2.0
// Reference CausalConvWithState (opset 27): depthwise causal 1-D convolution over [past_state, input] with an
// optional fused SiLU, returning the last k - 1 positions of that padded sequence as the new state.
#pragma once

#include "onnx_aotc/ref/common.h"
#include "onnx_aotc/ref/elementwise.h"

namespace onnx_aotc::ref {

struct CausalConvWithStateParams {
  int64_t batch, channels, length, kernel;
  bool silu;  ///< fused SiLU/Swish: y = v * sigmoid(v) on the convolution result rounded to T
};

/// `bias` and `past_state` may be null (zero bias, zero padding).
template <typename T>
inline void causal_conv_with_state(const CausalConvWithStateParams& p, const T* x, const T* w, const T* bias,
                                   const T* past_state, T* y, T* present_state) {
  using C = compute_t<T>;
  const int64_t L = p.length, K = p.kernel, S = K - 1;
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t c = 0; c < p.channels; ++c) {
      const T* xc = x + (b * p.channels + c) * L;
      const T* pc = past_state ? past_state + (b * p.channels + c) * S : nullptr;
      const T* wc = w + c * K;
      // Element t of the padded sequence [past_state (or zeros), x].
      auto padded = [&](int64_t t) -> C {
        if (t >= S) return convert<C>(xc[t - S]);
        return pc ? convert<C>(pc[t]) : C(0);
      };
      const C bc = bias ? convert<C>(bias[c]) : C(0);
      for (int64_t t = 0; t < L; ++t) {
        C acc = bc;
        for (int64_t j = 0; j < K; ++j) acc += convert<C>(wc[j]) * padded(t + j);
        T out = convert<T>(acc);
        if (p.silu) {
          const C v = convert<C>(out);
          out = convert<T>(static_cast<C>(v * ew_detail::sigmoid_of(v)));
        }
        y[(b * p.channels + c) * L + t] = out;
      }
      if (present_state)
        for (int64_t i = 0; i < S; ++i) present_state[(b * p.channels + c) * S + i] = convert<T>(padded(L + i));
    }
}

}  // namespace onnx_aotc::ref
