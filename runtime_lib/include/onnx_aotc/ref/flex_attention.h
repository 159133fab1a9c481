// SPDX-License-Identifier: Apache-2.0
// Reference FlexAttention (ai.onnx.preview 1) with its score_mod/prob_mod subgraphs. Without subgraphs the
// compiler lowers FlexAttention to the Attention kernel (attention.h); this kernel runs the subgraphs.
//
// A subgraph is a callable `body()` over fixed buffers (as in control_flow.h): the kernel writes the full
// [B, Hq, L, S] score (or probability) tensor in the softmax precision C into the body's input, calls it,
// and copies the body's result into `scratch` before reading it, so that body buffers may alias freely.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"
#include "onnx_aotc/ref/softmax.h"

namespace onnx_aotc::ref {

struct FlexAttentionParams {
  int64_t batch, q_heads, kv_heads, q_seq, kv_seq, head_size, v_head_size;
  float scale;
};

namespace detail {

struct NoMod {
  void operator()() const noexcept {}
};

/// `score_in`/`score_out` (`prob_in`/`prob_out`) are null when there is no score (prob) modifier. `scratch`
/// holds one [B, Hq, L, S] tensor of C (the workspace is aligned for any element type).
template <typename T, typename C, typename ScoreMod, typename ProbMod>
inline void flex_attention_impl(const FlexAttentionParams& p, const T* q, const T* k, const T* v, T* y, C* score_in,
                                const C* score_out, C* prob_in, const C* prob_out, C* scratch, ScoreMod score_mod,
                                ProbMod prob_mod) {
  using A = std::conditional_t<std::is_same_v<T, double> || std::is_same_v<C, double>, double, float>;
  const int64_t L = p.q_seq, S = p.kv_seq, D = p.head_size, DV = p.v_head_size;
  const int64_t group = p.q_heads / p.kv_heads, rows = p.batch * p.q_heads * L;
  // Scores (before softmax) into scratch, through score_mod when there is one.
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t b = r / (p.q_heads * L), hq = (r / L) % p.q_heads, hk = hq / group;
    const T* qrow = q + r * D;
    for (int64_t j = 0; j < S; ++j) {
      const T* krow = k + ((b * p.kv_heads + hk) * S + j) * D;
      A dot = A(0);
      for (int64_t d = 0; d < D; ++d) dot += convert<A>(qrow[d]) * convert<A>(krow[d]);
      scratch[r * S + j] = convert<C>(static_cast<A>(dot * static_cast<A>(p.scale)));
    }
  }
  const int64_t total = rows * S;
  if (score_in) {
    for (int64_t i = 0; i < total; ++i) score_in[i] = scratch[i];
    score_mod();
    for (int64_t i = 0; i < total; ++i) scratch[i] = score_out[i];
  }
  softmax(SoftmaxParams{rows, S, 1, false}, scratch, scratch);  // in place, per row
  if (prob_in) {
    for (int64_t i = 0; i < total; ++i) prob_in[i] = scratch[i];
    prob_mod();
    for (int64_t i = 0; i < total; ++i) scratch[i] = prob_out[i];
  }
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t b = r / (p.q_heads * L), hq = (r / L) % p.q_heads, hk = hq / group;
    for (int64_t d = 0; d < DV; ++d) {
      A acc = A(0);
      for (int64_t j = 0; j < S; ++j)
        acc += convert<A>(scratch[r * S + j]) * convert<A>(v[((b * p.kv_heads + hk) * S + j) * DV + d]);
      y[r * DV + d] = convert<T>(acc);
    }
  }
}

}  // namespace detail

/// FlexAttention with a score_mod subgraph only.
template <typename T, typename C, typename ScoreMod>
inline void flex_attention_score_mod(const FlexAttentionParams& p, const T* q, const T* k, const T* v, T* y,
                                     C* score_in, const C* score_out, unsigned char* scratch, ScoreMod score_mod) {
  detail::flex_attention_impl(p, q, k, v, y, score_in, score_out, static_cast<C*>(nullptr),
                              static_cast<const C*>(nullptr), reinterpret_cast<C*>(scratch), score_mod, detail::NoMod{});
}

/// FlexAttention with a prob_mod subgraph only.
template <typename T, typename C, typename ProbMod>
inline void flex_attention_prob_mod(const FlexAttentionParams& p, const T* q, const T* k, const T* v, T* y,
                                    C* prob_in, const C* prob_out, unsigned char* scratch, ProbMod prob_mod) {
  detail::flex_attention_impl(p, q, k, v, y, static_cast<C*>(nullptr), static_cast<const C*>(nullptr), prob_in,
                              prob_out, reinterpret_cast<C*>(scratch), detail::NoMod{}, prob_mod);
}

/// FlexAttention with both subgraphs.
template <typename T, typename C, typename ScoreMod, typename ProbMod>
inline void flex_attention_mods(const FlexAttentionParams& p, const T* q, const T* k, const T* v, T* y, C* score_in,
                                const C* score_out, C* prob_in, const C* prob_out, unsigned char* scratch,
                                ScoreMod score_mod, ProbMod prob_mod) {
  detail::flex_attention_impl(p, q, k, v, y, score_in, score_out, prob_in, prob_out, reinterpret_cast<C*>(scratch), score_mod,
                              prob_mod);
}

}  // namespace onnx_aotc::ref
