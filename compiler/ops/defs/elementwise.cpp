// SPDX-License-Identifier: Apache-2.0
// Elementwise ops: one table row per ONNX op, all lowering to onnx_aotc/ref/elementwise.h.
#include <onnx_aotc/ref/elementwise.h>

#include <algorithm>

#include "ops/defs/epilogue.h"
#include "ops/defs/legacy.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

constexpr OpTraits kElementwiseTraits{true, true, false, true};
/// Elementwise, but the output element has another size than input 0's (bool results).
constexpr OpTraits kElementwiseNewTypeTraits{true, false, false, true};

using SignedNumeric = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t, int64_t>;
using BoolType = TypeList<bool>;
using FloatAndFloat8Types =
    TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, onnx_aotc::float8e4m3fn, onnx_aotc::float8e4m3fnuz,
             onnx_aotc::float8e5m2, onnx_aotc::float8e5m2fnuz>;

void infer_unary(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

template <typename Types, typename Kernel>
KernelCall lower_unary(OpContext& ctx, Kernel kernel_for, float alpha, float beta) {
  const onnx_aotc::ref::UnaryParams p{ctx.input(0).numel(), alpha, beta};
  return dispatch(Types{}, ctx.input(0).type, ctx, [&](auto tag) -> KernelCall {
    return make_call(kernel_for(tag), p, {ctx.in(0), ctx.out(0)}, "elementwise");
  });
}

#define AOTC_UNARY_OP(onnx_name, kernel, types, alpha_expr, beta_expr, ...)                                 \
  const OpDef& op_##onnx_name() {                                                                           \
    static const OpDef def{"", #onnx_name, {__VA_ARGS__}, kElementwiseTraits, infer_unary,                  \
                           [](OpContext& ctx) {                                                             \
                             return lower_unary<types>(                                                     \
                                 ctx, [](auto tag) { return AOTC_KERNEL(kernel, typename decltype(tag)::type); }, \
                                 static_cast<float>(alpha_expr), static_cast<float>(beta_expr));            \
                           }};                                                                              \
    return def;                                                                                             \
  }

float celu_alpha(const OpContext& ctx) {
  const double alpha = ctx.attr_float("alpha");
  if (alpha == 0) ctx.error("attribute 'alpha' must not be 0 (Celu divides by it)");
  return static_cast<float>(alpha);
}

float shrink_lambd(const OpContext& ctx) {
  const double lambd = ctx.attr_float("lambd");
  if (lambd < 0) ctx.error("attribute 'lambd' must not be negative, got {}", lambd);
  return static_cast<float>(lambd);
}

}  // namespace

// Activations
AOTC_UNARY_OP(Celu, celu, FloatTypes, celu_alpha(ctx), 0, attr_float("alpha", 1.0))
AOTC_UNARY_OP(Elu, elu, FloatTypes, ctx.attr_float("alpha"), 0, attr_float("alpha", 1.0))
AOTC_UNARY_OP(HardSigmoid, hard_sigmoid, FloatTypes, ctx.attr_float("alpha"), ctx.attr_float("beta"),
              attr_float("alpha", 0.2), attr_float("beta", 0.5))
AOTC_UNARY_OP(HardSwish, hard_swish, FloatTypes, 0, 0)
AOTC_UNARY_OP(LeakyRelu, leaky_relu, FloatTypes, ctx.attr_float("alpha"), 0, attr_float("alpha", 0.01))
AOTC_UNARY_OP(Mish, mish, FloatTypes, 0, 0)
AOTC_UNARY_OP(Relu, relu, SignedNumeric, 0, 0)
AOTC_UNARY_OP(Selu, selu, FloatTypes, ctx.attr_float("alpha"), ctx.attr_float("gamma"),
              attr_float("alpha", 1.67326319217681884765625), attr_float("gamma", 1.05070102214813232421875))
AOTC_UNARY_OP(Shrink, shrink, NumericTypes, shrink_lambd(ctx), ctx.attr_float("bias"), attr_float("bias", 0.0),
              attr_float("lambd", 0.5))
