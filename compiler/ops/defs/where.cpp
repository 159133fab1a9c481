// SPDX-License-Identifier: Apache-2.0
// Where(condition, X, Y): elementwise select with three-way numpy broadcasting.
#include <onnx_aotc/ref/elementwise.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  if (ctx.input(0).type != DataType::kBool)
    ctx.error("condition ('{}') must be bool, not {}", ctx.input(0).name, data_type_name(ctx.input(0).type));
  ctx.expect_same_type({2}, 1);
  ctx.set_output(0, ctx.input(1).type,
                 broadcast_shapes(ctx, {ctx.input(0).shape, ctx.input(1).shape, ctx.input(2).shape}));
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::Dims out = to_dims(ctx.output(0).shape);
  const onnx_aotc::ref::WhereParams p{out, onnx_aotc::broadcast_strides(to_dims(ctx.input(0).shape), out),
                                      onnx_aotc::broadcast_strides(to_dims(ctx.input(1).shape), out),
                                      onnx_aotc::broadcast_strides(to_dims(ctx.input(2).shape), out)};
  return dispatch_by_size_or_string(ctx.input(1).type, ctx, [&](auto tag) -> KernelCall {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(where, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}, "elementwise");
  });
}

}  // namespace

const OpDef& op_Where() {
  static const OpDef def{"", "Where", {}, {true, false, false, true}, infer, lower};
  return def;
}

}  // namespace aotc
