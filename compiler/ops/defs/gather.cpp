// SPDX-License-Identifier: Apache-2.0
// Gather, GatherElements, GatherND: any element type (moved by size), int32/int64 indices.
#include <onnx_aotc/ref/gather.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

template <typename Params, typename KernelFor>
KernelCall lower_indexed(OpContext& ctx, const Params& p, KernelFor kernel_for) {
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    return dispatch_index(ctx.input(1).type, ctx, [&](auto itag) {
      return make_call(kernel_for(tag, itag), p, {ctx.in(0), ctx.in(1), ctx.out(0)}, "gather");
    });
  });
}

#define AOTC_INDEXED_KERNEL(name) \
  [](auto tag, auto itag) { return AOTC_KERNEL(name, typename decltype(tag)::type, typename decltype(itag)::type); }

// ---- Gather ---------------------------------------------------------------------------------------

void infer_gather(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  if (x.empty()) ctx.error("data must have rank >= 1");
  dispatch_index(ctx.input(1).type, ctx, [](auto) { return 0; });
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  if (ctx.input(1).is_constant())  // the kernel zero-fills at run time; a constant index is checked now
    for (int64_t i : ctx.constant_ints(1))
      if (i < -x[axis] || i >= x[axis]) ctx.error("index {} is out of range for axis {} of extent {}", i, axis, x[axis]);
  Shape out(x.begin(), x.begin() + axis);
  out.insert(out.end(), idx.begin(), idx.end());
  out.insert(out.end(), x.begin() + axis + 1, x.end());
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_gather(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  const onnx_aotc::ref::GatherParams p{shape_numel(Shape(x.begin(), x.begin() + axis)), x[axis],
                                       shape_numel(Shape(x.begin() + axis + 1, x.end())), ctx.input(1).numel()};
  return lower_indexed(ctx, p, AOTC_INDEXED_KERNEL(gather));
}

// ---- GatherElements -------------------------------------------------------------------------------

void infer_gather_elements(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  dispatch_index(ctx.input(1).type, ctx, [](auto) { return 0; });
  if (x.empty()) ctx.error("data must have rank >= 1");
  if (idx.size() != x.size()) ctx.error("indices have rank {} but data has rank {}", idx.size(), x.size());
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  for (size_t a = 0; a < x.size(); ++a)
    if (static_cast<int64_t>(a) != axis && idx[a] > x[a])
      ctx.error("indices shape {} exceeds data shape {} off the axis", shape_to_string(idx), shape_to_string(x));
  ctx.set_output(0, ctx.input(0).type, idx);
}

KernelCall lower_gather_elements(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  const onnx_aotc::ref::GatherElementsParams p{to_dims(ctx.input(1).shape), onnx_aotc::strides_of(to_dims(x)),
                                               static_cast<int32_t>(axis), x[axis]};
  return lower_indexed(ctx, p, AOTC_INDEXED_KERNEL(gather_elements));
}

// ---- GatherND -------------------------------------------------------------------------------------

struct NDGeometry {
  int64_t b, k;
};

NDGeometry nd_geometry(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  const int64_t r = static_cast<int64_t>(x.size()), q = static_cast<int64_t>(idx.size());
  const int64_t b = ctx.attr_int("batch_dims");
  if (r < 1 || q < 1) ctx.error("data and indices must have rank >= 1");
  if (b < 0 || b >= std::min(r, q)) ctx.error("batch_dims {} must be in [0, min(rank(data), rank(indices)))", b);
  for (int64_t i = 0; i < b; ++i)
    if (x[i] != idx[i]) ctx.error("batch dims of data {} and indices {} differ", shape_to_string(x), shape_to_string(idx));
  const int64_t k = idx.back();
  if (k < 1 || k > r - b) ctx.error("indices' last dimension {} must be in [1, {}]", k, r - b);
  return {b, k};
}

void infer_gather_nd(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  dispatch_index(ctx.input(1).type, ctx, [](auto) { return 0; });
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  const NDGeometry g = nd_geometry(ctx);
  Shape out(idx.begin(), idx.end() - 1);
  out.insert(out.end(), x.begin() + g.b + g.k, x.end());
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_gather_nd(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& idx = ctx.input(1).shape;
  const NDGeometry g = nd_geometry(ctx);
  const onnx_aotc::Dims strides = onnx_aotc::strides_of(to_dims(x));
  onnx_aotc::ref::GatherNDParams p{};
  p.batch = shape_numel(Shape(x.begin(), x.begin() + g.b));
  p.tuples = shape_numel(Shape(idx.begin() + g.b, idx.end() - 1));
  p.k = static_cast<int32_t>(g.k);
  p.indexed = to_dims(Shape(x.begin() + g.b, x.begin() + g.b + g.k));
  p.indexed_strides = {p.k, {}};
  for (int j = 0; j < p.k; ++j) p.indexed_strides.d[j] = strides.d[g.b + j];
  p.slice = shape_numel(Shape(x.begin() + g.b + g.k, x.end()));
  p.x_batch_stride = shape_numel(Shape(x.begin() + g.b, x.end()));
  return lower_indexed(ctx, p, AOTC_INDEXED_KERNEL(gather_nd));
}

}  // namespace

const OpDef& op_Gather() {
  static const OpDef def{"", "Gather", {attr_int("axis", 0)}, {}, infer_gather, lower_gather};
  return def;
}

const OpDef& op_GatherElements() {
  static const OpDef def{"", "GatherElements", {attr_int("axis", 0)}, {}, infer_gather_elements, lower_gather_elements};
  return def;
}

const OpDef& op_GatherND() {
  static const OpDef def{"", "GatherND", {attr_int("batch_dims", 0)}, {}, infer_gather_nd, lower_gather_nd};
  return def;
}

}  // namespace aotc