AOTC_UNARY_OP(Sigmoid, sigmoid, FloatTypes, 0, 0)
AOTC_UNARY_OP(Softplus, softplus, FloatTypes, 0, 0)
AOTC_UNARY_OP(Softsign, softsign, FloatTypes, 0, 0)
AOTC_UNARY_OP(Swish, swish, FloatTypes, ctx.attr_float("alpha"), 0, attr_float("alpha", 1.0))
AOTC_UNARY_OP(ThresholdedRelu, thresholded_relu, FloatTypes, ctx.attr_float("alpha"), 0, attr_float("alpha", 1.0))
// Arithmetic
AOTC_UNARY_OP(Abs, abs, NumericTypes, 0, 0)
AOTC_UNARY_OP(BitwiseNot, bitwise_not, IntTypes, 0, 0)
AOTC_UNARY_OP(Ceil, ceil, FloatTypes, 0, 0)
AOTC_UNARY_OP(Floor, floor, FloatTypes, 0, 0)
AOTC_UNARY_OP(Neg, neg, SignedNumeric, 0, 0)
AOTC_UNARY_OP(Not, logical_not, BoolType, 0, 0)
AOTC_UNARY_OP(Reciprocal, reciprocal, FloatTypes, 0, 0)
AOTC_UNARY_OP(Round, round, FloatTypes, 0, 0)
AOTC_UNARY_OP(Sign, sign, NumericTypes, 0, 0)
// Transcendental
AOTC_UNARY_OP(Acos, acos, FloatTypes, 0, 0)
AOTC_UNARY_OP(Acosh, acosh, FloatTypes, 0, 0)
AOTC_UNARY_OP(Asin, asin, FloatTypes, 0, 0)
AOTC_UNARY_OP(Asinh, asinh, FloatTypes, 0, 0)
AOTC_UNARY_OP(Atan, atan, FloatTypes, 0, 0)
AOTC_UNARY_OP(Atanh, atanh, FloatTypes, 0, 0)
AOTC_UNARY_OP(Cos, cos, FloatTypes, 0, 0)
AOTC_UNARY_OP(Cosh, cosh, FloatTypes, 0, 0)
AOTC_UNARY_OP(Erf, erf, NumericTypes, 0, 0)
AOTC_UNARY_OP(Exp, exp, FloatTypes, 0, 0)
AOTC_UNARY_OP(Log, log, FloatTypes, 0, 0)
AOTC_UNARY_OP(Sin, sin, FloatTypes, 0, 0)
AOTC_UNARY_OP(Sinh, sinh, FloatTypes, 0, 0)
AOTC_UNARY_OP(Sqrt, sqrt, FloatTypes, 0, 0)
AOTC_UNARY_OP(Tan, tan, FloatTypes, 0, 0)
AOTC_UNARY_OP(Tanh, tanh, FloatTypes, 0, 0)

// Gelu: `approximate` picks the kernel.
const OpDef& op_Gelu() {
  static const OpDef def{
      "", "Gelu", {attr_string("approximate", "none")}, kElementwiseTraits,
      [](OpContext& ctx) {
        const std::string mode = ctx.attr_string("approximate");
        if (mode != "none" && mode != "tanh") ctx.error("attribute 'approximate' must be \"none\" or \"tanh\", not \"{}\"", mode);
        infer_unary(ctx);
      },
      [](OpContext& ctx) {
        if (ctx.attr_string("approximate") == "tanh")
          return lower_unary<FloatTypes>(ctx, [](auto tag) { return AOTC_KERNEL(gelu_tanh, typename decltype(tag)::type); }, 0, 0);
        return lower_unary<FloatTypes>(ctx, [](auto tag) { return AOTC_KERNEL(gelu, typename decltype(tag)::type); }, 0, 0);
      }};
  return def;
}

// com.onnx_aotc.Gelu: Gelu for models whose opset predates it (fuse-gelu recognizes its decomposed form).
const OpDef& op_AotcGelu() {
  static const OpDef def = in_fused_domain(op_Gelu());
  return def;
}

// ---- IsNaN / IsInf -------------------------------------------------------------------------------

namespace {

void infer_classify(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, DataType::kBool, ctx.input(0).shape);
}

template <typename Kernel>
KernelCall lower_classify(OpContext& ctx, Kernel kernel_for, bool detect_negative, bool detect_positive) {
  const onnx_aotc::ref::ClassifyParams p{ctx.input(0).numel(), detect_negative, detect_positive};
  return dispatch(FloatAndFloat8Types{}, ctx.input(0).type, ctx, [&](auto tag) -> KernelCall {
    return make_call(kernel_for(tag), p, {ctx.in(0), ctx.out(0)}, "elementwise");
  });
}

}  // namespace

const OpDef& op_IsNaN() {
  static const OpDef def{"", "IsNaN", {}, kElementwiseNewTypeTraits, infer_classify, [](OpContext& ctx) {
                           return lower_classify(
                               ctx, [](auto tag) { return AOTC_KERNEL(is_nan, typename decltype(tag)::type); }, false, false);
                         }};
  return def;
}

