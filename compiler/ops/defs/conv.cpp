// SPDX-License-Identifier: Apache-2.0
// Conv: N-d (1 to 3 spatial dims) grouped, strided, dilated convolution with optional bias.
#include <onnx_aotc/cpu/conv.h>
#include <onnx_aotc/ref/conv.h>
#include <onnx_aotc/ref/fused.h>

#include "ops/defs/epilogue.h"
#include "ops/defs/spatial.h"

namespace aotc {
namespace {

/// Conv's checks and output; FusedConv's, without its residual input.
void infer_conv(OpContext& ctx) {
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

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  infer_conv(ctx);
}

onnx_aotc::ref::ConvParams conv_params(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& w = ctx.input(1).shape;
  const WindowGeometry g = resolve_window(ctx, Shape(x.begin() + 2, x.end()), Shape(w.begin() + 2, w.end()), false);
  return {x[0], x[1], w[0], ctx.attr_int("group"), spatial3(Shape(x.begin() + 2, x.end()), 1), spatial3(g.out, 1),
          spatial3(g.kernel, 1), spatial3(g.strides, 1), spatial3(g.dilations, 1), spatial3(g.pads_begin, 0)};
}

/// The CPU provider's kernel in place of the reference `call`: the same parameters and operands plus the im2col
/// and GEMM workspace, for float and double (other types keep the reference kernel). Folding still runs the reference.
KernelCall cpu_conv_call(const OpContext& ctx, KernelCall call, const char* name, const onnx_aotc::ref::ConvParams& p) {
  const DataType type = ctx.input(0).type;
  if (ctx.provider() != Provider::kCpu || (type != DataType::kFloat && type != DataType::kDouble)) return call;
  call.header = "onnx_aotc/cpu/conv.h";
  call.function = fmt::format("onnx_aotc::cpu::{}<{}>", name, type == DataType::kFloat ? "float" : "double");
  const int64_t bytes = onnx_aotc::cpu::conv_workspace_bytes(p, static_cast<int64_t>(data_type_size(type)));
  call.operands.push_back(KernelOperand::scratch(static_cast<size_t>(bytes)));
  call.operand_types.push_back("unsigned char");
  call.evaluate = [ref = std::move(call.evaluate)](const OperandPointers& ptrs) { ref(OperandPointers(ptrs.begin(), ptrs.end() - 1)); };
  return call;
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::ref::ConvParams p = conv_params(ctx);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return cpu_conv_call(ctx, make_call(AOTC_KERNEL(conv, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}), "conv", p);
  });
}

/// FusedConv: Conv's inputs plus Z, a residual of the output's shape added before the activation.
void infer_fused(OpContext& ctx) {
  ctx.expect_inputs(2, 4);
  infer_conv(ctx);
  if (ctx.has_input(3) && (ctx.input(3).type != ctx.input(0).type || ctx.input(3).shape != ctx.output(0).shape))
    ctx.error("residual Z is {} {} but the output is {} {}", data_type_name(ctx.input(3).type), shape_to_string(ctx.input(3).shape),
              data_type_name(ctx.output(0).type), shape_to_string(ctx.output(0).shape));
  epilogue_of(ctx);
}

KernelCall lower_fused(OpContext& ctx) {
  const onnx_aotc::ref::FusedConvParams p{conv_params(ctx), epilogue_of(ctx)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return cpu_conv_call(ctx, make_call(AOTC_KERNEL(fused_conv, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.out(0)}, "fused"),
                         "fused_conv", p.conv);
  });
}

/// ConvTranspose geometry: output spatial size and begin pads (after output_shape / auto_pad resolution).
struct TransposeGeometry {
  Shape kernel, strides, dilations, pads_begin, out;
};

