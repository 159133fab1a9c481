// SPDX-License-Identifier: Apache-2.0
// QuantizeLinear, DequantizeLinear (per-tensor, per-axis, blocked) and DynamicQuantizeLinear.
#include <onnx_aotc/ref/quantize_linear.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

using onnx_aotc::float16;
using onnx_aotc::bfloat16;
using QuantizedTypes = TypeList<int8_t, uint8_t, int16_t, uint16_t, onnx_aotc::float8e4m3fn, onnx_aotc::float8e4m3fnuz,
                                onnx_aotc::float8e5m2, onnx_aotc::float8e5m2fnuz, onnx_aotc::uint4, onnx_aotc::int4,
                                onnx_aotc::float4e2m1, onnx_aotc::uint2, onnx_aotc::int2>;
using DequantizedInputTypes =
    TypeList<int8_t, uint8_t, int16_t, uint16_t, int32_t, onnx_aotc::float8e4m3fn, onnx_aotc::float8e4m3fnuz,
             onnx_aotc::float8e5m2, onnx_aotc::float8e5m2fnuz, onnx_aotc::uint4, onnx_aotc::int4, onnx_aotc::float4e2m1,
             onnx_aotc::uint2, onnx_aotc::int2>;
using HighTypes = TypeList<float, float16, bfloat16>;

/// Resolves how each element of input 0 finds its scale (input 1) and zero point (input 2).
onnx_aotc::ref::QuantizeParams granularity(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& s = ctx.input(1).shape;
  if (ctx.has_input(2) && ctx.input(2).shape != s && !(ctx.input(2).numel() == 1 && shape_numel(s) == 1))
    ctx.error("zero point {} and scale {} must have the same shape", shape_to_string(ctx.input(2).shape), shape_to_string(s));
  const int64_t block_size = ctx.attr_int("block_size");
  if (block_size < 0) ctx.error("block_size {} must not be negative", block_size);
  onnx_aotc::ref::QuantizeParams p{shape_numel(x), 1, 1, 1, 0, 0, 0, true, 0};
  const bool per_tensor = s.empty() || (s.size() == 1 && s[0] == 1 && block_size == 0);
  if (per_tensor) return p;
  if (x.empty()) ctx.error("a scalar input needs a scalar scale, got {}", shape_to_string(s));
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  p.outer = shape_numel(Shape(x.begin(), x.begin() + axis));
  p.axis = x[axis];
  p.inner = shape_numel(Shape(x.begin() + axis + 1, x.end()));
  if (block_size == 0) {
    if (s.size() != 1 || s[0] != x[axis])
      ctx.error("per-axis scale {} must be 1-D with the {} elements of axis {}", shape_to_string(s), x[axis], axis);
    p.scale_axis = 1;
    return p;
  }
  if (s.size() != x.size()) ctx.error("blocked scale {} must have the rank of the input {}", shape_to_string(s), shape_to_string(x));
  for (size_t i = 0; i < x.size(); ++i) {
    if (static_cast<int64_t>(i) == axis) continue;
    if (s[i] != x[i]) ctx.error("blocked scale {} must match the input {} except on axis {}", shape_to_string(s), shape_to_string(x), axis);
  }
  if (s[axis] != ceil_div(x[axis], block_size))
    ctx.error("blocked scale has {} blocks on axis {} but ceil({}/{}) = {}", s[axis], axis, x[axis], block_size,
              ceil_div(x[axis], block_size));
  p.block = block_size;
  p.scale_inner = 1;
  p.scale_axis = p.inner;
  p.scale_outer = s[axis] * p.inner;
  return p;
}

DataType quantize_output_type(const OpContext& ctx) {
  DataType out = DataType::kUint8;
  if (ctx.has_input(2)) out = ctx.input(2).type;
  if (ctx.has_attr("output_dtype") && ctx.attr_int("output_dtype") != 0) {
    const auto t = data_type_from_onnx(static_cast<int32_t>(ctx.attr_int("output_dtype")));
    if (!t) ctx.error("output_dtype {} is not an ONNX type", ctx.attr_int("output_dtype"));
    if (ctx.has_input(2) && *t != out)
      ctx.error("output_dtype {} differs from the zero point's type {}", data_type_name(*t), data_type_name(out));
    out = *t;
  }
  return out;
}

void infer_quantize(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  const DataType out = quantize_output_type(ctx);
  granularity(ctx);
  ctx.set_output(0, out, ctx.input(0).shape);
}

