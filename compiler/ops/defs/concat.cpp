// SPDX-License-Identifier: Apache-2.0
// Concat along one axis, any number of inputs (their axis extents are run-length encoded in the params).
#include <onnx_aotc/ref/data_movement.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  if (ctx.num_inputs() < 1) ctx.error("needs at least one input");
  for (size_t i = 0; i < ctx.num_inputs(); ++i)
    if (!ctx.has_input(i)) ctx.error("input {} is missing", i);
  const Shape& first = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(first.size());
  if (rank == 0) ctx.error("cannot concatenate scalars");
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), rank);
  Shape out = first;
  out[axis] = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const Shape& s = ctx.input(i).shape;
    if (ctx.input(i).type != ctx.input(0).type) ctx.error("input {} has type {} but input 0 has {}", i, data_type_name(ctx.input(i).type), data_type_name(ctx.input(0).type));
    if (static_cast<int64_t>(s.size()) != rank) ctx.error("input {} has rank {} but input 0 has rank {}", i, s.size(), rank);
    for (int64_t a = 0; a < rank; ++a)
      if (a != axis && s[a] != first[a]) ctx.error("input {} has shape {}, which differs from {} off the concat axis", i, shape_to_string(s), shape_to_string(first));
    out[axis] += s[axis];
  }
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const Shape& first = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(first.size()));
  onnx_aotc::ref::ConcatParams p{};
  p.outer = shape_numel(Shape(first.begin(), first.begin() + axis));
  p.inner = shape_numel(Shape(first.begin() + axis + 1, first.end()));
  for (size_t i = 0; i < ctx.num_inputs(); ++i)
    if (!onnx_aotc::ref::concat_add_extent(p, ctx.input(i).shape[axis]))
      ctx.unsupported("the inputs' axis extents change more than {} times along the list", onnx_aotc::ref::kConcatMaxRuns);
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(concat, T), p, {ctx.in_list(0), ctx.out(0)}, "data_movement");
  });
}

}  // namespace

const OpDef& op_Concat() {
  static const OpDef def{"", "Concat", {required(attr_int("axis"))}, {}, infer, lower,
                         [](const OpContext& ctx) { return ctx.num_inputs() == 1; }};
  return def;
}

}  // namespace aotc
