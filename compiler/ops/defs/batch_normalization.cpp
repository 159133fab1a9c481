// SPDX-License-Identifier: Apache-2.0
// BatchNormalization: inference mode, and opset 14+ training_mode=1 (older opsets' training outputs are unsupported).
#include <onnx_aotc/ref/batch_normalization.h>

#include "ops/defs/legacy.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

/// Opset 1-8 spatial=0: statistics per feature, i.e. scale, B, mean and var have X's shape without N (opset 7-8
/// spell it out). Statistics of shape [C] keep the per-channel meaning.
bool per_element_statistics(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  return ctx.opset() < 9 && ctx.attr_int("spatial") == 0 && x.size() > 2 &&
         ctx.input(1).shape == Shape(x.begin() + 1, x.end());
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(5, 5);
  reject_removed_attrs(ctx, 6, {"consumed_inputs"});
  reject_removed_attrs(ctx, 7, {"is_test"});
  // Opset 1-6: is_test=1 is test mode, which has only Y. With is_test=0 and only Y requested the node is run in
  // inference mode, as opset 7 (which dropped is_test) defines it; the training outputs are reported below.
  if (ctx.opset() < 7 && ctx.attr_int("is_test") != 0 &&
      (ctx.has_output(1) || ctx.has_output(2) || ctx.has_output(3) || ctx.has_output(4)))
    ctx.error("test mode (is_test=1) has only the output Y");
  const bool training = ctx.attr_int("training_mode") != 0;
  if (ctx.opset() < 14 && (ctx.has_output(1) || ctx.has_output(2) || ctx.has_output(3) || ctx.has_output(4)))
    ctx.unsupported("training outputs of opset {} BatchNormalization (opset 14+ training_mode is supported)", ctx.opset());
  if (!training && (ctx.has_output(1) || ctx.has_output(2)))
    ctx.error("running_mean/running_var outputs need training_mode=1");
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 2) ctx.error("input X has rank {}; needs [N, C, ...]", x.size());
  const bool per_element = per_element_statistics(ctx);
  for (size_t i = 1; i < 5; ++i) {
    if (per_element) {
      if (ctx.input(i).shape != ctx.input(1).shape)
        ctx.error("input {} ('{}') has shape {} but spatial=0 needs X's shape without N, {}", i, ctx.input(i).name,
                  shape_to_string(ctx.input(i).shape), shape_to_string(ctx.input(1).shape));
    } else if (ctx.input(i).shape != Shape{x[1]}) {
      ctx.error("input {} ('{}') has shape {} but X has {} channels", i, ctx.input(i).name, shape_to_string(ctx.input(i).shape), x[1]);
    }
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
  // Per-element statistics: each element of a sample is a channel of its own.
  const bool per_element = per_element_statistics(ctx);
  const onnx_aotc::ref::BatchNormalizationParams p{
      x[0], per_element ? shape_numel(Shape(x.begin() + 1, x.end())) : x[1],
      per_element ? 1 : shape_numel(Shape(x.begin() + 2, x.end())), static_cast<float>(ctx.attr_float("epsilon"))};
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
                          attr_int("spatial", 1), attr_int("is_test", 0), attr_ints("consumed_inputs")},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