KernelCall lower_quantize(OpContext& ctx) {
  onnx_aotc::ref::QuantizeParams p = granularity(ctx);
  p.saturate = ctx.attr_int("saturate") != 0;
  DataType precision = ctx.input(1).type;
  if (ctx.has_attr("precision") && ctx.attr_int("precision") != 0) {
    const auto t = data_type_from_onnx(static_cast<int32_t>(ctx.attr_int("precision")));
    if (!t) ctx.error("precision {} is not an ONNX type", ctx.attr_int("precision"));
    precision = *t;
  }
  p.precision = precision == DataType::kFloat16 ? 1 : precision == DataType::kBFloat16 ? 2 : 0;
  const DataType out = quantize_output_type(ctx);
  using XTypes = TypeList<float, float16, bfloat16, int32_t>;
  using STypes = TypeList<float, float16, bfloat16, int32_t, onnx_aotc::float8e8m0>;
  return dispatch(XTypes{}, ctx.input(0).type, ctx, [&](auto xt) {
    using X = typename decltype(xt)::type;
    return dispatch(STypes{}, ctx.input(1).type, ctx, [&](auto st) {
      using S = typename decltype(st)::type;
      return dispatch(QuantizedTypes{}, out, ctx, [&](auto yt) {
        using Y = typename decltype(yt)::type;
        return make_call(AOTC_KERNEL(quantize_linear, X, S, Y), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)});
      });
    });
  });
}

DataType dequantize_output_type(const OpContext& ctx) {
  DataType out = ctx.input(1).type;
  if (ctx.has_attr("output_dtype") && ctx.attr_int("output_dtype") != 0) {
    const auto t = data_type_from_onnx(static_cast<int32_t>(ctx.attr_int("output_dtype")));
    if (!t) ctx.error("output_dtype {} is not an ONNX type", ctx.attr_int("output_dtype"));
    out = *t;
  }
  if (out != DataType::kFloat && out != DataType::kFloat16 && out != DataType::kBFloat16)
    ctx.error("output type {} must be float, float16 or bfloat16 (set output_dtype when the scale is {})",
              data_type_name(out), data_type_name(ctx.input(1).type));
  return out;
}

void infer_dequantize(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  ctx.expect_same_type({2});
  granularity(ctx);
  ctx.set_output(0, dequantize_output_type(ctx), ctx.input(0).shape);
}

KernelCall lower_dequantize(OpContext& ctx) {
  const onnx_aotc::ref::QuantizeParams p = granularity(ctx);
  using STypes = TypeList<float, float16, bfloat16, onnx_aotc::float8e8m0>;
  return dispatch(DequantizedInputTypes{}, ctx.input(0).type, ctx, [&](auto xt) {
    using X = typename decltype(xt)::type;
    return dispatch(STypes{}, ctx.input(1).type, ctx, [&](auto st) {
      using S = typename decltype(st)::type;
      return dispatch(HighTypes{}, dequantize_output_type(ctx), ctx, [&](auto yt) {
        using Y = typename decltype(yt)::type;
        return make_call(AOTC_KERNEL(dequantize_linear, X, S, Y), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)},
                         "quantize_linear");
      });
    });
  });
}

void infer_dynamic(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  if (!ctx.has_output(0) || !ctx.has_output(1) || !ctx.has_output(2))
    ctx.error("needs all three outputs (y, y_scale, y_zero_point)");
  ctx.set_output(0, DataType::kUint8, ctx.input(0).shape);
  ctx.set_output(1, ctx.input(0).type, {});
  ctx.set_output(2, DataType::kUint8, {});
}

KernelCall lower_dynamic(OpContext& ctx) {
  const onnx_aotc::ref::DynamicQuantizeParams p{ctx.input(0).numel()};
  return dispatch(TypeList<float>{}, ctx.input(0).type, ctx, [&](auto xt) {
    using X = typename decltype(xt)::type;
    return make_call(AOTC_KERNEL(dynamic_quantize_linear, X), p, {ctx.in(0), ctx.out(0), ctx.out(1), ctx.out(2)},
                     "quantize_linear");
  });
}

}  // namespace

const OpDef& op_QuantizeLinear() {
  static const OpDef def{"", "QuantizeLinear",
                         {attr_int("axis", 1), attr_int("block_size", 0), attr_int("output_dtype", 0),
                          attr_int("precision", 0), attr_int("saturate", 1)},
                         {}, infer_quantize, lower_quantize};
  return def;
}

const OpDef& op_DequantizeLinear() {
  static const OpDef def{"", "DequantizeLinear", {attr_int("axis", 1), attr_int("block_size", 0), attr_int("output_dtype", 0)},
                         {}, infer_dequantize, lower_dequantize};
  return def;
}

const OpDef& op_DynamicQuantizeLinear() {
  static const OpDef def{"", "DynamicQuantizeLinear", {}, {}, infer_dynamic, lower_dynamic};
  return def;
}

}  // namespace aotc
