// SPDX-License-Identifier: Apache-2.0
// LinearAttention (opset 27): recurrent linear attention (linear, gated, delta, gated_delta) over packed
// 3-D [B, T, heads*D] query/key/value with an optional [B, H_kv, d_k, d_v] state.
#include <cmath>

#include <onnx_aotc/ref/linear_attention.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

onnx_aotc::ref::LinearAttentionParams params(const OpContext& ctx) {
  const std::string rule = ctx.attr_string("update_rule");
  if (rule != "linear" && rule != "gated" && rule != "delta" && rule != "gated_delta")
    ctx.error("update_rule '{}' is not one of 'linear', 'gated', 'delta', 'gated_delta'", rule);
  const bool gated = rule == "gated" || rule == "gated_delta";
  const bool delta = rule == "delta" || rule == "gated_delta";
  if (gated != ctx.has_input(4)) ctx.error("update_rule '{}' {} the decay input", rule, gated ? "needs" : "forbids");
  if (delta != ctx.has_input(5)) ctx.error("update_rule '{}' {} the beta input", rule, delta ? "needs" : "forbids");
  const int64_t hq = ctx.attr_int("q_num_heads"), hkv = ctx.attr_int("kv_num_heads");
  if (hq < 1 || hkv < 1 || hq % hkv != 0)
    ctx.error("q_num_heads {} must be a positive multiple of kv_num_heads {}", hq, hkv);
  const Shape& q = ctx.input(0).shape;
  const Shape& k = ctx.input(1).shape;
  const Shape& v = ctx.input(2).shape;
  if (q.size() != 3 || k.size() != 3 || v.size() != 3)
    ctx.error("query, key and value must be 3-D [B, T, heads*D], got {}, {} and {}", shape_to_string(q),
              shape_to_string(k), shape_to_string(v));
  if (k[0] != q[0] || v[0] != q[0] || k[1] != q[1] || v[1] != q[1])
    ctx.error("query, key and value differ in batch or sequence length");
  if (q[2] % hq != 0 || k[2] % hkv != 0 || v[2] % hkv != 0)
    ctx.error("hidden sizes {}, {}, {} are not divisible by the head counts {}, {}", q[2], k[2], v[2], hq, hkv);
  onnx_aotc::ref::LinearAttentionParams p{};
  p.batch = q[0];
  p.seq = q[1];
  p.q_heads = hq;
  p.kv_heads = hkv;
  p.key_dim = q[2] / hq;
  p.value_dim = v[2] / hkv;
  if (k[2] / hkv != p.key_dim) ctx.error("key head size {} differs from query head size {}", k[2] / hkv, p.key_dim);
  if (p.key_dim > onnx_aotc::ref::kLinearAttentionMaxKeyDim)
    ctx.unsupported("key head size {} (at most {} is supported)", p.key_dim, onnx_aotc::ref::kLinearAttentionMaxKeyDim);
  const double scale = ctx.attr_float("scale");
  p.scale = static_cast<float>(scale == 0.0 ? 1.0 / std::sqrt(static_cast<double>(p.key_dim)) : scale);
  p.gated = gated;
  p.delta = delta;
  if (ctx.has_input(3) && ctx.input(3).shape != Shape{p.batch, hkv, p.key_dim, p.value_dim})
    ctx.error("past_state {} must be [{}, {}, {}, {}]", shape_to_string(ctx.input(3).shape), p.batch, hkv, p.key_dim,
              p.value_dim);
  if (gated) {
    const Shape& g = ctx.input(4).shape;
    if (g.size() != 3 || g[0] != p.batch || g[1] != p.seq || (g[2] != hkv && g[2] != hkv * p.key_dim))
      ctx.error("decay {} must be [{}, {}, {}] or [{}, {}, {}]", shape_to_string(g), p.batch, p.seq, hkv, p.batch, p.seq,
                hkv * p.key_dim);
    p.decay_per_key = g[2] == hkv * p.key_dim;
  }
  p.beta_heads = 1;
  if (delta) {
    const Shape& bt = ctx.input(5).shape;
    if (bt.size() != 3 || bt[0] != p.batch || bt[1] != p.seq || (bt[2] != hkv && bt[2] != 1))
      ctx.error("beta {} must be [{}, {}, {}] or [{}, {}, 1]", shape_to_string(bt), p.batch, p.seq, hkv, p.batch, p.seq);
    p.beta_heads = bt[2];
  }
  return p;
}

DataType state_type(const OpContext& ctx) { return ctx.has_input(3) ? ctx.input(3).type : ctx.input(0).type; }

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 6);
  ctx.expect_same_type({1, 2, 4, 5});
  for (DataType t : {ctx.input(0).type, state_type(ctx)})
    if (t != DataType::kFloat && t != DataType::kFloat16 && t != DataType::kBFloat16)
      ctx.error("element type {} is not float, float16 or bfloat16", data_type_name(t));
  const onnx_aotc::ref::LinearAttentionParams p = params(ctx);
  ctx.set_output(0, ctx.input(0).type, {p.batch, p.seq, p.q_heads * p.value_dim});
  if (ctx.has_output(1)) ctx.set_output(1, state_type(ctx), {p.batch, p.kv_heads, p.key_dim, p.value_dim});
}

using LinearAttentionTypes = TypeList<float, onnx_aotc::float16, onnx_aotc::bfloat16>;

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::ref::LinearAttentionParams p = params(ctx);
  std::vector<KernelOperand> ops = {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.in(5), ctx.out(0), ctx.out(1)};
  return dispatch(LinearAttentionTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(LinearAttentionTypes{}, state_type(ctx), ctx, [&](auto state_tag) {
      using S = typename decltype(state_tag)::type;
      return make_call(AOTC_KERNEL(linear_attention, T, S), p, ops);
    });
  });
}

}  // namespace

const OpDef& op_LinearAttention() {
  static const OpDef def{"", "LinearAttention",
                         {attr_int("chunk_size", 64), required(attr_int("kv_num_heads")),
                          required(attr_int("q_num_heads")), attr_float("scale", 0.0),
                          attr_string("update_rule", "gated_delta")},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