const OpDef& op_IsInf() {
  static const OpDef def{"", "IsInf", {attr_int("detect_negative", 1), attr_int("detect_positive", 1)},
                         kElementwiseNewTypeTraits, infer_classify, [](OpContext& ctx) {
                           return lower_classify(
                               ctx, [](auto tag) { return AOTC_KERNEL(is_inf, typename decltype(tag)::type); },
                               ctx.attr_int("detect_negative") != 0, ctx.attr_int("detect_positive") != 0);
                         }};
  return def;
}

// ---- Clip ----------------------------------------------------------------------------------------

namespace {

void infer_clip(OpContext& ctx) {
  if (ctx.opset() < 11) {
    ctx.expect_inputs(1, 1);
  } else {
    ctx.expect_inputs(1, 3);
    ctx.expect_same_type({1, 2});
    for (size_t i : {1, 2})
      if (ctx.has_input(i) && ctx.input(i).numel() != 1)
        ctx.error("input {} ('{}') must be a scalar but has shape {}", i, ctx.input(i).name,
                  shape_to_string(ctx.input(i).shape));
  }
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower_clip(OpContext& ctx) {
  onnx_aotc::ref::ClipParams p{ctx.input(0).numel(), false, false, 0.0, 0.0};
  if (ctx.opset() < 11) {
    // Clip-1/6: float attributes, defaulting to no bound (the spec's +-FLT_MAX).
    p.has_min = ctx.has_attr("min");
    p.has_max = ctx.has_attr("max");
    if (p.has_min) p.min = ctx.attr_float("min");
    if (p.has_max) p.max = ctx.attr_float("max");
  }
  using Types = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t, int64_t,
                         uint8_t, uint16_t, uint32_t, uint64_t>;
  return dispatch(Types{}, ctx.input(0).type, ctx, [&](auto tag) -> KernelCall {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(clip, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}, "elementwise");
  });
}

}  // namespace

const OpDef& op_Clip() {
  static const OpDef def{"", "Clip", {attr_float("min"), attr_float("max")}, kElementwiseTraits, infer_clip, lower_clip};
  return def;
}

// ---- binary --------------------------------------------------------------------------------------

namespace {

/// B's shape as the kernels read it. Opset 7+: B as is (numpy broadcasting). Opset 1-6 ops broadcast only
/// with broadcast=1, and only B: its dims line up with A's starting at `axis` (default: A's trailing dims),
/// each equal to A's or 1; the result is B's shape padded with 1s to A's rank. With broadcast=0 the shapes
/// must be equal.
Shape binary_b_shape(const OpContext& ctx) {
  const Shape& a = ctx.input(0).shape;
  const Shape& b = ctx.input(1).shape;
  if (ctx.opset() >= 7) return b;
  const Attribute* broadcast = ctx.node().find_attribute("broadcast");
  if (!broadcast || broadcast->i == 0) {
    if (a != b)
      ctx.error("input shapes {} and {} differ but broadcast=0 (opset {} broadcasts only with broadcast=1)",
                shape_to_string(a), shape_to_string(b), ctx.opset());
    return b;
  }
  if (b.size() > a.size())
    ctx.error("B {} has a higher rank than A {} (with broadcast=1, B is broadcast to A)", shape_to_string(b),
              shape_to_string(a));
  const auto a_rank = static_cast<int64_t>(a.size()), b_rank = static_cast<int64_t>(b.size());
  int64_t axis = a_rank - b_rank;
  if (const Attribute* attr = ctx.node().find_attribute("axis"); attr && b_rank > 0) {
    axis = normalize_axis(ctx, attr->i, a_rank);
    if (axis + b_rank > a_rank)
      ctx.error("B {} does not fit into A {} from axis {}", shape_to_string(b), shape_to_string(a), attr->i);
  }
  Shape aligned(a.size(), 1);
  std::copy(b.begin(), b.end(), aligned.begin() + axis);
  for (size_t i = 0; i < a.size(); ++i)
    if (aligned[i] != 1 && aligned[i] != a[i])
      ctx.error("B {} cannot be broadcast to A {} from axis {}: dimension {} is {} in A but {} in B", shape_to_string(b),
                shape_to_string(a), axis, i, a[i], aligned[i]);
  return aligned;
}

void infer_binary(OpContext& ctx, DataType result) {
  ctx.expect_inputs(2, 2);
  ctx.expect_same_type({1});
  reject_removed_attrs(ctx, 6, {"consumed_inputs"});
  reject_removed_attrs(ctx, 7, {"broadcast", "axis"});
  ctx.set_output(0, result == DataType::kUndefined ? ctx.input(0).type : result,
                 broadcast_shapes(ctx, {ctx.input(0).shape, binary_b_shape(ctx)}));
}

/// Strides of A and of B (read with shape `b`) over the output's index space.
onnx_aotc::ref::BinaryParams binary_params(const OpContext& ctx, const Shape& b) {
  const Shape& out = ctx.output(0).shape;
  return {to_dims(out), onnx_aotc::broadcast_strides(to_dims(ctx.input(0).shape), to_dims(out)),
          onnx_aotc::broadcast_strides(to_dims(b), to_dims(out))};
}

template <typename Types, typename Kernel>
KernelCall lower_binary(OpContext& ctx, Kernel kernel_for, const Shape& b) {
  return dispatch(Types{}, ctx.input(0).type, ctx, [&](auto tag) -> KernelCall {
    return make_call(kernel_for(tag), binary_params(ctx, b), {ctx.in(0), ctx.in(1), ctx.out(0)}, "elementwise");
  });
}

template <typename Types, typename Kernel>
KernelCall lower_binary(OpContext& ctx, Kernel kernel_for) {
  return lower_binary<Types>(ctx, kernel_for, binary_b_shape(ctx));
}

/// The attributes of binary ops in opsets 1-6 (`consumed_inputs`: opset 1 Add, Sub, Mul and Div only).
#define AOTC_LEGACY_BINARY_ATTRS attr_int("broadcast", 0), attr_int("axis")

#define AOTC_BINARY_OP(onnx_name, kernel, types, result_type, ...)                                         \
  const OpDef& op_##onnx_name() {                                                                          \
    static const OpDef def{"", #onnx_name, {__VA_ARGS__},                                                  \
                           result_type == DataType::kUndefined ? kElementwiseTraits : kElementwiseNewTypeTraits, \
                           [](OpContext& ctx) { infer_binary(ctx, result_type); },                         \
                           [](OpContext& ctx) {                                                            \
                             return lower_binary<types>(                                                   \
                                 ctx, [](auto tag) { return AOTC_KERNEL(kernel, typename decltype(tag)::type); }); \
                           }};                                                                             \
    return def;                                                                                            \
  }

}  // namespace

