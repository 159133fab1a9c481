// SPDX-License-Identifier: Apache-2.0
// ScatterElements, Scatter (its deprecated opset-9/10 name), ScatterND. Without a reduction any element
// type works (moved by size); reductions need arithmetic, so numeric types only.
#include <onnx_aotc/ref/scatter.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

int32_t reduction_code(const OpContext& ctx) {
  if (!ctx.has_attr("reduction")) return onnx_aotc::ref::kScatterNone;
  const std::string r = ctx.attr_string("reduction");
  if (r == "none") return onnx_aotc::ref::kScatterNone;
  if (r == "add") return onnx_aotc::ref::kScatterAdd;
  if (r == "mul") return onnx_aotc::ref::kScatterMul;
  if (r == "max" && ctx.opset() >= 18) return onnx_aotc::ref::kScatterMax;
  if (r == "min" && ctx.opset() >= 18) return onnx_aotc::ref::kScatterMin;
  ctx.error("reduction '{}' is not valid at opset {}", r, ctx.opset());
}

template <typename Params, typename KernelFor>
KernelCall lower_scatter(OpContext& ctx, const Params& p, KernelFor kernel_for) {
  auto with_type = [&](auto tag) {
    return dispatch_index(ctx.input(1).type, ctx, [&](auto itag) {
      return make_call(kernel_for(tag, itag), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}, "scatter");
    });
  };
  if (p.reduction == onnx_aotc::ref::kScatterNone) return dispatch_by_size(ctx.input(0).type, ctx, with_type);
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, with_type);
}

#define AOTC_SCATTER_KERNEL(name) \
  [](auto tag, auto itag) { return AOTC_KERNEL(name, typename decltype(tag)::type, typename decltype(itag)::type); }

void infer_scatter_elements(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  ctx.expect_same_type({2});
  dispatch_index(ctx.input(1).type, ctx, [](auto) { return 0; });
  reduction_code(ctx);
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  if (x.empty()) ctx.error("data must have rank >= 1");
  if (ctx.input(2).shape != idx) ctx.error("updates shape {} differs from indices shape {}", shape_to_string(ctx.input(2).shape), shape_to_string(idx));
  if (idx.size() != x.size()) ctx.error("indices have rank {} but data has rank {}", idx.size(), x.size());
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  for (size_t a = 0; a < x.size(); ++a)
    if (static_cast<int64_t>(a) != axis && idx[a] > x[a])
      ctx.error("indices shape {} exceeds data shape {} off the axis", shape_to_string(idx), shape_to_string(x));
  ctx.set_output(0, ctx.input(0).type, x);
}

KernelCall lower_scatter_elements(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  const onnx_aotc::ref::ScatterElementsParams p{to_dims(ctx.input(1).shape), onnx_aotc::strides_of(to_dims(x)),
                                                static_cast<int32_t>(axis), x[axis], shape_numel(x), reduction_code(ctx)};
  return lower_scatter(ctx, p, AOTC_SCATTER_KERNEL(scatter_elements));
}

void infer_scatter_nd(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  ctx.expect_same_type({2});
  dispatch_index(ctx.input(1).type, ctx, [](auto) { return 0; });
  reduction_code(ctx);
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  if (x.empty() || idx.empty()) ctx.error("data and indices must have rank >= 1");
  const int64_t k = idx.back();
  if (k < 1 || k > static_cast<int64_t>(x.size())) ctx.error("indices' last dimension {} must be in [1, {}]", k, x.size());
  Shape expected(idx.begin(), idx.end() - 1);
  expected.insert(expected.end(), x.begin() + k, x.end());
  if (ctx.input(2).shape != expected)
    ctx.error("updates have shape {} but must have shape {}", shape_to_string(ctx.input(2).shape), shape_to_string(expected));
  ctx.set_output(0, ctx.input(0).type, x);
}

KernelCall lower_scatter_nd(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  const int64_t k = idx.back();
  const onnx_aotc::Dims strides = onnx_aotc::strides_of(to_dims(x));
  onnx_aotc::ref::ScatterNDParams p{};
  p.tuples = shape_numel(Shape(idx.begin(), idx.end() - 1));
  p.k = static_cast<int32_t>(k);
  p.indexed = to_dims(Shape(x.begin(), x.begin() + k));
  p.indexed_strides = {p.k, {}};
  for (int j = 0; j < p.k; ++j) p.indexed_strides.d[j] = strides.d[j];
  p.slice = shape_numel(Shape(x.begin() + k, x.end()));
  p.total = shape_numel(x);
  p.reduction = reduction_code(ctx);
  return lower_scatter(ctx, p, AOTC_SCATTER_KERNEL(scatter_nd));
}

constexpr OpTraits kScatterTraits{false, true, false, true};

}  // namespace

const OpDef& op_Scatter() {
  static const OpDef def{"", "Scatter", {attr_int("axis", 0)}, kScatterTraits, infer_scatter_elements, lower_scatter_elements};
  return def;
}

const OpDef& op_ScatterElements() {
  static const OpDef def{"", "ScatterElements", {attr_int("axis", 0), attr_string("reduction", "none")}, kScatterTraits,
                         infer_scatter_elements, lower_scatter_elements};
  return def;
}

const OpDef& op_ScatterND() {
  static const OpDef def{"", "ScatterND", {attr_string("reduction", "none")}, kScatterTraits, infer_scatter_nd, lower_scatter_nd};
  return def;
}

}  // namespace aotc
