// SPDX-License-Identifier: Apache-2.0
// FlexAttention (ai.onnx.preview, version 1): scaled dot-product attention over 4-D Q/K/V with GQA. Without
// modifier subgraphs it lowers to the Attention kernel; with score_mod and/or prob_mod it lowers to the
// flex_attention kernels, which run the subgraphs as nested code (like Loop bodies).
#include <cmath>

#include <onnx_aotc/ref/attention.h>
#include <onnx_aotc/ref/flex_attention.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void check(const OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  ctx.expect_same_type({1, 2});
  const DataType t = ctx.input(0).type;
  if (t != DataType::kFloat && t != DataType::kDouble && t != DataType::kFloat16 && t != DataType::kBFloat16)
    ctx.error("element type {} is not float, double, float16 or bfloat16", data_type_name(t));
  const Shape& q = ctx.input(0).shape;
  const Shape& k = ctx.input(1).shape;
  const Shape& v = ctx.input(2).shape;
  if (q.size() != 4 || k.size() != 4 || v.size() != 4)
    ctx.error("Q, K and V must be 4-D, got {}, {} and {}", shape_to_string(q), shape_to_string(k), shape_to_string(v));
  if (k[0] != q[0] || v[0] != q[0]) ctx.error("Q, K and V batch sizes differ");
  if (k[3] != q[3]) ctx.error("K head size {} differs from Q head size {}", k[3], q[3]);
  if (v[1] != k[1] || v[2] != k[2]) ctx.error("V {} does not match K {} in heads and sequence length", shape_to_string(v), shape_to_string(k));
  if (k[1] < 1 || q[1] % k[1] != 0) ctx.error("q_num_heads {} is not a multiple of kv_num_heads {}", q[1], k[1]);
  if (ctx.has_attr("softmax_precision")) {
    const int64_t sp = ctx.attr_int("softmax_precision");
    // float/double/float16/bfloat16 are valid. With subgraphs the scores are kept in that type; without, the
    // Attention kernel computes the softmax in float (double for double inputs) whatever it says.
    if (sp != 1 && sp != 10 && sp != 11 && sp != 16) ctx.error("softmax_precision {} is not a floating-point type", sp);
  }
}

/// The element type of the scores and probabilities (and of the modifier subgraphs' tensors).
DataType softmax_type(const OpContext& ctx) {
  if (ctx.has_attr("softmax_precision")) return static_cast<DataType>(ctx.attr_int("softmax_precision"));
  return ctx.input(0).type == DataType::kDouble ? DataType::kDouble : DataType::kFloat;
}

Shape scores_shape(const OpContext& ctx) {
  const Shape& q = ctx.input(0).shape;
  return {q[0], q[1], q[2], ctx.input(1).shape[2]};
}

Graph* modifier(const OpContext& ctx, const char* attribute) {
  if (!ctx.has_attr(attribute)) return nullptr;
  const Attribute& a = ctx.attr(attribute);
  if (!a.graph) ctx.error("attribute '{}' holds no graph", attribute);
  return a.graph.get();
}

/// Types the modifier's input, infers it and checks that it returns one tensor like its input.
void infer_modifier(const OpContext& ctx, const char* attribute) {
  Graph* body = modifier(ctx, attribute);
  if (!body) return;
  if (body->inputs.size() != 1 || body->outputs.size() != 1)
    ctx.error("{} has {} inputs and {} outputs; expected 1 and 1", attribute, body->inputs.size(), body->outputs.size());
  const DataType type = softmax_type(ctx);
  const Shape shape = scores_shape(ctx);
  Value* in = body->inputs[0];
  if (in->type != DataType::kUndefined && in->type != type)
    ctx.error("{} input is declared {} but receives {}", attribute, data_type_name(in->type), data_type_name(type));
  if (in->shape_known && !in->shape.empty() && in->shape != shape)
    ctx.error("{} input is declared {} but receives {}", attribute, shape_to_string(in->shape), shape_to_string(shape));
  in->type = type;
  in->shape = shape;
  in->shape_known = true;
  if (!ctx.infer_subgraph(*body)) ctx.skip();
  const Value* out = body->outputs[0];
  if (out->type != type || out->shape != shape)
    ctx.error("{} returns {} {}; expected {} {}", attribute, data_type_name(out->type), shape_to_string(out->shape),
              data_type_name(type), shape_to_string(shape));
}

