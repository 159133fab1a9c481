// SPDX-License-Identifier: Apache-2.0
// Shape (with opset-15 start/end) and Size. Both depend only on the input's shape, so they fold to
// constants even when the input is computed at run time.
#include <onnx_aotc/ref/shape.h>

#include <algorithm>

#include "ops/op_def.h"

namespace aotc {
namespace {

constexpr OpTraits kShapeTraits{false, false, false, true, false};

std::vector<int64_t> shape_values(const OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  auto clamp_axis = [&](int64_t a) {
    if (a < 0) a += rank;
    return std::clamp<int64_t>(a, 0, rank);
  };
  const int64_t start = clamp_axis(ctx.attr_int("start"));
  const int64_t end = ctx.has_attr("end") ? clamp_axis(ctx.attr_int("end")) : rank;
  return start < end ? std::vector<int64_t>(in.begin() + start, in.begin() + end) : std::vector<int64_t>{};
}

void infer_shape(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, DataType::kInt64, {static_cast<int64_t>(shape_values(ctx).size())});
}

KernelCall lower_shape(OpContext& ctx) {
  onnx_aotc::ref::ShapeParams p{to_dims(shape_values(ctx))};
  return make_call(AOTC_KERNEL(shape, int64_t), p, {ctx.out(0)});
}

void infer_size(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, DataType::kInt64, {});
}

KernelCall lower_size(OpContext& ctx) {
  onnx_aotc::ref::ShapeParams p{{1, {ctx.input(0).numel()}}};
  return make_call(AOTC_KERNEL(shape, int64_t), p, {ctx.out(0)});
}

}  // namespace

const OpDef& op_Shape() {
  static const OpDef def{"", "Shape", {attr_int("start", 0), attr_int("end")}, kShapeTraits, infer_shape, lower_shape};
  return def;
}

const OpDef& op_Size() {
  static const OpDef def{"", "Size", {}, kShapeTraits, infer_size, lower_size};
  return def;
}

}  // namespace aotc
