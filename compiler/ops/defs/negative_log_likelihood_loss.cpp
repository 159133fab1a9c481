// SPDX-License-Identifier: Apache-2.0
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: input (N, C, d1..dk), target (N, d1..dk) int32/int64,
// optional weight (C). SoftmaxCrossEntropyLoss is the same loss over LogSoftmax(input) along C, with LogSoftmax
// as an optional second output. One kernel serves both.
#include <onnx_aotc/ref/negative_log_likelihood_loss.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

int64_t reduction_code(const OpContext& ctx) {
  const std::string r = ctx.attr_string("reduction");
  if (r == "none") return 0;
  if (r == "sum") return 1;
  if (r == "mean") return 2;
  ctx.error("reduction must be 'none', 'sum' or 'mean', not '{}'", r);
}

void infer(OpContext& ctx, bool softmax) {
  ctx.expect_inputs(2, 3);
  const Value& x = ctx.input(0);
  const Value& target = ctx.input(1);
  if (x.shape.size() < 2) ctx.error("input must have rank >= 2 (N, C, d1..dk), has shape {}", shape_to_string(x.shape));
  if (target.type != DataType::kInt32 && target.type != DataType::kInt64)
    ctx.error("target must be int32 or int64, not {}", data_type_name(target.type));
  Shape expected{x.shape[0]};
  expected.insert(expected.end(), x.shape.begin() + 2, x.shape.end());
  if (target.shape != expected)
    ctx.error("target shape {} does not match input shape {} (expected {})", shape_to_string(target.shape),
              shape_to_string(x.shape), shape_to_string(expected));
  if (ctx.has_input(2)) {
    ctx.expect_same_type({2});
    if (ctx.input(2).shape != Shape{x.shape[1]})
      ctx.error("weight must have shape [{}], has {}", x.shape[1], shape_to_string(ctx.input(2).shape));
  }
  const int64_t reduction = reduction_code(ctx);
  ctx.set_output(0, x.type, reduction == 0 ? target.shape : Shape{});
  if (ctx.has_output(1)) {
    if (!softmax) ctx.error("has more than one output");
    ctx.set_output(1, x.type, x.shape);
  }
}

KernelCall lower(OpContext& ctx, bool softmax) {
  const Shape& x = ctx.input(0).shape;
  onnx_aotc::ref::NegativeLogLikelihoodLossParams p{x[0], x[1], 1, reduction_code(ctx), ctx.has_attr("ignore_index"),
                                                    0, softmax};
  if (p.has_ignore_index) p.ignore_index = ctx.attr_int("ignore_index");
  for (size_t i = 2; i < x.size(); ++i) p.inner *= x[i];
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(TypeList<int32_t, int64_t>{}, ctx.input(1).type, ctx, [&](auto index_tag) {
      using I = typename decltype(index_tag)::type;
      return make_call(AOTC_KERNEL(negative_log_likelihood_loss, T, I), p,
                       {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0), ctx.out(1)});
    });
  });
}

}  // namespace

const OpDef& op_NegativeLogLikelihoodLoss() {
  static const OpDef def{"", "NegativeLogLikelihoodLoss", {attr_int("ignore_index"), attr_string("reduction", "mean")},
                         {}, [](OpContext& ctx) { infer(ctx, false); }, [](OpContext& ctx) { return lower(ctx, false); }};
  return def;
}

const OpDef& op_SoftmaxCrossEntropyLoss() {
  static const OpDef def{"", "SoftmaxCrossEntropyLoss", {attr_int("ignore_index"), attr_string("reduction", "mean")},
                         {}, [](OpContext& ctx) { infer(ctx, true); }, [](OpContext& ctx) { return lower(ctx, true); }};
  return def;
}

}  // namespace aotc
