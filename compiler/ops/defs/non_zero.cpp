// SPDX-License-Identifier: Apache-2.0
// NonZero: a data-dependent output shape, bounded by every element being non-zero.
#include <onnx_aotc/ref/non_zero.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Value& x = ctx.input(0);
  if (x.shape.empty()) ctx.unsupported("a scalar input is not supported");
  ctx.set_output_bounded(0, DataType::kInt64, {static_cast<int64_t>(x.shape.size()), x.numel()});
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::ref::NonZeroParams p{to_dims(ctx.input(0).shape)};
  return dispatch(AllTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(non_zero, T), p, {ctx.in(0), ctx.out(0), ctx.out_dims(0)});
  });
}

}  // namespace

const OpDef& op_NonZero() {
  static const OpDef def{"", "NonZero", {}, {}, infer, lower};
  return def;
}

}  // namespace aotc