void infer(OpContext& ctx) {
  check(ctx);
  infer_modifier(ctx, "score_mod");
  infer_modifier(ctx, "prob_mod");
  const Shape& q = ctx.input(0).shape;
  ctx.set_output(0, ctx.input(0).type, {q[0], q[1], q[2], ctx.input(2).shape[3]});
}

onnx_aotc::Dims strides4(const Shape& s) { return to_dims({s[1] * s[2] * s[3], s[2] * s[3], s[3]}); }

KernelOperand value_operand(const Value* v, bool is_output) {
  KernelOperand o;
  o.values = {v};
  o.is_output = is_output;
  return o;
}

KernelCall lower_with_modifiers(const OpContext& ctx, float scale, const Graph* score_mod, const Graph* prob_mod) {
  const Shape& q = ctx.input(0).shape;
  const Shape& k = ctx.input(1).shape;
  const onnx_aotc::ref::FlexAttentionParams p{q[0], q[1], k[1], q[2], k[2], q[3], ctx.input(2).shape[3], scale};
  const DataType c = softmax_type(ctx);
  const size_t scratch = static_cast<size_t>(shape_numel(scores_shape(ctx))) * data_type_size(c);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(FloatTypes{}, c, ctx, [&](auto softmax_tag) {
      using C = typename decltype(softmax_tag)::type;
      const std::string t = cpp_type_name<T>(), cn = cpp_type_name<C>();
      std::vector<KernelOperand> ops = {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)};
      std::vector<std::string> types = {t, t, t, t};
      for (const Graph* body : {score_mod, prob_mod})
        if (body) {
          ops.push_back(value_operand(body->inputs[0], true));
          ops.push_back(value_operand(body->outputs[0], false));
          types.insert(types.end(), {cn, cn});
        }
      ops.push_back(KernelOperand::scratch(scratch));
      types.push_back("unsigned char");
      for (const Graph* body : {score_mod, prob_mod})
        if (body) {
          ops.push_back(KernelOperand::body(body));
          types.push_back("");
        }
      const char* name = score_mod && prob_mod ? "flex_attention_mods" : score_mod ? "flex_attention_score_mod" : "flex_attention_prob_mod";
      return make_region_call("flex_attention", fmt::format("{}<{}, {}>", name, t, cn).c_str(), p, std::move(ops),
                              std::move(types));
    });
  });
}

KernelCall lower(OpContext& ctx) {
  check(ctx);
  const Shape& q = ctx.input(0).shape;
  const Shape& k = ctx.input(1).shape;
  const Shape& v = ctx.input(2).shape;
  const Shape y = {q[0], q[1], q[2], v[3]};
  double scale = 1.0 / std::sqrt(static_cast<double>(q[3]));
  if (ctx.has_attr("scale")) scale = ctx.attr_float("scale");
  const Graph* score_mod = modifier(ctx, "score_mod");
  const Graph* prob_mod = modifier(ctx, "prob_mod");
  if (score_mod || prob_mod) return lower_with_modifiers(ctx, static_cast<float>(scale), score_mod, prob_mod);
  const onnx_aotc::ref::AttentionParams p{q[0], q[1], k[1], q[2], k[2], 0, q[3], v[3],
                                          strides4(q), strides4(k), strides4(v), strides4(y),
                                          to_dims({0, 0, 0, 0}), k[2], static_cast<float>(scale), 0.0f, false, 0};
  // Inputs 3..6 (mask, past key/value, nonpad_kv_seqlen) and outputs 1..3 of the Attention kernel are absent.
  std::vector<KernelOperand> ops = {ctx.in(0), ctx.in(1),  ctx.in(2),  ctx.in(3),  ctx.in(4), ctx.in(5),
                                    ctx.in(6), ctx.out(0), ctx.out(1), ctx.out(2), ctx.out(3)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(attention, T, T), p, ops);
  });
}

}  // namespace

const OpDef& op_FlexAttention() {
  static const OpDef def{"ai.onnx.preview", "FlexAttention",
                         {attr_graph("prob_mod"), attr_float("scale"), attr_graph("score_mod"), attr_int("softmax_precision")},
                         OpTraits{false, false, false, /*foldable=*/false}, infer, lower};
  return def;
}

}  // namespace aotc
