// SPDX-License-Identifier: Apache-2.0
// Trilu: upper or lower triangle of the last two dims; the optional k input may be computed at run time.
#include <onnx_aotc/ref/trilu.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  const Shape& in = ctx.input(0).shape;
  if (in.size() < 2) ctx.error("input has rank {}; Trilu needs rank >= 2", in.size());
  if (ctx.has_input(1)) {
    if (ctx.input(1).type != DataType::kInt64) ctx.error("k must be int64, not {}", data_type_name(ctx.input(1).type));
    if (ctx.input(1).numel() != 1) ctx.error("k must be a scalar, has shape {}", shape_to_string(ctx.input(1).shape));
  }
  ctx.set_output(0, ctx.input(0).type, in);
}

KernelCall lower(OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  const size_t r = in.size();
  const onnx_aotc::ref::TriluParams p{shape_numel(Shape(in.begin(), in.end() - 2)), in[r - 2], in[r - 1], ctx.attr_int("upper") != 0};
  return dispatch_by_size(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(trilu, T), p, {ctx.in(0), ctx.in(1), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Trilu() {
  static const OpDef def{"", "Trilu", {attr_int("upper", 1)}, {}, infer, lower};
  return def;
}

}  // namespace aotc
