// SPDX-License-Identifier: Apache-2.0
// ReverseSequence: batch_axis and time_axis are 0 and 1 (either order); sequence_lens may be a runtime input.
#include <onnx_aotc/ref/reverse_sequence.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Shape& in = ctx.input(0).shape;
  if (in.size() < 2) ctx.error("input has rank {}; ReverseSequence needs rank >= 2", in.size());
  const int64_t b = ctx.attr_int("batch_axis"), t = ctx.attr_int("time_axis");
  if (!((b == 0 && t == 1) || (b == 1 && t == 0))) ctx.error("batch_axis {} and time_axis {} must be 0 and 1", b, t);
  if (ctx.input(1).type != DataType::kInt64) ctx.error("sequence_lens must be int64, not {}", data_type_name(ctx.input(1).type));
  if (ctx.input(1).shape != Shape{in[b]}) ctx.error("sequence_lens has shape {} for batch size {}", shape_to_string(ctx.input(1).shape), in[b]);
  ctx.set_output(0, ctx.input(0).type, in);
}

KernelCall lower(OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  const int64_t b = ctx.attr_int("batch_axis"), t = ctx.attr_int("time_axis");
  const int64_t inner = shape_numel(Shape(in.begin() + 2, in.end()));
  const int64_t strides[2] = {in[1] * inner, inner};
  const onnx_aotc::ref::ReverseSequenceParams p{in[b], in[t], strides[b], strides[t], inner};
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(reverse_sequence, T, int64_t), p, {ctx.in(0), ctx.in(1), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_ReverseSequence() {
  static const OpDef def{"", "ReverseSequence", {attr_int("batch_axis", 1), attr_int("time_axis", 0)}, {}, infer, lower};
  return def;
}

}  // namespace aotc
