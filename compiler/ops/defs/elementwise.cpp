// SPDX-License-Identifier: Apache-2.0
// Elementwise ops: one table row per ONNX op, all lowering to onnx_aotc/ref/elementwise.h.
#include <onnx_aotc/ref/elementwise.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer_unary(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

template <typename Types, typename Kernel>
KernelCall lower_unary(OpContext& ctx, Kernel kernel_for, float alpha, float beta) {
  const onnx_aotc::ref::UnaryParams p{ctx.input(0).numel(), alpha, beta};
  return dispatch(Types{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(kernel_for(tag), p, {ctx.in(0), ctx.out(0)}, "elementwise");
  });
}

#define AOTC_UNARY_OP(onnx_name, kernel, types, alpha_expr, beta_expr, ...)                       \
  const OpDef& op_##onnx_name() {                                                                 \
    static const OpDef def{"", #onnx_name, {__VA_ARGS__}, {true, true, false, true}, infer_unary, \
                           [](OpContext& ctx) {                                                   \
                             return lower_unary<types>(                                           \
                                 ctx, [](auto tag) { return AOTC_KERNEL(kernel, typename decltype(tag)::type); }, \
                                 static_cast<float>(alpha_expr), static_cast<float>(beta_expr)); \
                           }};                                                                    \
    return def;                                                                                   \
  }

using SignedNumeric = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t, int64_t>;

}  // namespace

AOTC_UNARY_OP(Abs, abs, NumericTypes, 0, 0)
AOTC_UNARY_OP(Elu, elu, FloatTypes, ctx.attr_float("alpha"), 0, attr_float("alpha", 1.0))
AOTC_UNARY_OP(Erf, erf, FloatTypes, 0, 0)
AOTC_UNARY_OP(Exp, exp, FloatTypes, 0, 0)
AOTC_UNARY_OP(HardSigmoid, hard_sigmoid, FloatTypes, ctx.attr_float("alpha"), ctx.attr_float("beta"),
              attr_float("alpha", 0.2), attr_float("beta", 0.5))
AOTC_UNARY_OP(HardSwish, hard_swish, FloatTypes, 0, 0)
AOTC_UNARY_OP(LeakyRelu, leaky_relu, FloatTypes, ctx.attr_float("alpha"), 0, attr_float("alpha", 0.01))
AOTC_UNARY_OP(Log, log, FloatTypes, 0, 0)
AOTC_UNARY_OP(Neg, neg, SignedNumeric, 0, 0)
AOTC_UNARY_OP(Reciprocal, reciprocal, FloatTypes, 0, 0)
AOTC_UNARY_OP(Relu, relu, SignedNumeric, 0, 0)
AOTC_UNARY_OP(Selu, selu, FloatTypes, ctx.attr_float("alpha"), ctx.attr_float("gamma"),
              attr_float("alpha", 1.67326319217681884765625), attr_float("gamma", 1.05070102214813232421875))
AOTC_UNARY_OP(Sigmoid, sigmoid, FloatTypes, 0, 0)
AOTC_UNARY_OP(Softplus, softplus, FloatTypes, 0, 0)
AOTC_UNARY_OP(Sqrt, sqrt, FloatTypes, 0, 0)
AOTC_UNARY_OP(Tanh, tanh, FloatTypes, 0, 0)

namespace {

void infer_binary(OpContext& ctx, DataType result) {
  ctx.expect_inputs(2, 2);
  ctx.expect_same_type({1});
  ctx.set_output(0, result == DataType::kUndefined ? ctx.input(0).type : result,
                 broadcast_shapes(ctx, {ctx.input(0).shape, ctx.input(1).shape}));
}

onnx_aotc::ref::BinaryParams binary_params(const OpContext& ctx) {
  const Shape& out = ctx.output(0).shape;
  return {to_dims(out), onnx_aotc::broadcast_strides(to_dims(ctx.input(0).shape), to_dims(out)),
          onnx_aotc::broadcast_strides(to_dims(ctx.input(1).shape), to_dims(out))};
}

#define AOTC_BINARY_OP(onnx_name, kernel, types, result_type)                                              \
  const OpDef& op_##onnx_name() {                                                                          \
    static const OpDef def{"", #onnx_name, {}, {true, true, false, true},                                  \
                           [](OpContext& ctx) { infer_binary(ctx, result_type); },                         \
                           [](OpContext& ctx) {                                                            \
                             return dispatch(types{}, ctx.input(0).type, ctx, [&](auto tag) {              \
                               using T = typename decltype(tag)::type;                                     \
                               return make_call(AOTC_KERNEL(kernel, T), binary_params(ctx),                \
                                                {ctx.in(0), ctx.in(1), ctx.out(0)}, "elementwise");        \
                             });                                                                           \
                           }};                                                                             \
    return def;                                                                                            \
  }

}  // namespace

AOTC_BINARY_OP(Add, add, NumericTypes, DataType::kUndefined)
AOTC_BINARY_OP(Div, div, NumericTypes, DataType::kUndefined)
AOTC_BINARY_OP(Equal, equal, AllTypes, DataType::kBool)
AOTC_BINARY_OP(Greater, greater, NumericTypes, DataType::kBool)
AOTC_BINARY_OP(Less, less, NumericTypes, DataType::kBool)
AOTC_BINARY_OP(Mul, mul, NumericTypes, DataType::kUndefined)
AOTC_BINARY_OP(Sub, sub, NumericTypes, DataType::kUndefined)

}  // namespace aotc
