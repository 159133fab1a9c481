// SPDX-License-Identifier: Apache-2.0
// Attention (opset 23/24): scaled dot-product attention over 3-D or 4-D Q/K/V.
#include <onnx_aotc/ref/attention.h>

#include "ops/defs/epilogue.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

struct AttentionGeometry {
  bool three_d = false;
  int64_t batch = 0, q_heads = 0, kv_heads = 0, q_seq = 0, kv_seq = 0, past_seq = 0, head_size = 0, v_head_size = 0;
  int64_t total() const { return past_seq + kv_seq; }
};

AttentionGeometry geometry(const OpContext& ctx) {
  const Shape& q = ctx.input(0).shape;
  const Shape& k = ctx.input(1).shape;
  const Shape& v = ctx.input(2).shape;
  AttentionGeometry g;
  if (q.size() != k.size() || q.size() != v.size())
    ctx.error("Q, K and V must have the same rank, got {}, {} and {}", q.size(), k.size(), v.size());
  if (q.size() == 3) {
    g.three_d = true;
    if (!ctx.has_attr("q_num_heads") || !ctx.has_attr("kv_num_heads"))
      ctx.error("3-D inputs need the attributes 'q_num_heads' and 'kv_num_heads'");
    g.q_heads = ctx.attr_int("q_num_heads");
    g.kv_heads = ctx.attr_int("kv_num_heads");
    if (g.q_heads < 1 || g.kv_heads < 1) ctx.error("q_num_heads {} and kv_num_heads {} must be positive", g.q_heads, g.kv_heads);
    if (q[2] % g.q_heads != 0) ctx.error("Q hidden size {} is not divisible by q_num_heads {}", q[2], g.q_heads);
    if (k[2] % g.kv_heads != 0 || v[2] % g.kv_heads != 0)
      ctx.error("K/V hidden sizes {}/{} are not divisible by kv_num_heads {}", k[2], v[2], g.kv_heads);
    g.batch = q[0];
    g.q_seq = q[1];
    g.kv_seq = k[1];
    g.head_size = q[2] / g.q_heads;
    if (k[2] / g.kv_heads != g.head_size) ctx.error("K head size {} differs from Q head size {}", k[2] / g.kv_heads, g.head_size);
    g.v_head_size = v[2] / g.kv_heads;
    if (v[1] != k[1]) ctx.error("K and V sequence lengths differ: {} vs {}", k[1], v[1]);
  } else if (q.size() == 4) {
    g.batch = q[0];
    g.q_heads = q[1];
    g.kv_heads = k[1];
    g.q_seq = q[2];
    g.kv_seq = k[2];
    g.head_size = q[3];
    g.v_head_size = v[3];
    if (k[3] != q[3]) ctx.error("K head size {} differs from Q head size {}", k[3], q[3]);
    if (v[1] != k[1] || v[2] != k[2]) ctx.error("V {} does not match K {} in heads and sequence length", shape_to_string(v), shape_to_string(k));
  } else {
    ctx.error("Q has rank {}; Attention needs 3-D or 4-D inputs", q.size());
  }
  if (k[0] != g.batch || v[0] != g.batch) ctx.error("Q, K and V batch sizes differ");
  if (g.kv_heads < 1) ctx.error("K and V have {} heads; at least one is needed", g.kv_heads);
  if (g.q_heads % g.kv_heads != 0) ctx.error("q_num_heads {} is not a multiple of kv_num_heads {}", g.q_heads, g.kv_heads);
  if (ctx.has_input(4) != ctx.has_input(5)) ctx.error("past_key and past_value must be given together");
  if (ctx.has_input(4)) {
    const Shape& pk = ctx.input(4).shape;
    const Shape& pv = ctx.input(5).shape;
    if (pk.size() != 4 || pk[0] != g.batch || pk[1] != g.kv_heads || pk[3] != g.head_size)
      ctx.error("past_key {} must be [{}, {}, past, {}]", shape_to_string(pk), g.batch, g.kv_heads, g.head_size);
    if (pv.size() != 4 || pv[0] != g.batch || pv[1] != g.kv_heads || pv[2] != pk[2] || pv[3] != g.v_head_size)
      ctx.error("past_value {} must be [{}, {}, {}, {}]", shape_to_string(pv), g.batch, g.kv_heads, pk[2], g.v_head_size);
    g.past_seq = pk[2];
  }
  if (ctx.has_input(3)) {
    const Shape& m = ctx.input(3).shape;
    if (m.size() < 2 || m.size() > 4) ctx.error("attn_mask has rank {}; expected 2 to 4", m.size());
    const Shape target = {g.batch, g.q_heads, g.q_seq, g.total()};
    for (size_t i = 0; i + 1 < m.size(); ++i) {
      const int64_t want = target[4 - m.size() + i];
      if (m[i] != 1 && m[i] != want) ctx.error("attn_mask {} cannot be broadcast to {}", shape_to_string(m), shape_to_string(target));
    }
    if (m.back() > g.total()) ctx.error("attn_mask's last dimension {} exceeds the total sequence length {}", m.back(), g.total());
  }
  if (ctx.has_input(6)) {
    if (ctx.input(6).shape != Shape{g.batch}) ctx.error("nonpad_kv_seqlen must have shape [{}]", g.batch);
    if (ctx.input(6).type != DataType::kInt64) ctx.error("nonpad_kv_seqlen must be int64");
    if (ctx.has_input(4)) ctx.error("nonpad_kv_seqlen cannot be used together with past_key/past_value");
  }
  return g;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 7);
  ctx.expect_same_type({1, 2, 4, 5});
  if (ctx.has_input(6) && ctx.opset() < 24) ctx.error("input nonpad_kv_seqlen needs opset 24");
  if (ctx.has_input(3) && ctx.input(3).type != DataType::kBool && ctx.input(3).type != ctx.input(0).type)
    ctx.error("attn_mask must be bool or {}, not {}", data_type_name(ctx.input(0).type), data_type_name(ctx.input(3).type));
  const int64_t mode = ctx.attr_int("qk_matmul_output_mode");
  if (mode < 0 || mode > 3) ctx.error("qk_matmul_output_mode {} is not in 0..3", mode);
  if (ctx.has_attr("softmax_precision")) {
    const int64_t sp = ctx.attr_int("softmax_precision");
    // float/double/float16/bfloat16 are valid; the kernel computes the softmax in float (double for double).
    if (sp != 1 && sp != 10 && sp != 11 && sp != 16) ctx.error("softmax_precision {} is not a floating-point type", sp);
  }
  const AttentionGeometry g = geometry(ctx);
  const DataType t = ctx.input(0).type;
  if (g.three_d) ctx.set_output(0, t, {g.batch, g.q_seq, g.q_heads * g.v_head_size});
  else ctx.set_output(0, t, {g.batch, g.q_heads, g.q_seq, g.v_head_size});
  if (ctx.has_output(1)) ctx.set_output(1, t, {g.batch, g.kv_heads, g.total(), g.head_size});
  if (ctx.has_output(2)) ctx.set_output(2, t, {g.batch, g.kv_heads, g.total(), g.v_head_size});
  if (ctx.has_output(3)) ctx.set_output(3, t, {g.batch, g.q_heads, g.q_seq, g.total()});
}

