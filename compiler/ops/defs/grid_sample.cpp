// SPDX-License-Identifier: Apache-2.0
// GridSample (opset 16 names bilinear/bicubic, opset 20+ linear/cubic; 1 to 3 spatial dims) and AffineGrid.
#include <onnx_aotc/ref/grid_sample.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

int32_t grid_mode(const OpContext& ctx) {
  const std::string mode = ctx.attr_string("mode");
  if (mode == "linear" || (mode == "bilinear" && ctx.opset() < 20)) return 0;
  if (mode == "nearest") return 1;
  if (mode == "cubic" || (mode == "bicubic" && ctx.opset() < 20)) return 2;
  ctx.error("mode '{}' is not one of {}", mode, ctx.opset() < 20 ? "bilinear, nearest, bicubic" : "linear, nearest, cubic");
}

int32_t padding_mode(const OpContext& ctx) {
  const std::string mode = ctx.attr_string("padding_mode");
  if (mode == "zeros") return 0;
  if (mode == "border") return 1;
  if (mode == "reflection") return 2;
  ctx.error("padding_mode '{}' is not one of zeros, border, reflection", mode);
}

void infer_grid_sample(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Shape& x = ctx.input(0).shape;
  const Shape& g = ctx.input(1).shape;
  if (x.size() < 3) ctx.error("input X has rank {}; needs [N, C, spatial...]", x.size());
  const size_t r = x.size() - 2;
  if (r > 3) ctx.unsupported("{} spatial dimensions (1 to 3 are supported)", r);
  if (ctx.opset() < 20 && r != 2) ctx.error("opset {} GridSample takes 4-D input only", ctx.opset());
  if (g.size() != x.size() || g[0] != x[0] || g.back() != static_cast<int64_t>(r))
    ctx.error("grid {} must be [{}, out spatial..., {}] for X {}", shape_to_string(g), x[0], r, shape_to_string(x));
  grid_mode(ctx);
  padding_mode(ctx);
  if (grid_mode(ctx) == 2 && r != 2) ctx.unsupported("cubic mode is defined for 2-D spatial input only");
  Shape out = {x[0], x[1]};
  out.insert(out.end(), g.begin() + 1, g.end() - 1);
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_grid_sample(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& g = ctx.input(1).shape;
  const onnx_aotc::ref::GridSampleParams p{x[0], x[1], to_dims(Shape(x.begin() + 2, x.end())),
                                           to_dims(Shape(g.begin() + 1, g.end() - 1)), grid_mode(ctx),
                                           padding_mode(ctx), ctx.attr_int("align_corners") != 0};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto xt) {
    using T = typename decltype(xt)::type;
    return dispatch(FloatTypes{}, ctx.input(1).type, ctx, [&](auto gt) {
      using G = typename decltype(gt)::type;
      return make_call(AOTC_KERNEL(grid_sample, T, G), p, {ctx.in(0), ctx.in(1), ctx.out(0)});
    });
  });
}

Shape affine_size(const OpContext& ctx) {
  const Shape& theta = ctx.input(0).shape;
  const std::vector<int64_t> size = ctx.constant_ints(1);
  if (size.size() != 4 && size.size() != 5) ctx.error("size has {} elements; expected 4 (N, C, H, W) or 5 (N, C, D, H, W)", size.size());
  const int64_t r = static_cast<int64_t>(size.size()) - 2;
  if (theta.size() != 3 || theta[1] != r || theta[2] != r + 1)
    ctx.error("theta {} must be [N, {}, {}]", shape_to_string(theta), r, r + 1);
  if (size[0] != theta[0]) ctx.error("size's batch {} differs from theta's {}", size[0], theta[0]);
  for (int64_t v : size)
    if (v < 1) ctx.error("size {} must be positive", shape_to_string(size));
  return Shape(size.begin() + 2, size.end());
}

void infer_affine_grid(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Shape spatial = affine_size(ctx);
  Shape out = {ctx.input(0).shape[0]};
  out.insert(out.end(), spatial.begin(), spatial.end());
  out.push_back(static_cast<int64_t>(spatial.size()));
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_affine_grid(OpContext& ctx) {
  const onnx_aotc::ref::AffineGridParams p{ctx.input(0).shape[0], to_dims(affine_size(ctx)), ctx.attr_int("align_corners") != 0};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(affine_grid, T), p, {ctx.in(0), ctx.out(0)}, "grid_sample");
  });
}

}  // namespace

const OpDef& op_GridSample() {
  static const OpDef def{"", "GridSample",
                         {attr_int("align_corners", 0), attr_string("mode", "linear"), attr_string("padding_mode", "zeros")},
                         {}, infer_grid_sample, lower_grid_sample};
  return def;
}

const OpDef& op_AffineGrid() {
  static const OpDef def{"", "AffineGrid", {attr_int("align_corners", 0)}, {}, infer_affine_grid, lower_affine_grid};
  return def;
}

}  // namespace aotc
