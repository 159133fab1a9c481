// SPDX-License-Identifier: Apache-2.0
// Compress: a data-dependent output shape, bounded by every selected slice being kept.
#include <onnx_aotc/ref/compress.h>

#include <algorithm>

#include "ops/op_def.h"

namespace aotc {
namespace {

/// The input as [outer, length, inner] around the axis (flattened when there is none).
onnx_aotc::ref::CompressParams layout(const OpContext& ctx) {
  const Shape& s = ctx.input(0).shape;
  onnx_aotc::ref::CompressParams p{1, ctx.input(0).numel(), 1, ctx.input(1).numel(), 0, {}};
  if (ctx.has_attr("axis")) {
    const auto axis = static_cast<size_t>(normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(s.size())));
    p.outer = shape_numel(Shape(s.begin(), s.begin() + static_cast<long>(axis)));
    p.length = s[axis];
    p.inner = shape_numel(Shape(s.begin() + static_cast<long>(axis) + 1, s.end()));
    p.axis = static_cast<int64_t>(axis);
  }
  return p;
}

Shape bound_shape(const OpContext& ctx, const onnx_aotc::ref::CompressParams& p) {
  const int64_t kept = std::min(p.length, p.condition_length);
  if (!ctx.has_attr("axis")) return {kept};
  Shape s = ctx.input(0).shape;
  s[static_cast<size_t>(p.axis)] = kept;
  return s;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Value& condition = ctx.input(1);
  if (condition.type != DataType::kBool || condition.shape.size() != 1)
    ctx.error("condition must be a 1-D bool tensor, not {} {}", data_type_name(condition.type), shape_to_string(condition.shape));
  const auto p = layout(ctx);
  ctx.set_output_bounded(0, ctx.input(0).type, bound_shape(ctx, p));
}

KernelCall lower(OpContext& ctx) {
  auto p = layout(ctx);
  p.bound = to_dims(bound_shape(ctx, p));
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(compress, T), p, {ctx.in(0), ctx.in(1), ctx.out(0), ctx.out_dims(0)});
  });
}

}  // namespace

const OpDef& op_Compress() {
  static const OpDef def{"", "Compress", {attr_int("axis")}, {}, infer, lower};
  return def;
}

}  // namespace aotc
