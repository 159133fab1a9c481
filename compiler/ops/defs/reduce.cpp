// SPDX-License-Identifier: Apache-2.0
// Reductions: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceLogSum,
// ReduceLogSumExp, ReduceSumSquare. `axes` is an attribute in older opsets and an input from opset 13
// (ReduceSum) or 18 (the others); the input must be a constant since it determines the output shape.
// Empty axes mean all axes, unless noop_with_empty_axes is set, in which case nothing is reduced.
#include <onnx_aotc/ref/reduce.h>

#include <set>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct ReduceKind {
  int32_t mode;
  int axes_input_since;  ///< first opset in which `axes` is an input
  bool allows_bool;
};

/// The sorted, normalized set of reduced axes.
std::set<int64_t> reduced_axes(const OpContext& ctx, const ReduceKind& kind) {
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  std::vector<int64_t> axes;
  bool noop = false;
  if (ctx.opset() >= kind.axes_input_since) {
    ctx.expect_inputs(1, 2);
    if (ctx.has_attr("axes")) ctx.error("'axes' is an input since opset {}, not an attribute", kind.axes_input_since);
    if (ctx.has_input(1)) {
      const Value& a = ctx.input(1);
      if (a.type != DataType::kInt64) ctx.error("axes input must be int64, not {}", data_type_name(a.type));
      if (a.shape.size() > 1) ctx.error("axes input must be 1-D, has shape {}", shape_to_string(a.shape));
      axes = ctx.constant_ints(1);
    }
    noop = ctx.attr_int("noop_with_empty_axes") != 0;
  } else {
    ctx.expect_inputs(1, 1);
    axes = ctx.attr_ints("axes");
  }
  std::set<int64_t> out;
  if (axes.empty()) {
    if (!noop)
      for (int64_t i = 0; i < rank; ++i) out.insert(i);
    return out;
  }
  for (int64_t a : axes)
    if (!out.insert(normalize_axis(ctx, a, rank, "axes value")).second) ctx.error("axis {} appears more than once in axes", a);
  return out;
}

void infer(OpContext& ctx, const ReduceKind& kind) {
  const Shape& x = ctx.input(0).shape;
  const auto axes = reduced_axes(ctx, kind);
  if (ctx.input(0).type == DataType::kBool && (!kind.allows_bool || ctx.opset() < 20))
    ctx.error("element type bool is not allowed{}", kind.allows_bool ? " before opset 20" : "");
  const bool keepdims = ctx.attr_int("keepdims") != 0;
  Shape out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!axes.count(static_cast<int64_t>(i))) out.push_back(x[i]);
    else if (keepdims) out.push_back(1);
  }
  ctx.set_output(0, ctx.input(0).type, out);
}

/// Appends a dimension to `dims`/`strides`, dropping size-1 dimensions and merging it into the previous one
/// when the two are contiguous.
void append_dim(onnx_aotc::Dims& dims, onnx_aotc::Dims& strides, int64_t size, int64_t stride) {
  if (size == 1) return;
  if (dims.rank > 0 && dims.d[dims.rank - 1] != 0 && size != 0 && strides.d[dims.rank - 1] == stride * size) {
    dims.d[dims.rank - 1] *= size;
    strides.d[dims.rank - 1] = stride;
    return;
  }
  dims.d[dims.rank] = size;
  strides.d[dims.rank] = stride;
  ++dims.rank;
}

KernelCall lower(OpContext& ctx, const ReduceKind& kind) {
  const Shape& x = ctx.input(0).shape;
  const auto axes = reduced_axes(ctx, kind);
  const onnx_aotc::Dims strides = onnx_aotc::strides_of(to_dims(x));
  onnx_aotc::ref::ReduceParams p{};
  for (size_t i = 0; i < x.size(); ++i) {
    if (axes.count(static_cast<int64_t>(i))) append_dim(p.reduced, p.reduced_strides, x[i], strides.d[i]);
    else append_dim(p.kept, p.kept_strides, x[i], strides.d[i]);
  }
  p.reduced_strides.rank = p.reduced.rank;
  p.kept_strides.rank = p.kept.rank;
  p.mode = kind.mode;
  auto make = [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(reduce, T), p, {ctx.in(0), ctx.out(0)});
  };
  if (kind.allows_bool) return dispatch(AllTypes{}, ctx.input(0).type, ctx, make);
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, make);
}

#define AOTC_REDUCE_OP(onnx_name, mode, since, allows_bool)                                                  \
  const OpDef& op_##onnx_name##_def() {                                                                      \
    static const ReduceKind kind{onnx_aotc::ref::mode, since, allows_bool};                                  \
    static const OpDef def{"", #onnx_name,                                                                   \
                           {attr_ints("axes"), attr_int("keepdims", 1), attr_int("noop_with_empty_axes", 0)}, \
                           {},                                                                               \
                           [](OpContext& ctx) { infer(ctx, kind); },                                         \
                           [](OpContext& ctx) { return lower(ctx, kind); }};                                 \
    return def;                                                                                              \
  }

AOTC_REDUCE_OP(ReduceL1, kReduceL1, 18, false)
AOTC_REDUCE_OP(ReduceL2, kReduceL2, 18, false)
AOTC_REDUCE_OP(ReduceLogSum, kReduceLogSum, 18, false)
AOTC_REDUCE_OP(ReduceLogSumExp, kReduceLogSumExp, 18, false)
AOTC_REDUCE_OP(ReduceMax, kReduceMax, 18, true)
AOTC_REDUCE_OP(ReduceMean, kReduceMean, 18, false)
AOTC_REDUCE_OP(ReduceMin, kReduceMin, 18, true)
AOTC_REDUCE_OP(ReduceProd, kReduceProd, 18, false)
AOTC_REDUCE_OP(ReduceSum, kReduceSum, 13, false)
AOTC_REDUCE_OP(ReduceSumSquare, kReduceSumSquare, 18, false)

}  // namespace

const OpDef& op_ReduceL1() { return op_ReduceL1_def(); }
const OpDef& op_ReduceL2() { return op_ReduceL2_def(); }
const OpDef& op_ReduceLogSum() { return op_ReduceLogSum_def(); }
const OpDef& op_ReduceLogSumExp() { return op_ReduceLogSumExp_def(); }
const OpDef& op_ReduceMax() { return op_ReduceMax_def(); }
const OpDef& op_ReduceMean() { return op_ReduceMean_def(); }
const OpDef& op_ReduceMin() { return op_ReduceMin_def(); }
const OpDef& op_ReduceProd() { return op_ReduceProd_def(); }
const OpDef& op_ReduceSum() { return op_ReduceSum_def(); }
const OpDef& op_ReduceSumSquare() { return op_ReduceSumSquare_def(); }

}  // namespace aotc
