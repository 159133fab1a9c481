// SPDX-License-Identifier: Apache-2.0
// ConvInteger and QLinearConv: grouped, strided, dilated N-d (1 to 3 spatial dims) convolution of 8-bit
// quantized tensors.
#include <onnx_aotc/ref/conv_integer.h>

#include "ops/defs/spatial.h"

namespace aotc {
namespace {

/// Checks X (input ix) and W (input iw) and returns the conv geometry.
onnx_aotc::ref::ConvParams conv_params(const OpContext& ctx, size_t ix, size_t iw, Shape* out_shape) {
  const Shape& x = ctx.input(ix).shape;
  const Shape& w = ctx.input(iw).shape;
  if (x.size() < 3) ctx.error("input x has rank {}; needs [N, C, spatial...]", x.size());
  if (w.size() != x.size()) ctx.error("weight w has rank {} but x has rank {}", w.size(), x.size());
  const int64_t group = ctx.attr_int("group");
  if (group < 1 || x[1] % group != 0 || w[0] % group != 0)
    ctx.error("group {} does not divide the {} input and {} output channels", group, x[1], w[0]);
  if (w[1] * group != x[1]) ctx.error("weight w has {} input channels per group but x has {} channels in {} groups", w[1], x[1], group);
  const Shape kernel(w.begin() + 2, w.end());
  const auto ks = ctx.attr_ints("kernel_shape");
  if (!ks.empty() && ks != kernel) ctx.error("kernel_shape {} does not match the weight's {}", shape_to_string(ks), shape_to_string(kernel));
  const WindowGeometry g = resolve_window(ctx, Shape(x.begin() + 2, x.end()), kernel, false);
  if (out_shape) {
    *out_shape = {x[0], w[0]};
    out_shape->insert(out_shape->end(), g.out.begin(), g.out.end());
  }
  return {x[0], x[1], w[0], group, spatial3(Shape(x.begin() + 2, x.end()), 1), spatial3(g.out, 1),
          spatial3(g.kernel, 1), spatial3(g.strides, 1), spatial3(g.dilations, 1), spatial3(g.pads_begin, 0)};
}

/// 0 for one element, 1 for one per output channel.
int64_t per_channel(const OpContext& ctx, size_t i, int64_t channels) {
  if (!ctx.has_input(i)) return 0;
  const Value& v = ctx.input(i);
  if (v.numel() == 1 && v.shape.size() <= 1) return 0;
  if (v.shape == Shape{channels}) return 1;
  ctx.error("input {} ('{}') has shape {}; expected a scalar or [{}] (one per output channel)", i, v.name,
            shape_to_string(v.shape), channels);
}

void expect_scalar(const OpContext& ctx, size_t i) {
  if (ctx.has_input(i) && ctx.input(i).numel() != 1)
    ctx.error("input {} ('{}') must be a scalar (per-tensor quantization), got {}", i, ctx.input(i).name,
              shape_to_string(ctx.input(i).shape));
}

using Int8Types = TypeList<int8_t, uint8_t>;

void infer_conv_integer(OpContext& ctx) {
  ctx.expect_inputs(2, 4);
  ctx.expect_same_type({2}, 0);
  ctx.expect_same_type({3}, 1);
  Shape out;
  conv_params(ctx, 0, 1, &out);
  expect_scalar(ctx, 2);
  per_channel(ctx, 3, ctx.input(1).shape[0]);
  ctx.set_output(0, DataType::kInt32, out);
}

KernelCall lower_conv_integer(OpContext& ctx) {
  const onnx_aotc::ref::QuantizedConvParams p{conv_params(ctx, 0, 1, nullptr), per_channel(ctx, 3, ctx.input(1).shape[0]), 0};
  return dispatch(Int8Types{}, ctx.input(0).type, ctx, [&](auto xt) {
    using X = typename decltype(xt)::type;
    return dispatch(Int8Types{}, ctx.input(1).type, ctx, [&](auto wt) {
      using W = typename decltype(wt)::type;
      return make_call(AOTC_KERNEL(conv_integer, X, W), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.out(0)});
    });
  });
}

void infer_qlinear_conv(OpContext& ctx) {
  ctx.expect_inputs(8, 9);
  ctx.expect_same_type({2}, 0);
  ctx.expect_same_type({5}, 3);
  for (size_t i : {1, 4, 6})
    if (ctx.input(i).type != DataType::kFloat) ctx.error("input {} ('{}') must be float", i, ctx.input(i).name);
  if (ctx.has_input(8) && ctx.input(8).type != DataType::kInt32) ctx.error("bias B must be int32");
  Shape out;
  conv_params(ctx, 0, 3, &out);
  for (size_t i : {1, 2, 6, 7}) expect_scalar(ctx, i);
  const int64_t m = ctx.input(3).shape[0];
  per_channel(ctx, 4, m);
  per_channel(ctx, 5, m);
  if (ctx.has_input(8) && ctx.input(8).shape != Shape{m}) ctx.error("bias B must have shape [{}]", m);
  ctx.set_output(0, ctx.input(7).type, out);
}

KernelCall lower_qlinear_conv(OpContext& ctx) {
  const int64_t m = ctx.input(3).shape[0];
  const onnx_aotc::ref::QuantizedConvParams p{conv_params(ctx, 0, 3, nullptr), per_channel(ctx, 5, m), per_channel(ctx, 4, m)};
  return dispatch(Int8Types{}, ctx.input(0).type, ctx, [&](auto xt) {
    using X = typename decltype(xt)::type;
    return dispatch(Int8Types{}, ctx.input(3).type, ctx, [&](auto wt) {
      using W = typename decltype(wt)::type;
      return dispatch(Int8Types{}, ctx.input(7).type, ctx, [&](auto yt) {
        using Y = typename decltype(yt)::type;
        return make_call(AOTC_KERNEL(qlinear_conv, X, W, Y), p,
                         {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.in(5), ctx.in(6), ctx.in(7), ctx.in(8), ctx.out(0)},
                         "conv_integer");
      });
    });
  });
}

std::vector<AttrSpec> conv_attributes() {
  std::vector<AttrSpec> a = window_attributes();
  a.push_back(attr_int("group", 1));
  return a;
}

}  // namespace

const OpDef& op_ConvInteger() {
  static const OpDef def{"", "ConvInteger", conv_attributes(), {}, infer_conv_integer, lower_conv_integer};
  return def;
}

const OpDef& op_QLinearConv() {
  static const OpDef def{"", "QLinearConv", conv_attributes(), {}, infer_qlinear_conv, lower_qlinear_conv};
  return def;
}

}  // namespace aotc
