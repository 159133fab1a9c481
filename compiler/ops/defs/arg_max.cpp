// SPDX-License-Identifier: Apache-2.0
// ArgMax and ArgMin: int64 indices of the extreme along `axis` (keepdims, select_last_index since opset 12).
#include <onnx_aotc/ref/arg_max.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& x = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == 0) ctx.error("input must have rank >= 1");
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), rank);
  if (x[axis] == 0) ctx.error("cannot take the index of an extreme over axis {} of size 0", axis);
  if (ctx.attr_int("select_last_index") != 0 && ctx.opset() < 12)
    ctx.error("select_last_index is only defined from opset 12");
  Shape out = x;
  if (ctx.attr_int("keepdims") != 0) out[axis] = 1;
  else out.erase(out.begin() + axis);
  ctx.set_output(0, DataType::kInt64, out);
}

KernelCall lower(OpContext& ctx, bool find_min) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  onnx_aotc::ref::ArgMaxParams p{1, x[axis], 1, find_min, ctx.attr_int("select_last_index") != 0};
  for (int64_t i = 0; i < static_cast<int64_t>(x.size()); ++i) {
    if (i < axis) p.outer *= x[i];
    else if (i > axis) p.inner *= x[i];
  }
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(arg_max, T), p, {ctx.in(0), ctx.out(0)});
  });
}

std::vector<AttrSpec> attrs() {
  return {attr_int("axis", 0), attr_int("keepdims", 1), attr_int("select_last_index", 0)};
}

}  // namespace

const OpDef& op_ArgMax() {
  static const OpDef def{"", "ArgMax", attrs(), {}, infer, [](OpContext& ctx) { return lower(ctx, false); }};
  return def;
}

const OpDef& op_ArgMin() {
  static const OpDef def{"", "ArgMin", attrs(), {}, infer, [](OpContext& ctx) { return lower(ctx, true); }};
  return def;
}

}  // namespace aotc