TransposeGeometry transpose_geometry(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& w = ctx.input(1).shape;
  if (x.size() < 3) ctx.error("input X has rank {}; ConvTranspose needs [N, C, spatial...]", x.size());
  if (w.size() != x.size()) ctx.error("weight W has rank {} but X has rank {}", w.size(), x.size());
  const size_t rank = x.size() - 2;
  if (rank > 3) ctx.unsupported("{} spatial dimensions (1 to 3 are supported)", rank);
  const int64_t group = ctx.attr_int("group");
  if (group < 1 || x[1] % group != 0) ctx.error("group {} does not divide the {} input channels", group, x[1]);
  if (w[0] != x[1]) ctx.error("weight W has {} input channels but X has {}", w[0], x[1]);
  TransposeGeometry g;
  g.kernel.assign(w.begin() + 2, w.end());
  const auto ks = ctx.attr_ints("kernel_shape");
  if (!ks.empty() && ks != g.kernel) ctx.error("kernel_shape {} does not match the weight's {}", shape_to_string(ks), shape_to_string(g.kernel));
  auto read = [&](const char* name, int64_t fallback, size_t count) {
    std::vector<int64_t> v = ctx.attr_ints(name);
    if (v.empty()) v.assign(count, fallback);
    if (v.size() != count) ctx.error("attribute '{}' has {} values, expected {}", name, v.size(), count);
    return v;
  };
  g.strides = read("strides", 1, rank);
  g.dilations = read("dilations", 1, rank);
  const Shape output_padding = read("output_padding", 0, rank);
  Shape pads = read("pads", 0, 2 * rank);
  for (size_t i = 0; i < rank; ++i) {
    if (g.strides[i] < 1 || g.dilations[i] < 1) ctx.error("strides and dilations must be positive");
    if (output_padding[i] < 0) ctx.error("output_padding must not be negative");
    if (pads[i] < 0 || pads[i + rank] < 0) ctx.error("pads must not be negative");
  }
  const std::string auto_pad = ctx.attr_string("auto_pad");
  if (auto_pad != "NOTSET" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER" && auto_pad != "VALID")
    ctx.error("auto_pad '{}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID", auto_pad);
  Shape output_shape = ctx.attr_ints("output_shape");
  if (output_shape.size() == rank + 2) output_shape.erase(output_shape.begin(), output_shape.begin() + 2);
  if (!output_shape.empty() && output_shape.size() != rank)
    ctx.error("output_shape has {} values, expected {}", output_shape.size(), rank);
  for (int64_t d : output_shape)
    if (d < 1) ctx.error("output_shape {} must be positive", shape_to_string(output_shape));
  const bool same = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER";
  if (auto_pad == "VALID") pads.assign(2 * rank, 0);
  if (output_shape.empty() && same)
    for (size_t i = 0; i < rank; ++i) output_shape.push_back(checked_mul(ctx, x[i + 2], g.strides[i], "output size"));
  g.pads_begin.resize(rank);
  g.out.resize(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Attributes may be INT64_MAX: the sums and products that can overflow are checked.
    const int64_t window = checked_add(ctx, checked_mul(ctx, g.kernel[i] - 1, g.dilations[i], "dilated kernel size"), 1, "dilated kernel size");
    const int64_t full = checked_add(ctx, checked_add(ctx, checked_mul(ctx, g.strides[i], x[i + 2] - 1, "strided input size"),
                                                      output_padding[i], "full output size"), window, "full output size");
    if (!output_shape.empty()) {
      const int64_t total = checked_add(ctx, full, -output_shape[i], "padding");  // negative: output_shape adds trailing zeros
      const int64_t half = total / 2 - (total % 2 < 0 ? 1 : 0);  // floor division
      g.pads_begin[i] = auto_pad == "SAME_UPPER" ? half : total - half;
      g.out[i] = output_shape[i];
    } else {
      g.pads_begin[i] = pads[i];
      g.out[i] = checked_add(ctx, checked_add(ctx, full, -pads[i], "output size"), -pads[i + rank], "output size");
    }
    if (g.out[i] < 1) ctx.error("output spatial size would be {}", g.out[i]);
  }
  return g;
}

void infer_transpose(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  ctx.expect_same_type({1, 2});
  const TransposeGeometry g = transpose_geometry(ctx);
  const int64_t out_channels = ctx.input(1).shape[1] * ctx.attr_int("group");
  if (ctx.has_input(2) && ctx.input(2).shape != Shape{out_channels})
    ctx.error("bias B has shape {} but there are {} output channels", shape_to_string(ctx.input(2).shape), out_channels);
  Shape out = {ctx.input(0).shape[0], out_channels};
  out.insert(out.end(), g.out.begin(), g.out.end());
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_transpose(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const TransposeGeometry g = transpose_geometry(ctx);
  const int64_t group = ctx.attr_int("group");
  const onnx_aotc::ref::ConvParams p{x[0], x[1], ctx.input(1).shape[1] * group, group,
                                     spatial3(Shape(x.begin() + 2, x.end()), 1), spatial3(g.out, 1),
                                     spatial3(g.kernel, 1), spatial3(g.strides, 1), spatial3(g.dilations, 1),
                                     spatial3(g.pads_begin, 0)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(conv_transpose, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}, "conv");
  });
}

}  // namespace

const OpDef& op_ConvTranspose() {
  static const OpDef def = [] {
    OpDef d{"", "ConvTranspose", window_attributes(), {}, infer_transpose, lower_transpose};
    d.attributes.push_back(attr_int("group", 1));
    d.attributes.push_back(attr_ints("output_padding"));
    d.attributes.push_back(attr_ints("output_shape"));
    return d;
  }();
  return def;
}

const OpDef& op_Conv() {
  static const OpDef def = [] {
    OpDef d{"", "Conv", window_attributes(), {}, infer, lower};
    d.attributes.push_back(attr_int("group", 1));
    return d;
  }();
  return def;
}

const OpDef& op_FusedConv() {
  static const OpDef def = [] {
    OpDef d{kFusedDomain, "FusedConv", window_attributes(), {}, infer_fused, lower_fused};
    d.attributes.push_back(attr_int("group", 1));
    for (AttrSpec& spec : epilogue_attributes()) d.attributes.push_back(std::move(spec));
    return d;
  }();
  return def;
}

}  // namespace aotc
