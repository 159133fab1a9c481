// SPDX-License-Identifier: Apache-2.0
// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool.
#include <onnx_aotc/ref/pool.h>

#include "ops/defs/spatial.h"

namespace aotc {
namespace {

WindowGeometry pool_window(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 3) ctx.error("input X has rank {}; pooling needs [N, C, spatial...]", x.size());
  const auto kernel = ctx.attr_ints("kernel_shape");
  if (kernel.empty()) ctx.error("attribute 'kernel_shape' is required");
  return resolve_window(ctx, Shape(x.begin() + 2, x.end()), kernel, ctx.attr_int("ceil_mode") != 0);
}

void infer_pool(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const WindowGeometry g = pool_window(ctx);
  const Shape& x = ctx.input(0).shape;
  Shape out = {x[0], x[1]};
  out.insert(out.end(), g.out.begin(), g.out.end());
  ctx.set_output(0, ctx.input(0).type, out);
  if (ctx.num_outputs() > 1) ctx.set_output(1, DataType::kInt64, out);
}

onnx_aotc::ref::PoolParams pool_params(const OpContext& ctx, bool count_include_pad, int64_t storage_order) {
  const WindowGeometry g = pool_window(ctx);
  const Shape& x = ctx.input(0).shape;
  return {x[0], x[1], spatial3(Shape(x.begin() + 2, x.end()), 1), spatial3(g.out, 1), spatial3(g.kernel, 1),
          spatial3(g.strides, 1), spatial3(g.dilations, 1), spatial3(g.pads_begin, 0), spatial3(g.pads_end, 0),
          count_include_pad, storage_order, 0};
}

using PoolTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, uint8_t>;

KernelCall lower_max_pool(OpContext& ctx) {
  const auto p = pool_params(ctx, false, ctx.attr_int("storage_order"));
  return dispatch(PoolTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(max_pool, T), p, {ctx.in(0), ctx.out(0), ctx.out(1)}, "pool");
  });
}

KernelCall lower_average_pool(OpContext& ctx) {
  if (ctx.has_attr("dilations") && ctx.opset() < 19) ctx.error("attribute 'dilations' needs opset 19");
  const auto p = pool_params(ctx, ctx.attr_int("count_include_pad") != 0, 0);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(average_pool, T), p, {ctx.in(0), ctx.out(0)}, "pool");
  });
}

KernelCall lower_lp_pool(OpContext& ctx) {
  auto p = pool_params(ctx, false, 0);
  p.p = ctx.attr_int("p");
  if (p.p < 1) ctx.error("p {} must be a positive integer", p.p);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(lp_pool, T), p, {ctx.in(0), ctx.out(0)}, "pool");
  });
}

void infer_global(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  Shape out = ctx.input(0).shape;
  if (out.size() < 3) ctx.error("input X has rank {}; global pooling needs [N, C, spatial...]", out.size());
  for (size_t i = 2; i < out.size(); ++i) out[i] = 1;
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_global(OpContext& ctx, int32_t mode) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::GlobalPoolParams p{x[0] * x[1], shape_numel(Shape(x.begin() + 2, x.end())), mode};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(global_pool, T), p, {ctx.in(0), ctx.out(0)}, "pool");
  });
}

std::vector<AttrSpec> with(std::vector<AttrSpec> extra) {
  std::vector<AttrSpec> all = window_attributes();
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

}  // namespace

const OpDef& op_AveragePool() {
  static const OpDef def{"", "AveragePool", with({attr_int("ceil_mode", 0), attr_int("count_include_pad", 0)}), {},
                         infer_pool, lower_average_pool};
  return def;
}

const OpDef& op_GlobalAveragePool() {
  static const OpDef def{"", "GlobalAveragePool", {}, {}, infer_global, [](OpContext& ctx) { return lower_global(ctx, 0); }};
  return def;
}

const OpDef& op_GlobalMaxPool() {
  static const OpDef def{"", "GlobalMaxPool", {}, {}, infer_global, [](OpContext& ctx) { return lower_global(ctx, 1); }};
  return def;
}

const OpDef& op_LpPool() {
  static const OpDef def{"", "LpPool", with({attr_int("ceil_mode", 0), attr_int("p", 2)}), {}, infer_pool, lower_lp_pool};
  return def;
}

const OpDef& op_MaxPool() {
  static const OpDef def{"", "MaxPool", with({attr_int("ceil_mode", 0), attr_int("storage_order", 0)}), {}, infer_pool,
                         lower_max_pool};
  return def;
}

}  // namespace aotc