AOTC_BINARY_OP(Add, add, NumericTypes, DataType::kUndefined, AOTC_LEGACY_BINARY_ATTRS, attr_ints("consumed_inputs"))
AOTC_BINARY_OP(Sub, sub, NumericTypes, DataType::kUndefined, AOTC_LEGACY_BINARY_ATTRS, attr_ints("consumed_inputs"))
AOTC_BINARY_OP(Mul, mul, NumericTypes, DataType::kUndefined, AOTC_LEGACY_BINARY_ATTRS, attr_ints("consumed_inputs"))
AOTC_BINARY_OP(Div, div, NumericTypes, DataType::kUndefined, AOTC_LEGACY_BINARY_ATTRS, attr_ints("consumed_inputs"))
AOTC_BINARY_OP(BitwiseAnd, bitwise_and, IntTypes, DataType::kUndefined)
AOTC_BINARY_OP(BitwiseOr, bitwise_or, IntTypes, DataType::kUndefined)
AOTC_BINARY_OP(BitwiseXor, bitwise_xor, IntTypes, DataType::kUndefined)
AOTC_BINARY_OP(And, logical_and, BoolType, DataType::kBool, AOTC_LEGACY_BINARY_ATTRS)
AOTC_BINARY_OP(Or, logical_or, BoolType, DataType::kBool, AOTC_LEGACY_BINARY_ATTRS)
AOTC_BINARY_OP(Xor, logical_xor, BoolType, DataType::kBool, AOTC_LEGACY_BINARY_ATTRS)
using EqualTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t, int64_t,
                            uint8_t, uint16_t, uint32_t, uint64_t, bool, onnx_aotc_string>;
AOTC_BINARY_OP(Equal, equal, EqualTypes, DataType::kBool, AOTC_LEGACY_BINARY_ATTRS)
AOTC_BINARY_OP(Greater, greater, NumericTypes, DataType::kBool, AOTC_LEGACY_BINARY_ATTRS)
AOTC_BINARY_OP(GreaterOrEqual, greater_or_equal, NumericTypes, DataType::kBool)
AOTC_BINARY_OP(Less, less, NumericTypes, DataType::kBool, AOTC_LEGACY_BINARY_ATTRS)
AOTC_BINARY_OP(LessOrEqual, less_or_equal, NumericTypes, DataType::kBool)

