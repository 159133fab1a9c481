// SPDX-License-Identifier: Apache-2.0
// Expand: broadcasts the input to the constant `shape` input (numpy rules, either side may be 1).
#include <onnx_aotc/ref/data_movement.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  if (ctx.input(1).shape.size() != 1) ctx.error("shape input must be 1-D, not {}", shape_to_string(ctx.input(1).shape));
  const auto target = ctx.constant_ints(1);
  for (int64_t d : target)
    if (d < 0) ctx.error("shape {} has a negative dimension", shape_to_string(target));
  ctx.set_output(0, ctx.input(0).type, broadcast_shapes(ctx, {ctx.input(0).shape, target}));
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::Dims out = to_dims(ctx.output(0).shape);
  const onnx_aotc::ref::StridedCopyParams p{out, onnx_aotc::broadcast_strides(to_dims(ctx.input(0).shape), out), 0};
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(strided_copy, T), p, {ctx.in(0), ctx.out(0)}, "data_movement");
  });
}

}  // namespace

const OpDef& op_Expand() {
  static const OpDef def{"", "Expand", {}, {}, infer, lower,
                         [](const OpContext&) { return true; }};  // to its own shape: a copy
  return def;
}

}  // namespace aotc
