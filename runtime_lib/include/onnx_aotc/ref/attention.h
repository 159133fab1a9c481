// SPDX-License-Identifier: Apache-2.0
// Reference Attention (opset 23/24): scaled dot-product attention with GQA/MQA head sharing, optional
// boolean or additive mask, causal masking, softcap, past/present KV cache, nonpad_kv_seqlen and the
// qk_matmul_output diagnostic output. 3-D inputs ([B, S, heads*D]) are read through strides.
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct AttentionParams {
  int64_t batch, q_heads, kv_heads, q_seq, kv_seq, past_seq, head_size, v_head_size;
  Dims q_strides;  ///< rank 3: element strides of Q along batch, head, sequence (head_size is contiguous)
  Dims k_strides;  ///< same for the new K
  Dims v_strides;  ///< same for the new V
  Dims y_strides;  ///< same for Y
  Dims mask_strides;  ///< rank 4: strides of attn_mask along (batch, q head, q position, kv position); 0 = broadcast
  int64_t mask_len;   ///< attn_mask's last dimension; kv positions at or past it are masked out
  float scale;        ///< applied to Q*K^T
  float softcap;      ///< 0: none
  bool is_causal;
  int64_t qk_mode;    ///< qk_matmul_output_mode 0..3
};

/// Y (and optionally present_key/present_value/qk_matmul_output) from Q, K, V. Null pointers: omitted
/// optional inputs/outputs. M is the mask element type (bool or T).
template <typename T, typename M>
inline void attention(const AttentionParams& p, const T* q, const T* k, const T* v, const M* mask,
                      const T* past_key, const T* past_value, const int64_t* nonpad_kv_seqlen, T* y,
                      T* present_key, T* present_value, T* qk_out) {
  using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const int64_t total = p.past_seq + p.kv_seq;
  const int64_t D = p.head_size, DV = p.v_head_size;
  const C inf = std::numeric_limits<C>::infinity();
  // Element d of key/value row t (past cache first, then the new tokens) of batch b, kv head h.
  auto key = [&](int64_t b, int64_t h, int64_t t) -> const T* {
    if (t < p.past_seq) return past_key + ((b * p.kv_heads + h) * p.past_seq + t) * D;
    return k + b * p.k_strides.d[0] + h * p.k_strides.d[1] + (t - p.past_seq) * p.k_strides.d[2];
  };
  auto value = [&](int64_t b, int64_t h, int64_t t) -> const T* {
    if (t < p.past_seq) return past_value + ((b * p.kv_heads + h) * p.past_seq + t) * DV;
    return v + b * p.v_strides.d[0] + h * p.v_strides.d[1] + (t - p.past_seq) * p.v_strides.d[2];
  };
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t h = 0; h < p.kv_heads; ++h)
      for (int64_t t = 0; t < total; ++t) {
        if (present_key) {
          const T* src = key(b, h, t);
          for (int64_t d = 0; d < D; ++d) present_key[((b * p.kv_heads + h) * total + t) * D + d] = src[d];
        }
        if (present_value) {
          const T* src = value(b, h, t);
          for (int64_t d = 0; d < DV; ++d) present_value[((b * p.kv_heads + h) * total + t) * DV + d] = src[d];
        }
      }
  const int64_t group = p.q_heads / p.kv_heads;
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t hq = 0; hq < p.q_heads; ++hq) {
      const int64_t hk = hq / group;
      for (int64_t i = 0; i < p.q_seq; ++i) {
        const T* qrow = q + b * p.q_strides.d[0] + hq * p.q_strides.d[1] + i * p.q_strides.d[2];
        T* qk_row = qk_out ? qk_out + ((b * p.q_heads + hq) * p.q_seq + i) * total : nullptr;
        // stage 0: scaled QK^T, 1: after softcap, 2: after the mask (the softmax input).
        auto score = [&](int64_t j, int stage) -> C {
          const T* krow = key(b, hk, j);
          C dot = C(0);
          for (int64_t d = 0; d < D; ++d) dot += convert<C>(qrow[d]) * convert<C>(krow[d]);
          C s = dot * static_cast<C>(p.scale);
          if (stage == 0) return s;
          if (p.softcap > 0) s = std::tanh(s / static_cast<C>(p.softcap)) * static_cast<C>(p.softcap);
          if (stage == 1) return s;
          if (p.is_causal && j > i + p.past_seq) return -inf;
          if (nonpad_kv_seqlen && j >= nonpad_kv_seqlen[b]) return -inf;
          if (mask) {
            if (j >= p.mask_len) return -inf;
            const M m = mask[b * p.mask_strides.d[0] + hq * p.mask_strides.d[1] + i * p.mask_strides.d[2] +
                             j * p.mask_strides.d[3]];
            if constexpr (std::is_same_v<M, bool>) {
              if (!m) return -inf;
            } else {
              s += convert<C>(m);
            }
          }
          return s;
        };
        C max = -inf;
        for (int64_t j = 0; j < total; ++j) {
          const C s = score(j, 2);
          max = s > max ? s : max;
          if (qk_row && p.qk_mode != 3) qk_row[j] = convert<T>(p.qk_mode == 2 ? s : score(j, static_cast<int>(p.qk_mode)));
        }
        // Weighted sum of V in chunks of the value dimension (no scratch memory beyond the stack).
        constexpr int64_t kChunk = 64;
        C sum = C(0);
        for (int64_t c0 = 0; c0 < DV || c0 == 0; c0 += kChunk) {
          C acc[kChunk] = {};
          const int64_t c1 = c0 + kChunk < DV ? c0 + kChunk : DV;
          sum = C(0);
          for (int64_t j = 0; j < total; ++j) {
            const C e = std::exp(score(j, 2) - max);
            sum += e;
            const T* vrow = value(b, hk, j);
            for (int64_t d = c0; d < c1; ++d) acc[d - c0] += e * convert<C>(vrow[d]);
          }
          T* yrow = y + b * p.y_strides.d[0] + hq * p.y_strides.d[1] + i * p.y_strides.d[2];
          for (int64_t d = c0; d < c1; ++d) yrow[d] = convert<T>(acc[d - c0] / sum);
          if (c1 >= DV) break;
        }
        if (qk_row && p.qk_mode == 3)
          for (int64_t j = 0; j < total; ++j) qk_row[j] = convert<T>(std::exp(score(j, 2) - max) / sum);
      }
    }
}

}  // namespace onnx_aotc::ref