const OpDef& op_Mod() {
  static const OpDef def{"", "Mod", {attr_int("fmod", 0)}, kElementwiseTraits,
                         [](OpContext& ctx) {
                           const int64_t fmod = ctx.attr_int("fmod");
                           if (fmod != 0 && fmod != 1) ctx.error("attribute 'fmod' must be 0 or 1, not {}", fmod);
                           if (fmod == 0 && is_float_type(ctx.input(0).type))
                             ctx.error("floating-point inputs ({}) need fmod=1", data_type_name(ctx.input(0).type));
                           infer_binary(ctx, DataType::kUndefined);
                         },
                         [](OpContext& ctx) {
                           if (ctx.attr_int("fmod") == 1)
                             return lower_binary<NumericTypes>(
                                 ctx, [](auto tag) { return AOTC_KERNEL(fmod, typename decltype(tag)::type); });
                           return lower_binary<IntTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(mod, typename decltype(tag)::type); });
                         }};
  return def;
}

const OpDef& op_BitShift() {
  static const OpDef def{"", "BitShift", {required(attr_string("direction"))}, kElementwiseTraits,
                         [](OpContext& ctx) {
                           const std::string direction = ctx.attr_string("direction");
                           if (direction != "LEFT" && direction != "RIGHT")
                             ctx.error("attribute 'direction' must be \"LEFT\" or \"RIGHT\", not \"{}\"", direction);
                           infer_binary(ctx, DataType::kUndefined);
                         },
                         [](OpContext& ctx) {
                           if (ctx.attr_string("direction") == "LEFT")
                             return lower_binary<UnsignedIntTypes>(
                                 ctx, [](auto tag) { return AOTC_KERNEL(bit_shift_left, typename decltype(tag)::type); });
                           return lower_binary<UnsignedIntTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(bit_shift_right, typename decltype(tag)::type); });
                         }};
  return def;
}

namespace {

/// The slope's shape as the kernel reads it. PRelu-7+: unidirectional numpy broadcasting. PRelu-1/6 (Caffe2
/// semantics): a slope of C elements applies per channel, X's axis 1; otherwise as in PRelu-7 (one element,
/// X's shape, or a shape that broadcasts to it).
Shape prelu_slope_shape(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& slope = ctx.input(1).shape;
  if (ctx.opset() < 7 && slope.size() == 1 && x.size() >= 2 && slope[0] == x[1]) {
    Shape per_channel(x.size(), 1);
    per_channel[1] = x[1];
    return per_channel;
  }
  return slope;
}

}  // namespace

const OpDef& op_PRelu() {
  static const OpDef def{"", "PRelu", {attr_ints("consumed_inputs")}, kElementwiseTraits,
                         [](OpContext& ctx) {
                           ctx.expect_inputs(2, 2);
                           ctx.expect_same_type({1});
                           reject_removed_attrs(ctx, 6, {"consumed_inputs"});
                           const Shape& x = ctx.input(0).shape;
                           const Shape& slope = ctx.input(1).shape;
                           if (broadcast_shapes(ctx, {x, prelu_slope_shape(ctx)}) != x)
                             ctx.error("slope of shape {} does not broadcast to X's shape {}", shape_to_string(slope),
                                       shape_to_string(x));
                           ctx.set_output(0, ctx.input(0).type, x);
                         },
                         [](OpContext& ctx) {
                           return lower_binary<NumericTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(prelu, typename decltype(tag)::type); },
                               prelu_slope_shape(ctx));
                         }};
  return def;
}

const OpDef& op_Pow() {
  static const OpDef def{"", "Pow", {AOTC_LEGACY_BINARY_ATTRS}, kElementwiseTraits,
                         [](OpContext& ctx) {
                           ctx.expect_inputs(2, 2);
                           reject_removed_attrs(ctx, 7, {"broadcast", "axis"});
                           ctx.set_output(0, ctx.input(0).type,
                                          broadcast_shapes(ctx, {ctx.input(0).shape, binary_b_shape(ctx)}));
                         },
                         [](OpContext& ctx) {
                           using Bases = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int32_t, int64_t>;
                           return dispatch(Bases{}, ctx.input(0).type, ctx, [&](auto base) -> KernelCall {
                             return dispatch(NumericTypes{}, ctx.input(1).type, ctx, [&](auto exponent) -> KernelCall {
                               using T = typename decltype(base)::type;
                               using E = typename decltype(exponent)::type;
                               return make_call(AOTC_KERNEL(pow, T, E), binary_params(ctx, binary_b_shape(ctx)),
                                                {ctx.in(0), ctx.in(1), ctx.out(0)}, "elementwise");
                             });
                           });
                         }};
  return def;
}

}  // namespace aotc
