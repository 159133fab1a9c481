// SPDX-License-Identifier: Apache-2.0
// NonMaxSuppression: a data-dependent output shape, bounded by every box of every class being kept.
#include <onnx_aotc/ref/non_max_suppression.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 5);
  const Value& boxes = ctx.input(0);
  const Value& scores = ctx.input(1);
  ctx.expect_same_type({1}, 0);
  if (boxes.shape.size() != 3 || boxes.shape[2] != 4) ctx.error("boxes must be [batches, boxes, 4], not {}", shape_to_string(boxes.shape));
  if (scores.shape.size() != 3 || scores.shape[0] != boxes.shape[0] || scores.shape[2] != boxes.shape[1])
    ctx.error("scores {} do not match boxes {}", shape_to_string(scores.shape), shape_to_string(boxes.shape));
  if (ctx.has_input(2) && (ctx.input(2).type != DataType::kInt64 || ctx.input(2).numel() != 1))
    ctx.error("max_output_boxes_per_class must be one int64");
  for (size_t i : {3, 4})
    if (ctx.has_input(i) && (ctx.input(i).type != DataType::kFloat || ctx.input(i).numel() != 1))
      ctx.error("input {} must be one float", i);
  const int64_t center = ctx.attr_int("center_point_box");
  if (center != 0 && center != 1) ctx.error("center_point_box must be 0 or 1, not {}", center);
  ctx.set_output_bounded(0, DataType::kInt64, {scores.shape[0] * scores.shape[1] * scores.shape[2], 3});
}

KernelCall lower(OpContext& ctx) {
  const Shape& s = ctx.input(1).shape;
  const onnx_aotc::ref::NonMaxSuppressionParams p{s[0], s[1], s[2], ctx.attr_int("center_point_box")};
  return dispatch(TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16>{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(non_max_suppression, T), p,
                     {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.out(0), ctx.out_dims(0),
                      KernelOperand::scratch(static_cast<size_t>(s[2]) * sizeof(int64_t))});
  });
}

}  // namespace

const OpDef& op_NonMaxSuppression() {
  static const OpDef def{"", "NonMaxSuppression", {attr_int("center_point_box", 0)}, {}, infer, lower};
  return def;
}

}  // namespace aotc
