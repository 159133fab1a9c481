// SPDX-License-Identifier: Apache-2.0
// CumSum: cumulative sum along the axis given by input 1 (a constant int32/int64 scalar or 1-element tensor).
#include <onnx_aotc/ref/cum_sum.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

using CumSumTypes =
    TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int32_t, int64_t, uint32_t, uint64_t>;

int64_t cum_sum_axis(const OpContext& ctx) {
  const Value& a = ctx.input(1);
  if (a.type != DataType::kInt32 && a.type != DataType::kInt64)
    ctx.error("axis input must be int32 or int64, not {}", data_type_name(a.type));
  if (a.shape.size() > 1 || a.numel() != 1)
    ctx.error("axis input must be a scalar or a 1-element 1-D tensor, has shape {}", shape_to_string(a.shape));
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  if (rank == 0) ctx.error("input must have rank >= 1");
  return normalize_axis(ctx, ctx.constant_ints(1)[0], rank);
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  cum_sum_axis(ctx);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = cum_sum_axis(ctx);
  onnx_aotc::ref::CumSumParams p{1, x[axis], 1, ctx.attr_int("exclusive") != 0, ctx.attr_int("reverse") != 0};
  for (int64_t i = 0; i < static_cast<int64_t>(x.size()); ++i) {
    if (i < axis) p.outer *= x[i];
    else if (i > axis) p.inner *= x[i];
  }
  return dispatch(CumSumTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(cum_sum, T), p, {ctx.in(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_CumSum() {
  static const OpDef def{"", "CumSum", {attr_int("exclusive", 0), attr_int("reverse", 0)}, {}, infer, lower};
  return def;
}

}  // namespace aotc
