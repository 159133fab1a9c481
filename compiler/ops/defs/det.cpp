// SPDX-License-Identifier: Apache-2.0
// Det: determinants of the trailing square matrices.
#include <onnx_aotc/ref/det.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 2 || x[x.size() - 1] != x[x.size() - 2]) ctx.error("input {} must be [*, M, M]", shape_to_string(x));
  if (x.back() > onnx_aotc::ref::kDetMaxSize)
    ctx.unsupported("matrix size {} exceeds the reference kernel's limit of {}", x.back(), onnx_aotc::ref::kDetMaxSize);
  ctx.set_output(0, ctx.input(0).type, Shape(x.begin(), x.end() - 2));
}

KernelCall lower(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::DetParams p{shape_numel(Shape(x.begin(), x.end() - 2)), x.back()};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(det, T), p, {ctx.in(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Det() {
  static const OpDef def{"", "Det", {}, {}, infer, lower};
  return def;
}

}  // namespace aotc
