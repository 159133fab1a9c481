// SPDX-License-Identifier: Apache-2.0
// CumSum and CumProd: cumulative sum / product along the axis given by input 1 (an int32/int64 scalar or
// 1-element tensor). The axis does not determine the output shape, so the kernel reads it at run time; a constant
// axis is still range-checked here.
#include <onnx_aotc/ref/cum_sum.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

using CumSumTypes =
    TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int32_t, int64_t, uint32_t, uint64_t>;

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Value& a = ctx.input(1);
  if (a.type != DataType::kInt32 && a.type != DataType::kInt64)
    ctx.error("axis input must be int32 or int64, not {}", data_type_name(a.type));
  if (a.shape.size() > 1 || a.numel() != 1)
    ctx.error("axis input must be a scalar or a 1-element 1-D tensor, has shape {}", shape_to_string(a.shape));
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  if (rank == 0) ctx.error("input must have rank >= 1");
  if (a.is_constant()) normalize_axis(ctx, ctx.constant_ints(1)[0], rank);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower(OpContext& ctx, bool product) {
  const Shape& x = ctx.input(0).shape;
  if (x.size() > static_cast<size_t>(onnx_aotc::kMaxRank))
    ctx.unsupported("input rank {} exceeds the supported {}", x.size(), onnx_aotc::kMaxRank);
  const onnx_aotc::ref::CumSumParams p{to_dims(x), ctx.attr_int("exclusive") != 0,
                                       ctx.attr_int("reverse") != 0};
  return dispatch(CumSumTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(TypeList<int32_t, int64_t>{}, ctx.input(1).type, ctx, [&](auto axis_tag) {
      using A = typename decltype(axis_tag)::type;
      if (product) return make_call(AOTC_KERNEL(cum_prod, T, A), p, {ctx.in(0), ctx.in(1), ctx.out(0)}, "cum_sum");
      return make_call(AOTC_KERNEL(cum_sum, T, A), p, {ctx.in(0), ctx.in(1), ctx.out(0)});
    });
  });
}

}  // namespace

const OpDef& op_CumProd() {
  static const OpDef def{"", "CumProd", {attr_int("exclusive", 0), attr_int("reverse", 0)}, {}, infer,
                         [](OpContext& ctx) { return lower(ctx, true); }};
  return def;
}

const OpDef& op_CumSum() {
  static const OpDef def{"", "CumSum", {attr_int("exclusive", 0), attr_int("reverse", 0)}, {}, infer,
                         [](OpContext& ctx) { return lower(ctx, false); }};
  return def;
}

}  // namespace aotc
