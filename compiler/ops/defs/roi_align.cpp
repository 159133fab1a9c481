// SPDX-License-Identifier: Apache-2.0
// RoiAlign (opset 10 and 16+).
#include <onnx_aotc/ref/roi_align.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

onnx_aotc::ref::RoiAlignParams params(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const Shape& rois = ctx.input(1).shape;
  if (x.size() != 4) ctx.error("X has rank {}; RoiAlign needs [N, C, H, W]", x.size());
  if (rois.size() != 2 || rois[1] != 4) ctx.error("rois {} must be [num_rois, 4]", shape_to_string(rois));
  if (ctx.input(2).shape != Shape{rois[0]}) ctx.error("batch_indices must have shape [{}]", rois[0]);
  const std::string mode = ctx.attr_string("mode");
  if (mode != "avg" && mode != "max") ctx.error("mode '{}' is not avg or max", mode);
  // Opset 10 has no coordinate_transformation_mode and behaves as output_half_pixel.
  const std::string ctm = ctx.opset() >= 16 ? ctx.attr_string("coordinate_transformation_mode") : "output_half_pixel";
  if (ctm != "half_pixel" && ctm != "output_half_pixel")
    ctx.error("coordinate_transformation_mode '{}' is not half_pixel or output_half_pixel", ctm);
  const int64_t oh = ctx.attr_int("output_height"), ow = ctx.attr_int("output_width");
  if (oh < 1 || ow < 1) ctx.error("output_height {} and output_width {} must be positive", oh, ow);
  if (ctx.attr_int("sampling_ratio") < 0) ctx.error("sampling_ratio must not be negative");
  return {x[0], x[1], x[2], x[3], rois[0], oh, ow, ctx.attr_int("sampling_ratio"),
          static_cast<float>(ctx.attr_float("spatial_scale")), ctm == "half_pixel", mode == "max"};
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  ctx.expect_same_type({1});
  const auto p = params(ctx);
  ctx.set_output(0, ctx.input(0).type, {p.num_rois, p.channels, p.out_h, p.out_w});
}

KernelCall lower(OpContext& ctx) {
  const auto p = params(ctx);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return dispatch(TypeList<int64_t, int32_t>{}, ctx.input(2).type, ctx, [&](auto it) {
      using I = typename decltype(it)::type;
      return make_call(AOTC_KERNEL(roi_align, T, I), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)});
    });
  });
}

}  // namespace

const OpDef& op_RoiAlign() {
  static const OpDef def{"", "RoiAlign",
                         {attr_string("coordinate_transformation_mode", "half_pixel"), attr_string("mode", "avg"),
                          attr_int("output_height", 1), attr_int("output_width", 1), attr_int("sampling_ratio", 0),
                          attr_float("spatial_scale", 1.0)},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