/// Strides along (batch, head, sequence) of a 3-D [B, S, heads*D] or 4-D [B, heads, S, D] tensor.
onnx_aotc::Dims qkv_strides(bool three_d, int64_t heads, int64_t seq, int64_t d) {
  if (three_d) return to_dims({seq * heads * d, d, heads * d});
  return to_dims({heads * seq * d, seq * d, d});
}

KernelCall lower(OpContext& ctx) {
  const AttentionGeometry g = geometry(ctx);
  onnx_aotc::Dims mask_strides = to_dims({0, 0, 0, 0});
  int64_t mask_len = g.total();
  if (ctx.has_input(3)) {
    const Shape& m = ctx.input(3).shape;
    Shape m4(4 - m.size(), 1);
    m4.insert(m4.end(), m.begin(), m.end());
    int64_t stride = 1;
    for (int i = 3; i >= 0; --i) {
      mask_strides.d[i] = (m4[i] == 1 && i != 3) ? 0 : stride;
      stride *= m4[i];
    }
    mask_len = m4[3];
  }
  double scale = 1.0 / std::sqrt(static_cast<double>(g.head_size));
  if (ctx.has_attr("scale")) scale = ctx.attr_float("scale");
  const onnx_aotc::ref::AttentionParams p{g.batch, g.q_heads, g.kv_heads, g.q_seq, g.kv_seq, g.past_seq, g.head_size,
                                          g.v_head_size,
                                          qkv_strides(g.three_d, g.q_heads, g.q_seq, g.head_size),
                                          qkv_strides(g.three_d, g.kv_heads, g.kv_seq, g.head_size),
                                          qkv_strides(g.three_d, g.kv_heads, g.kv_seq, g.v_head_size),
                                          qkv_strides(g.three_d, g.q_heads, g.q_seq, g.v_head_size),
                                          mask_strides, mask_len, static_cast<float>(scale),
                                          static_cast<float>(ctx.attr_float("softcap")), ctx.attr_int("is_causal") != 0,
                                          ctx.attr_int("qk_matmul_output_mode")};
  const bool bool_mask = ctx.has_input(3) && ctx.input(3).type == DataType::kBool;
  std::vector<KernelOperand> ops = {ctx.in(0), ctx.in(1),  ctx.in(2),  ctx.in(3),  ctx.in(4), ctx.in(5),
                                    ctx.in(6), ctx.out(0), ctx.out(1), ctx.out(2), ctx.out(3)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (bool_mask) return make_call(AOTC_KERNEL(attention, T, bool), p, ops);
    return make_call(AOTC_KERNEL(attention, T, T), p, ops);
  });
}

}  // namespace

const OpDef& op_Attention() {
  static const OpDef def{"", "Attention",
                         {attr_int("is_causal", 0), attr_int("kv_num_heads"), attr_int("q_num_heads"),
                          attr_int("qk_matmul_output_mode", 0), attr_float("scale"), attr_float("softcap", 0.0),
                          attr_int("softmax_precision")},
                         {}, infer, lower};
  return def;
}

// com.onnx_aotc.Attention: Attention for models whose opset predates it (fuse-attention recognizes the
// MatMul / scale / mask / Softmax / MatMul pattern exporters write).
const OpDef& op_AotcAttention() {
  static const OpDef def = in_fused_domain(op_Attention());
  return def;
}

}  // namespace aotc
