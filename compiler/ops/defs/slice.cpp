// SPDX-License-Identifier: Apache-2.0
// Slice: starts/ends/axes/steps (inputs from opset 10, attributes before) must be constants since they
// determine the output shape. Lowers to a strided copy (negative steps give negative strides).
#include <onnx_aotc/ref/data_movement.h>

#include <algorithm>
#include <set>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

struct SliceGeometry {
  Shape out;
  Shape start, step;  // per input axis
};

SliceGeometry geometry(const OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (ctx.opset() < 10) {
    starts = ctx.attr_ints("starts");
    ends = ctx.attr_ints("ends");
    axes = ctx.attr_ints("axes");
  } else {
    require_constant_inputs(ctx, {1, 2, 3, 4});
    starts = ctx.constant_ints(1);
    ends = ctx.constant_ints(2);
    if (ctx.has_input(3)) axes = ctx.constant_ints(3);
    if (ctx.has_input(4)) steps = ctx.constant_ints(4);
  }
  if (starts.size() != ends.size()) ctx.error("starts has {} entries but ends has {}", starts.size(), ends.size());
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    ctx.error("starts, ends, axes and steps must have the same length ({}, {}, {}, {})", starts.size(), ends.size(), axes.size(), steps.size());
  SliceGeometry g{in, Shape(in.size(), 0), Shape(in.size(), 1)};
  std::set<int64_t> seen;
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t axis = normalize_axis(ctx, axes[i], rank);
    if (!seen.insert(axis).second) ctx.error("axis {} is sliced twice", axis);
    const int64_t dim = in[axis], step = steps[i];
    if (step == 0) ctx.error("step for axis {} is zero", axis);
    int64_t start = starts[i], end = ends[i];
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    int64_t n = 0;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      if (end > start) n = (end - start + step - 1) / step;
    } else {
      start = dim == 0 ? 0 : std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
      if (start > end) n = (start - end + (-step) - 1) / (-step);
    }
    g.out[axis] = n;
    g.start[axis] = n > 0 ? start : 0;
    g.step[axis] = step;
  }
  return g;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(ctx.opset() < 10 ? 1 : 3, ctx.opset() < 10 ? 1 : 5);
  ctx.set_output(0, ctx.input(0).type, geometry(ctx).out);
}

KernelCall lower(OpContext& ctx) {
  const SliceGeometry g = geometry(ctx);
  const onnx_aotc::Dims strides = onnx_aotc::strides_of(to_dims(ctx.input(0).shape));
  onnx_aotc::ref::StridedCopyParams p{to_dims(g.out), strides, 0};
  for (int a = 0; a < strides.rank; ++a) {
    p.offset += g.start[a] * strides.d[a];
    p.in_strides.d[a] = strides.d[a] * g.step[a];
  }
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(strided_copy, T), p, {ctx.in(0), ctx.out(0)}, "data_movement");
  });
}

}  // namespace

const OpDef& op_Slice() {
  // Same shape, every axis read forward from 0: the input unchanged.
  auto forwards_input = [](const OpContext& ctx) {
    const SliceGeometry g = geometry(ctx);
    for (size_t a = 0; a < g.out.size(); ++a)
      if (g.out[a] != ctx.input(0).shape[a] || (g.out[a] > 1 && (g.start[a] != 0 || g.step[a] != 1))) return false;
    return true;
  };
  static const OpDef def{"", "Slice", {attr_ints("starts"), attr_ints("ends"), attr_ints("axes")}, {}, infer, lower, forwards_input};
  return def;
}

}  // namespace aotc
