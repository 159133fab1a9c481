// SPDX-License-Identifier: Apache-2.0
// EyeLike: an identity-like matrix with the input's shape; depends only on that shape, so it folds.
#include <onnx_aotc/ref/eye_like.h>

#include <algorithm>

#include "ops/op_def.h"

namespace aotc {
namespace {

DataType output_type(const OpContext& ctx) {
  if (!ctx.has_attr("dtype")) return ctx.input(0).type;
  const auto type = data_type_from_onnx(static_cast<int32_t>(ctx.attr_int("dtype")));
  if (!type || *type == DataType::kUndefined) ctx.error("dtype {} is not an ONNX element type", ctx.attr_int("dtype"));
  return *type;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& in = ctx.input(0).shape;
  if (in.size() != 2) ctx.error("input has rank {}; EyeLike needs a 2-D input", in.size());
  ctx.set_output(0, output_type(ctx), in);
}

KernelCall lower(OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  // A diagonal outside the matrix gives all zeros, as does k clamped to [-rows, cols] (no overflow in the kernel).
  const int64_t k = std::clamp(ctx.attr_int("k"), -in[0], in[1]);
  const onnx_aotc::ref::EyeLikeParams p{in[0], in[1], k};
  return dispatch(AllTypes{}, output_type(ctx), ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(eye_like, T), p, {ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_EyeLike() {
  static const OpDef def{"", "EyeLike", {attr_int("dtype"), attr_int("k", 0)}, {false, false, false, true, false}, infer, lower};
  return def;
}

}  // namespace aotc
