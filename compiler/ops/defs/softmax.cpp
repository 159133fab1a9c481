// SPDX-License-Identifier: Apache-2.0
// Softmax and LogSoftmax. Before opset 13 they work on the input flattened to 2-D at `axis`.
#include <onnx_aotc/ref/softmax.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  normalize_axis(ctx, ctx.attr_int("axis"), std::max<int64_t>(rank, 1));
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower(OpContext& ctx, bool log) {
  const Shape& x = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(x.size());
  const int64_t default_axis = ctx.opset() < 13 ? 1 : -1;
  const int64_t axis = normalize_axis(ctx, ctx.has_attr("axis") ? ctx.attr_int("axis") : default_axis, std::max<int64_t>(rank, 1));
  int64_t outer = 1, size = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (i < axis) outer *= x[i];
    else if (i == axis || ctx.opset() < 13) size *= x[i];
    else inner *= x[i];
  }
  const onnx_aotc::ref::SoftmaxParams p{outer, size, inner, log};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(softmax, T), p, {ctx.in(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_LogSoftmax() {
  static const OpDef def{"", "LogSoftmax", {attr_int("axis", -1)}, {}, infer, [](OpContext& ctx) { return lower(ctx, true); }};
  return def;
}

const OpDef& op_Softmax() {
  static const OpDef def{"", "Softmax", {attr_int("axis", -1)}, {}, infer, [](OpContext& ctx) { return lower(ctx, false); }};
  return def;
}

}  // namespace aotc
