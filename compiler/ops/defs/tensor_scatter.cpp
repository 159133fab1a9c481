// SPDX-License-Identifier: Apache-2.0
// TensorScatter (opset 24): KV-cache style update of `past_cache` along a sequence axis.
#include <onnx_aotc/ref/tensor_scatter.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

int64_t sequence_axis(const OpContext& ctx) {
  const Shape& past = ctx.input(0).shape;
  const Shape& update = ctx.input(1).shape;
  if (past.size() < 2) ctx.error("past_cache has rank {}; TensorScatter needs at least 2", past.size());
  if (update.size() != past.size()) ctx.error("update has rank {} but past_cache has rank {}", update.size(), past.size());
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(past.size()));
  if (axis == 0) ctx.error("axis must not be the batch axis 0");
  for (size_t i = 0; i < past.size(); ++i) {
    if (static_cast<int64_t>(i) == axis ? update[i] > past[i] : update[i] != past[i])
      ctx.error("update {} does not fit past_cache {} along axis {}", shape_to_string(update), shape_to_string(past), axis);
  }
  return axis;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  ctx.expect_same_type({1});
  const std::string mode = ctx.attr_string("mode");
  if (mode != "linear" && mode != "circular") ctx.error("mode '{}' is not 'linear' or 'circular'", mode);
  sequence_axis(ctx);
  if (ctx.has_input(2)) {
    if (ctx.input(2).type != DataType::kInt64) ctx.error("write_indices must be int64");
    if (ctx.input(2).shape != Shape{ctx.input(0).shape[0]})
      ctx.error("write_indices {} must be [{}]", shape_to_string(ctx.input(2).shape), ctx.input(0).shape[0]);
  }
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower(OpContext& ctx) {
  const Shape& past = ctx.input(0).shape;
  const int64_t axis = sequence_axis(ctx);
  int64_t outer = 1, inner = 1;
  for (int64_t i = 1; i < axis; ++i) outer *= past[i];
  for (size_t i = static_cast<size_t>(axis) + 1; i < past.size(); ++i) inner *= past[i];
  const onnx_aotc::ref::TensorScatterParams p{past[0], outer, past[axis], ctx.input(1).shape[axis], inner,
                                              ctx.attr_string("mode") == "circular"};
  const DataType t = ctx.input(0).type;
  if (t == DataType::kString) ctx.unsupported("element type string is not supported");
  return dispatch_by_size(t, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(tensor_scatter, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_TensorScatter() {
  static const OpDef def{"", "TensorScatter", {attr_int("axis", -2), attr_string("mode", "linear")},
                         OpTraits{false, true}, infer, lower};
  return def;
}

}  // namespace aotc
