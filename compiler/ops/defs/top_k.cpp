// SPDX-License-Identifier: Apache-2.0
// TopK: the k largest (or smallest) elements along `axis` and their int64 indices. k is an attribute in
// opset 1 and input 1 from opset 10; as it determines the output shape, that input must be a constant.
#include <onnx_aotc/ref/top_k.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct TopKSetup {
  int64_t axis, k;
};

TopKSetup setup(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == 0) ctx.error("input must have rank >= 1");
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), rank);
  int64_t k;
  if (ctx.opset() < 10) {
    ctx.expect_inputs(1, 1);
    k = ctx.attr_int("k");
  } else {
    ctx.expect_inputs(2, 2);
    if (ctx.has_attr("k")) ctx.error("'k' is an input since opset 10, not an attribute");
    const Value& kv = ctx.input(1);
    if (kv.type != DataType::kInt64) ctx.error("K must be int64, not {}", data_type_name(kv.type));
    if (kv.shape.size() > 1 || kv.numel() != 1)
      ctx.error("K must be a 1-D tensor of one element, has shape {}", shape_to_string(kv.shape));
    k = ctx.constant_ints(1)[0];
  }
  if (k < 0 || k > x[axis]) ctx.error("k = {} is out of range for axis {} of size {}", k, axis, x[axis]);
  if (ctx.opset() < 11 && (ctx.has_attr("largest") || ctx.has_attr("sorted")))
    ctx.error("attributes 'largest' and 'sorted' are only defined from opset 11");
  return {axis, k};
}

void infer(OpContext& ctx) {
  const auto s = setup(ctx);
  if (!ctx.has_output(0) || !ctx.has_output(1)) ctx.error("outputs Values and Indices are both required");
  Shape out = ctx.input(0).shape;
  out[s.axis] = s.k;
  ctx.set_output(0, ctx.input(0).type, out);
  ctx.set_output(1, DataType::kInt64, out);
}

KernelCall lower(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const auto s = setup(ctx);
  // sorted=0 leaves the order unspecified; the kernel always sorts, which satisfies both.
  onnx_aotc::ref::TopKParams p{1, x[s.axis], 1, s.k, ctx.attr_int("largest") != 0};
  for (int64_t i = 0; i < static_cast<int64_t>(x.size()); ++i) {
    if (i < s.axis) p.outer *= x[i];
    else if (i > s.axis) p.inner *= x[i];
  }
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(top_k, T), p, {ctx.in(0), ctx.out(0), ctx.out(1)});
  });
}

}  // namespace

const OpDef& op_TopK() {
  static const OpDef def{"", "TopK",
                         {attr_int("axis", -1), attr_int("k"), attr_int("largest", 1), attr_int("sorted", 1)},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
