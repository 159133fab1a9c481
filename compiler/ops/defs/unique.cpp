// SPDX-License-Identifier: Apache-2.0
// Unique: data-dependent output shapes (except the inverse indices), bounded by every slice being distinct.
#include <onnx_aotc/ref/unique.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

onnx_aotc::ref::UniqueParams layout(const OpContext& ctx) {
  const Value& x = ctx.input(0);
  onnx_aotc::ref::UniqueParams p{1, x.numel(), 1, 0, ctx.attr_int("sorted"), {}};
  if (ctx.has_attr("axis")) {
    const Shape& s = x.shape;
    const auto axis = static_cast<size_t>(normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(s.size())));
    p.outer = shape_numel(Shape(s.begin(), s.begin() + static_cast<long>(axis)));
    p.length = s[axis];
    p.inner = shape_numel(Shape(s.begin() + static_cast<long>(axis) + 1, s.end()));
    p.axis = static_cast<int64_t>(axis);
  }
  p.bound = to_dims(ctx.has_attr("axis") ? x.shape : Shape{x.numel()});
  return p;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const auto p = layout(ctx);
  Shape y;
  for (int i = 0; i < p.bound.rank; ++i) y.push_back(p.bound.d[i]);
  ctx.set_output_bounded(0, ctx.input(0).type, y);
  ctx.set_output_bounded(1, DataType::kInt64, {p.length});
  ctx.set_output(2, DataType::kInt64, {p.length});
  ctx.set_output_bounded(3, DataType::kInt64, {p.length});
}

KernelCall lower(OpContext& ctx) {
  const auto p = layout(ctx);
  const size_t scratch = static_cast<size_t>(3 * p.length + 1) * sizeof(int64_t);
  return dispatch(AllTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(unique, T), p,
                     {ctx.in(0), ctx.out(0), ctx.out_dims(0), ctx.out(1), ctx.out_dims(1), ctx.out(2), ctx.out(3), ctx.out_dims(3),
                      KernelOperand::scratch(scratch)});
  });
}

}  // namespace

const OpDef& op_Unique() {
  static const OpDef def{"", "Unique", {attr_int("axis"), attr_int("sorted", 1)}, {}, infer, lower};
  return def;
}

}  // namespace aotc
