// SPDX-License-Identifier: Apache-2.0
// Conv: N-d (1 to 3 spatial dims) grouped, strided, dilated convolution with optional bias.
#include <onnx_aotc/ref/conv.h>

#include "ops/defs/spatial.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  ctx.expect_same_type({1, 2});
  const Shape& x = ctx.input(0).shape;
  const Shape& w = ctx.input(1).shape;
  if (x.size() < 3) ctx.error("input X has rank {}; Conv needs [N, C, spatial...]", x.size());
  if (w.size() != x.size()) ctx.error("weight W has rank {} but X has rank {}", w.size(), x.size());
  const int64_t group = ctx.attr_int("group");
  if (group < 1 || x[1] % group != 0 || w[0] % group != 0)
    ctx.error("group {} does not divide the {} input and {} output channels", group, x[1], w[0]);
  if (w[1] * group != x[1]) ctx.error("weight W has {} input channels per group but X has {} channels in {} groups", w[1], x[1], group);
  if (ctx.has_input(2) && ctx.input(2).shape != Shape{w[0]})
    ctx.error("bias B has shape {} but there are {} output channels", shape_to_string(ctx.input(2).shape), w[0]);
  const Shape kernel(w.begin() + 2, w.end());
  const auto ks = ctx.attr_ints("kernel_shape");
  if (!ks.empty() && ks != kernel) ctx.error("kernel_shape {} does not match the weight's {}", shape_to_string(ks), shape_to_string(kernel));
  const WindowGeometry g = resolve_window(ctx, Shape(x.begin() + 2, x.end()), kernel, false);
  Shape out = {x[0], w[0]};
  out.insert(out.end(), g.out.begin(), g.out.end());
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& w = ctx.input(1).shape;
  const WindowGeometry g = resolve_window(ctx, Shape(x.begin() + 2, x.end()), Shape(w.begin() + 2, w.end()), false);
  const onnx_aotc::ref::ConvParams p{x[0], x[1], w[0], ctx.attr_int("group"),
                                     spatial3(Shape(x.begin() + 2, x.end()), 1), spatial3(g.out, 1),
                                     spatial3(g.kernel, 1), spatial3(g.strides, 1), spatial3(g.dilations, 1),
                                     spatial3(g.pads_begin, 0)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(conv, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Conv() {
  static const OpDef def = [] {
    OpDef d{"", "Conv", window_attributes(), {}, infer, lower};
    d.attributes.push_back(attr_int("group", 1));
    return d;
  }();
  return def;
}

}  // namespace aotc
