// SPDX-License-Identifier: Apache-2.0
// OneHot: the constant `depth` input determines the output shape; indices may be any numeric type.
#include <onnx_aotc/ref/one_hot.h>

#include <cmath>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

int64_t depth_of(const OpContext& ctx) {
  const auto d = constant_doubles(ctx, 1);
  if (d.size() != 1) ctx.error("depth must hold one element, has {}", d.size());
  if (!(d[0] >= 1) || !std::isfinite(d[0])) ctx.error("depth {} must be positive", d[0]);
  return static_cast<int64_t>(d[0]);
}

int64_t axis_of(const OpContext& ctx) {
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size()) + 1;
  return normalize_axis(ctx, ctx.attr_int("axis"), rank);
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  if (ctx.input(2).numel() != 2) ctx.error("values must hold two elements [off, on], has shape {}", shape_to_string(ctx.input(2).shape));
  Shape out = ctx.input(0).shape;
  out.insert(out.begin() + axis_of(ctx), depth_of(ctx));
  ctx.set_output(0, ctx.input(2).type, out);
}

KernelCall lower(OpContext& ctx) {
  const Shape& idx = ctx.input(0).shape;
  const int64_t axis = axis_of(ctx);
  const onnx_aotc::ref::OneHotParams p{shape_numel(Shape(idx.begin(), idx.begin() + axis)), depth_of(ctx),
                                       shape_numel(Shape(idx.begin() + axis, idx.end()))};
  return dispatch_by_size(ctx.input(2).type, ctx, [&](auto tag) {
    return dispatch(NumericTypes{}, ctx.input(0).type, ctx, [&](auto itag) {
      using T = typename decltype(tag)::type;
      using I = typename decltype(itag)::type;
      return make_call(AOTC_KERNEL(one_hot, T, I), p, {ctx.in(0), ctx.in(2), ctx.out(0)});
    });
  });
}

}  // namespace

const OpDef& op_OneHot() {
  static const OpDef def{"", "OneHot", {attr_int("axis", -1)}, {}, infer, lower};
  return def;
}

}  // namespace aotc
