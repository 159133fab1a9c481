// SPDX-License-Identifier: Apache-2.0
// MaxUnpool: the inverse of MaxPool with indices; output_shape (input 2) must be a constant.
#include <onnx_aotc/ref/max_unpool.h>

#include "ops/defs/spatial.h"

namespace aotc {
namespace {

Shape output_shape(const OpContext& ctx, Shape* inferred = nullptr) {
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 3) ctx.error("X has rank {}; MaxUnpool needs [N, C, spatial...]", x.size());
  if (ctx.input(1).shape != x) ctx.error("indices I {} must have the shape of X {}", shape_to_string(ctx.input(1).shape), shape_to_string(x));
  const size_t rank = x.size() - 2;
  const auto kernel = ctx.attr_ints("kernel_shape");
  if (kernel.size() != rank) ctx.error("kernel_shape has {} values, expected {}", kernel.size(), rank);
  std::vector<int64_t> strides = ctx.attr_ints("strides"), pads = ctx.attr_ints("pads");
  if (strides.empty()) strides.assign(rank, 1);
  if (pads.empty()) pads.assign(2 * rank, 0);
  if (strides.size() != rank || pads.size() != 2 * rank) ctx.error("strides/pads do not match {} spatial dims", rank);
  Shape out = {x[0], x[1]};
  for (size_t i = 0; i < rank; ++i) {
    if (strides[i] < 1 || kernel[i] < 1) ctx.error("kernel_shape and strides must be positive");
    if (pads[i] < 0 || pads[i + rank] < 0) ctx.error("pads must not be negative");
    // Attributes may be INT64_MAX: the sums and products that can overflow are checked.
    const int64_t extent = checked_add(ctx, checked_mul(ctx, x[i + 2] - 1, strides[i], "strided input size"), kernel[i], "output size");
    out.push_back(checked_add(ctx, checked_add(ctx, extent, -pads[i], "output size"), -pads[i + rank], "output size"));
  }
  if (inferred) *inferred = out;
  if (ctx.has_input(2)) {
    const Shape given = ctx.constant_ints(2);
    if (given.size() != x.size()) ctx.error("output_shape has {} values, expected {}", given.size(), x.size());
    if (given[0] != x[0] || given[1] != x[1]) ctx.error("output_shape {} must keep N and C of X", shape_to_string(given));
    for (size_t i = 2; i < given.size(); ++i)
      if (given[i] < out[i]) ctx.error("output_shape {} is smaller than the default {}", shape_to_string(given), shape_to_string(out));
    out = given;
  }
  return out;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  if (ctx.input(1).type != DataType::kInt64) ctx.error("indices I must be int64");
  ctx.set_output(0, ctx.input(0).type, output_shape(ctx));
}

KernelCall lower(OpContext& ctx) {
  Shape inferred;
  const Shape out = output_shape(ctx, &inferred);
  const onnx_aotc::ref::MaxUnpoolParams p{ctx.input(0).numel(), to_dims(inferred), to_dims(out)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(max_unpool, T), p, {ctx.in(0), ctx.in(1), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_MaxUnpool() {
  static const OpDef def{"", "MaxUnpool", {required(attr_ints("kernel_shape")), attr_ints("pads"), attr_ints("strides")},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
