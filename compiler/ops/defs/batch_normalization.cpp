// SPDX-License-Identifier: Apache-2.0
// BatchNormalization (inference mode; training_mode=1 is reported as unsupported).
#include <onnx_aotc/ref/batch_normalization.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(5, 5);
  const bool training = ctx.attr_int("training_mode") != 0;
  if (ctx.opset() < 14 && (ctx.has_output(1) || ctx.has_output(2) || ctx.has_output(3) || ctx.has_output(4)))
    ctx.unsupported("training outputs of opset {} BatchNormalization (opset 14+ training_mode is supported)", ctx.opset());
  if (!training && (ctx.has_output(1) || ctx.has_output(2)))
    ctx.error("running_mean/running_var outputs need training_mode=1");
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 2) ctx.error("input X has rank {}; needs [N, C, ...]", x.size());
  for (size_t i = 1; i < 5; ++i) {
    if (ctx.input(i).shape != Shape{x[1]})
      ctx.error("input {} ('{}') has shape {} but X has {} channels", i, ctx.input(i).name, shape_to_string(ctx.input(i).shape), x[1]);
  }
  ctx.expect_same_type({2, 3, 4}, 1);
  ctx.set_output(0, ctx.input(0).type, x);
  if (ctx.has_output(1)) ctx.set_output(1, ctx.input(3).type, {x[1]});
  if (ctx.has_output(2)) ctx.set_output(2, ctx.input(4).type, {x[1]});
}

KernelCall lower_training(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::BatchNormalizationTrainingParams p{x[0], x[1], shape_numel(Shape(x.begin() + 2, x.end())),
                                                           static_cast<float>(ctx.attr_float("epsilon")),
                                                           static_cast<float>(ctx.attr_float("momentum"))};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(FloatTypes{}, ctx.input(1).type, ctx, [&](auto stag) {
      using S = typename decltype(stag)::type;
      return make_call(AOTC_KERNEL(batch_normalization_training, T, S), p,
                       {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.out(0), ctx.out(1), ctx.out(2)},
                       "batch_normalization");
    });
  });
}

KernelCall lower(OpContext& ctx) {
  if (ctx.attr_int("training_mode") != 0) return lower_training(ctx);
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::BatchNormalizationParams p{x[0], x[1], shape_numel(Shape(x.begin() + 2, x.end())),
                                                   static_cast<float>(ctx.attr_float("epsilon"))};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(FloatTypes{}, ctx.input(1).type, ctx, [&](auto stag) {
      using S = typename decltype(stag)::type;
      return make_call(AOTC_KERNEL(batch_normalization, T, S), p,
                       {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.out(0)});
    });
  });
}

}  // namespace

const OpDef& op_BatchNormalization() {
  static const OpDef def{"", "BatchNormalization",
                         {attr_float("epsilon", 1e-5), attr_float("momentum", 0.9), attr_int("training_mode", 0),
                          attr_int("spatial", 1)},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
