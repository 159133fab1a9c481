// SPDX-License-Identifier: Apache-2.0
// CausalConvWithState (opset 27): stateful depthwise causal 1-D convolution with optional fused SiLU.
#include <onnx_aotc/ref/causal_conv_with_state.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 4);
  ctx.expect_same_type({1, 2, 3});
  const DataType t = ctx.input(0).type;
  if (t != DataType::kFloat && t != DataType::kFloat16 && t != DataType::kBFloat16)
    ctx.error("element type {} is not float, float16 or bfloat16", data_type_name(t));
  const std::string activation = ctx.attr_string("activation");
  if (activation != "none" && activation != "silu" && activation != "swish")
    ctx.error("activation '{}' is not one of 'none', 'silu', 'swish'", activation);
  const Shape& x = ctx.input(0).shape;
  const Shape& w = ctx.input(1).shape;
  if (x.size() != 3) ctx.error("input has rank {}; expected (batch, channels, length)", x.size());
  if (w.size() != 3 || w[0] != x[1] || w[1] != 1 || w[2] < 1)
    ctx.error("weight {} must be [{}, 1, k] with k >= 1", shape_to_string(w), x[1]);
  const Shape state = {x[0], x[1], w[2] - 1};
  if (ctx.has_input(2) && ctx.input(2).shape != Shape{x[1]})
    ctx.error("bias {} must be [{}]", shape_to_string(ctx.input(2).shape), x[1]);
  if (ctx.has_input(3) && ctx.input(3).shape != state)
    ctx.error("past_state {} must be {}", shape_to_string(ctx.input(3).shape), shape_to_string(state));
  ctx.set_output(0, ctx.input(0).type, x);
  if (ctx.has_output(1)) ctx.set_output(1, ctx.input(0).type, state);
}

KernelCall lower(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::CausalConvWithStateParams p{x[0], x[1], x[2], ctx.input(1).shape[2],
                                                    ctx.attr_string("activation") != "none"};
  return dispatch(TypeList<float, onnx_aotc::float16, onnx_aotc::bfloat16>{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(causal_conv_with_state, T), p,
                     {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.out(0), ctx.out(1)});
  });
}

}  // namespace

const OpDef& op_CausalConvWithState() {
  static const OpDef def{"", "CausalConvWithState", {attr_string("activation", "none")}, {}, infer, lower};
  return def;
}

}  // namespace aotc
