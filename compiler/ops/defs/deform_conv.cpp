// SPDX-License-Identifier: Apache-2.0
// DeformConv (opset 19/22): deformable convolution with per-tap offsets and an optional mask.
#include <onnx_aotc/ref/deform_conv.h>

#include "ops/defs/spatial.h"

namespace aotc {
namespace {

WindowGeometry geometry(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& w = ctx.input(1).shape;
  if (ctx.has_attr("auto_pad")) ctx.error("DeformConv has no attribute 'auto_pad'");
  if (x.size() < 3) ctx.error("input X has rank {}; DeformConv needs [N, C, spatial...]", x.size());
  if (w.size() != x.size()) ctx.error("weight W has rank {} but X has rank {}", w.size(), x.size());
  const int64_t group = ctx.attr_int("group"), offset_group = ctx.attr_int("offset_group");
  if (group < 1 || x[1] % group != 0 || w[0] % group != 0)
    ctx.error("group {} does not divide the {} input and {} output channels", group, x[1], w[0]);
  if (w[1] * group != x[1]) ctx.error("weight W has {} input channels per group but X has {} channels in {} groups", w[1], x[1], group);
  if (offset_group < 1 || x[1] % offset_group != 0) ctx.error("offset_group {} does not divide the {} input channels", offset_group, x[1]);
  const Shape kernel(w.begin() + 2, w.end());
  const auto ks = ctx.attr_ints("kernel_shape");
  if (!ks.empty() && ks != kernel) ctx.error("kernel_shape {} does not match the weight's {}", shape_to_string(ks), shape_to_string(kernel));
  const WindowGeometry g = resolve_window(ctx, Shape(x.begin() + 2, x.end()), kernel, false);
  int64_t taps = 1;
  for (int64_t k : kernel) taps *= k;
  const int64_t rank = static_cast<int64_t>(kernel.size());
  Shape offset = {x[0], offset_group * taps * rank};
  offset.insert(offset.end(), g.out.begin(), g.out.end());
  if (ctx.input(2).shape != offset)
    ctx.error("offset {} must be {}", shape_to_string(ctx.input(2).shape), shape_to_string(offset));
  if (ctx.has_input(3) && ctx.input(3).shape != Shape{w[0]})
    ctx.error("bias B has shape {} but there are {} output channels", shape_to_string(ctx.input(3).shape), w[0]);
  if (ctx.has_input(4)) {
    Shape mask = offset;
    mask[1] = offset_group * taps;
    if (ctx.input(4).shape != mask) ctx.error("mask {} must be {}", shape_to_string(ctx.input(4).shape), shape_to_string(mask));
  }
  return g;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 5);
  ctx.expect_same_type({1, 2, 3, 4});
  const DataType t = ctx.input(0).type;
  if (t != DataType::kFloat && t != DataType::kDouble && t != DataType::kFloat16 && t != DataType::kBFloat16)
    ctx.error("element type {} is not float, double, float16 or bfloat16", data_type_name(t));
  const WindowGeometry g = geometry(ctx);
  Shape out = {ctx.input(0).shape[0], ctx.input(1).shape[0]};
  out.insert(out.end(), g.out.begin(), g.out.end());
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const WindowGeometry g = geometry(ctx);
  const onnx_aotc::ref::DeformConvParams p{x[0], x[1], ctx.input(1).shape[0], ctx.attr_int("group"),
                                           ctx.attr_int("offset_group"), static_cast<int32_t>(x.size() - 2),
                                           spatial3(Shape(x.begin() + 2, x.end()), 1), spatial3(g.out, 1),
                                           spatial3(g.kernel, 1), spatial3(g.strides, 1), spatial3(g.dilations, 1),
                                           spatial3(g.pads_begin, 0)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(deform_conv, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_DeformConv() {
  static const OpDef def = [] {
    // window_attributes() brings auto_pad, which DeformConv lacks; geometry() rejects it when present.
    OpDef d{"", "DeformConv", window_attributes(), {}, infer, lower};
    d.attributes.push_back(attr_int("group", 1));
    d.attributes.push_back(attr_int("offset_group", 1));
    return d;
  }();
  return def;
}

}  // namespace aotc
