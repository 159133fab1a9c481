// SPDX-License-Identifier: Apache-2.0
// Softmax, LogSoftmax and Hardmax. Before opset 13 they work on the input coerced to 2-D at `axis`
// (default 1, range [-rank, rank]); from opset 13 on one axis (default -1, range [-rank, rank-1]).
#include <onnx_aotc/ref/softmax.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

/// The normalized axis, following the opset's default and range.
int64_t softmax_axis(const OpContext& ctx) {
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  const bool coerce_2d = ctx.opset() < 13;
  const int64_t axis = ctx.has_attr("axis") ? ctx.attr_int("axis") : (coerce_2d ? 1 : -1);
  if (coerce_2d) {
    if (axis < -rank || axis > rank) ctx.error("axis {} is out of range for rank {}", axis, rank);
    return axis < 0 ? axis + rank : axis;
  }
  if (rank == 0) ctx.error("input must have rank >= 1");
  return normalize_axis(ctx, axis, rank);
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  softmax_axis(ctx);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

enum class Kind { kSoftmax, kLogSoftmax, kHardmax };

KernelCall lower(OpContext& ctx, Kind kind) {
  const Shape& x = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(x.size());
  const int64_t axis = softmax_axis(ctx);
  int64_t outer = 1, size = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (i < axis) outer *= x[i];
    else if (i == axis || ctx.opset() < 13) size *= x[i];
    else inner *= x[i];
  }
  const onnx_aotc::ref::SoftmaxParams p{outer, size, inner, kind == Kind::kLogSoftmax};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (kind == Kind::kHardmax) return make_call(AOTC_KERNEL(hardmax, T), p, {ctx.in(0), ctx.out(0)}, "softmax");
    return make_call(AOTC_KERNEL(softmax, T), p, {ctx.in(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Hardmax() {
  static const OpDef def{"", "Hardmax", {attr_int("axis", -1)}, {}, infer, [](OpContext& ctx) { return lower(ctx, Kind::kHardmax); }};
  return def;
}

const OpDef& op_LogSoftmax() {
  static const OpDef def{"", "LogSoftmax", {attr_int("axis", -1)}, {}, infer, [](OpContext& ctx) { return lower(ctx, Kind::kLogSoftmax); }};
  return def;
}

const OpDef& op_Softmax() {
  static const OpDef def{"", "Softmax", {attr_int("axis", -1)}, {}, infer, [](OpContext& ctx) { return lower(ctx, Kind::kSoftmax); }};
  return def;
}

}  // namespace aotc
