// SPDX-License-Identifier: Apache-2.0
// Reference LinearAttention (opset 27): the token-by-token recurrence over a [d_k, d_v] state per KV head
// (linear, gated, delta and gated-delta rules) with grouped query heads. Every update touches one value
// column of the state on its own, so the kernel walks the state column by column and keeps the column
// being updated in float on the stack.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

/// Largest d_k the kernel's stack column holds.
inline constexpr int64_t kLinearAttentionMaxKeyDim = 1024;

struct LinearAttentionParams {
  int64_t batch, seq, q_heads, kv_heads, key_dim, value_dim;
  float scale;
  bool gated;           ///< S *= exp(decay) before each step
  bool delta;           ///< v <- beta * (v - S^T k)
  bool decay_per_key;   ///< decay is [B, T, H_kv * d_k] (else [B, T, H_kv])
  int64_t beta_heads;   ///< beta's last dimension: H_kv or 1
};

/// output [B, T, H_q * d_v] and present_state [B, H_kv, d_k, d_v] from packed query/key/value. `past_state`,
/// `decay` and `beta` may be null when absent.
template <typename T, typename S>
inline void linear_attention(const LinearAttentionParams& p, const T* query, const T* key, const T* value,
                             const S* past_state, const T* decay, const T* beta, T* output, S* present_state) {
  using C = float;
  const int64_t Dk = p.key_dim, Dv = p.value_dim, group = p.q_heads / p.kv_heads;
  C col[kLinearAttentionMaxKeyDim];
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t h = 0; h < p.kv_heads; ++h)
      for (int64_t m = 0; m < Dv; ++m) {
        const int64_t state_base = (b * p.kv_heads + h) * Dk * Dv + m;
        for (int64_t d = 0; d < Dk; ++d) col[d] = past_state ? convert<C>(past_state[state_base + d * Dv]) : C(0);
        for (int64_t t = 0; t < p.seq; ++t) {
          const int64_t bt = b * p.seq + t;
          const T* k = key + (bt * p.kv_heads + h) * Dk;
          if (p.gated) {
            if (p.decay_per_key) {
              const T* g = decay + (bt * p.kv_heads + h) * Dk;
              for (int64_t d = 0; d < Dk; ++d) col[d] *= std::exp(convert<C>(g[d]));
            } else {
              const C f = std::exp(convert<C>(decay[bt * p.kv_heads + h]));
              for (int64_t d = 0; d < Dk; ++d) col[d] *= f;
            }
          }
          C v = convert<C>(value[(bt * p.kv_heads + h) * Dv + m]);
          if (p.delta) {
            C retrieved = C(0);
            for (int64_t d = 0; d < Dk; ++d) retrieved += col[d] * convert<C>(k[d]);
            v = convert<C>(beta[bt * p.beta_heads + (p.beta_heads == 1 ? 0 : h)]) * (v - retrieved);
          }
          for (int64_t d = 0; d < Dk; ++d) col[d] += convert<C>(k[d]) * v;
          for (int64_t hq = h * group; hq < (h + 1) * group; ++hq) {
            const T* q = query + (bt * p.q_heads + hq) * Dk;
            C acc = C(0);
            for (int64_t d = 0; d < Dk; ++d) acc += convert<C>(q[d]) * col[d];
            output[(bt * p.q_heads + hq) * Dv + m] = convert<T>(static_cast<C>(p.scale * acc));
          }
        }
        if (present_state)
          for (int64_t d = 0; d < Dk; ++d) present_state[state_base + d * Dv] = convert<S>(col[d]);
      }
}

}  // namespace onnx_aotc::ref
