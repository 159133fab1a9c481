// SPDX-License-Identifier: Apache-2.0
// Resize (opsets 10, 11, 13, 18, 19) and Upsample (7, 9). Scales and sizes determine the output shape, so
// they must be constants; roi (tf_crop_and_resize) may be computed at run time.
#include <onnx_aotc/ref/resize.h>

#include <algorithm>
#include <set>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

namespace ref = onnx_aotc::ref;

struct ResizeSetup {
  ref::ResizeParams params{};
  Shape out;
};

int32_t code_of(const OpContext& ctx, const std::string& attr, std::initializer_list<std::pair<const char*, int32_t>> table) {
  const std::string v = ctx.attr_string(attr);
  for (const auto& [name, code] : table)
    if (v == name) return code;
  ctx.error("{} '{}' is not valid", attr, v);
}

ResizeSetup setup(const OpContext& ctx, bool upsample) {
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  if (rank < 1) ctx.error("input must have rank >= 1");
  const bool legacy = upsample || ctx.opset() < 11;  // Upsample and Resize-10: asymmetric, floor
  ResizeSetup s;
  ref::ResizeParams& p = s.params;
  p.rank = static_cast<int32_t>(rank);
  std::string mode = ctx.attr_string("mode");
  if (mode == "bilinear" && upsample) mode = "linear";
  if (mode == "nearest") p.mode = ref::kResizeNearest;
  else if (mode == "linear") p.mode = ref::kResizeLinear;
  else if (mode == "cubic" && !legacy) p.mode = ref::kResizeCubic;
  else ctx.error("mode '{}' is not valid", mode);
  if (legacy) {
    p.coordinate_mode = ref::kCoordAsymmetric;
    p.nearest_mode = ref::kNearestFloor;
    p.cubic_coeff_a = -0.75;
  } else {
    p.coordinate_mode = code_of(ctx, "coordinate_transformation_mode",
                                {{"half_pixel", ref::kCoordHalfPixel}, {"half_pixel_symmetric", ref::kCoordHalfPixelSymmetric},
                                 {"pytorch_half_pixel", ref::kCoordPytorchHalfPixel}, {"align_corners", ref::kCoordAlignCorners},
                                 {"asymmetric", ref::kCoordAsymmetric}, {"tf_half_pixel_for_nn", ref::kCoordTfHalfPixelForNN},
                                 {"tf_crop_and_resize", ref::kCoordTfCropAndResize}});
    if (p.coordinate_mode == ref::kCoordHalfPixelSymmetric && ctx.opset() < 19)
      ctx.error("coordinate_transformation_mode 'half_pixel_symmetric' needs opset 19");
    if (p.coordinate_mode == ref::kCoordTfHalfPixelForNN && ctx.opset() >= 13)
      ctx.error("coordinate_transformation_mode 'tf_half_pixel_for_nn' was removed in opset 13");
    p.nearest_mode = code_of(ctx, "nearest_mode",
                             {{"round_prefer_floor", ref::kNearestRoundPreferFloor}, {"round_prefer_ceil", ref::kNearestRoundPreferCeil},
                              {"floor", ref::kNearestFloor}, {"ceil", ref::kNearestCeil}});
    p.cubic_coeff_a = ctx.attr_float("cubic_coeff_a");
    p.exclude_outside = ctx.attr_int("exclude_outside") != 0;
    p.extrapolation_value = ctx.attr_float("extrapolation_value");
    p.antialias = ctx.attr_int("antialias") != 0 && p.mode != ref::kResizeNearest;
  }

  // Which axes are resized.
  std::vector<int64_t> axes;
  if (!legacy && ctx.has_attr("axes")) {
    std::set<int64_t> seen;
    for (int64_t a : ctx.attr_ints("axes")) {
      a = normalize_axis(ctx, a, rank);
      if (!seen.insert(a).second) ctx.error("axis {} appears twice in axes", a);
      axes.push_back(a);
    }
  } else {
    for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
  }
  p.roi_axes = static_cast<int32_t>(axes.size());

  // Scales or sizes.
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  if (upsample && ctx.opset() < 9) {
    scales = ctx.attr_floats("scales");
    if (scales.empty()) ctx.error("attribute 'scales' is required");
  } else {
    const size_t scales_input = legacy ? 1 : 2, sizes_input = 3;
    require_constant_inputs(ctx, {scales_input, sizes_input});
    if (ctx.has_input(scales_input) && ctx.input(scales_input).numel() > 0) scales = constant_doubles(ctx, scales_input);
    if (!legacy && ctx.has_input(sizes_input) && ctx.input(sizes_input).numel() > 0) sizes = ctx.constant_ints(sizes_input);
    if (!scales.empty() && !sizes.empty()) ctx.error("has both scales and sizes");
    if (scales.empty() && sizes.empty()) ctx.error("needs scales or sizes");
  }
  const size_t n = scales.empty() ? sizes.size() : scales.size();
  if (n != axes.size()) ctx.error("{} has {} entries for {} axes", scales.empty() ? "sizes" : "scales", n, axes.size());

  s.out = in;
  std::vector<double> axis_scale(in.size(), 1.0);
  std::vector<bool> resized(in.size(), false);
  for (int64_t a : axes) resized[a] = true;
  // An output extent computed in double; checked before it becomes an integer (2^40 is the element limit).
  auto extent = [&](double v, int64_t axis) {
    if (!(v < 0x1p40)) ctx.error("axis {} would be resized to {} elements, more than 2^40", axis, v);
    return static_cast<int64_t>(v);
  };
  if (!scales.empty()) {
    for (size_t i = 0; i < axes.size(); ++i) {
      if (!(scales[i] > 0)) ctx.error("scale {} must be positive", scales[i]);
      axis_scale[axes[i]] = scales[i];
      s.out[axes[i]] = extent(scales[i] * static_cast<double>(in[axes[i]]), axes[i]);
    }
  } else {
    for (size_t i = 0; i < axes.size(); ++i) {
      if (sizes[i] < 0) ctx.error("sizes has a negative entry {}", sizes[i]);
      if (in[axes[i]] == 0) ctx.error("cannot resize empty axis {}", axes[i]);
      axis_scale[axes[i]] = static_cast<double>(sizes[i]) / static_cast<double>(in[axes[i]]);
      s.out[axes[i]] = sizes[i];
    }
    const std::string policy = legacy ? "stretch" : ctx.attr_string("keep_aspect_ratio_policy");
    if (policy == "not_larger" || policy == "not_smaller") {
      double scale = axis_scale[axes[0]];
      for (int64_t a : axes) scale = policy == "not_larger" ? std::min(scale, axis_scale[a]) : std::max(scale, axis_scale[a]);
      for (int64_t a : axes) {
        axis_scale[a] = scale;
        s.out[a] = extent(scale * static_cast<double>(in[a]) + 0.5, a);
      }
    } else if (policy != "stretch") {
      ctx.error("keep_aspect_ratio_policy '{}' is not valid", policy);
    }
  }
  for (int64_t a = 0; a < rank; ++a) {
    ref::ResizeAxis& ax = p.axes.axis(static_cast<int>(a));
    ax.in = in[a];
    ax.out = s.out[a];
    ax.scale = axis_scale[a];
    ax.resized = resized[a];
    ax.roi_index = -1;
    for (size_t i = 0; i < axes.size(); ++i)
      if (axes[i] == a) ax.roi_index = static_cast<int32_t>(i);
    if (ax.out > 0 && ax.in == 0) ctx.error("cannot resize empty axis {} to {}", a, ax.out);
  }
  if (p.coordinate_mode == ref::kCoordTfCropAndResize) {
    if (!ctx.has_input(1) || ctx.input(1).numel() == 0) ctx.error("tf_crop_and_resize needs the roi input");
    if (ctx.input(1).numel() != 2 * static_cast<int64_t>(axes.size()))
      ctx.error("roi has {} entries but needs {} (starts and ends of {} axes)", ctx.input(1).numel(), 2 * axes.size(), axes.size());
  }
  return s;
}

template <bool kUpsample>
void infer(OpContext& ctx) {
  if (kUpsample) ctx.expect_inputs(1, 2);
  else ctx.expect_inputs(ctx.opset() < 11 ? 2 : 1, ctx.opset() < 11 ? 2 : 4);
  ctx.set_output(0, ctx.input(0).type, setup(ctx, kUpsample).out);
}

template <bool kUpsample>
KernelCall lower(OpContext& ctx) {
  const ResizeSetup s = setup(ctx, kUpsample);
  const bool uses_roi = s.params.coordinate_mode == ref::kCoordTfCropAndResize;
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (!uses_roi) return make_call(AOTC_KERNEL(resize, T, float), s.params, {ctx.in(0), KernelOperand{{nullptr}}, ctx.out(0)});
    return dispatch(FloatTypes{}, ctx.input(1).type, ctx, [&](auto rtag) {
      using R = typename decltype(rtag)::type;
      return make_call(AOTC_KERNEL(resize, T, R), s.params, {ctx.in(0), ctx.in(1), ctx.out(0)});
    });
  });
}

}  // namespace

const OpDef& op_Resize() {
  static const OpDef def{"",
                         "Resize",
                         {attr_string("mode", "nearest"), attr_string("coordinate_transformation_mode", "half_pixel"),
                          attr_string("nearest_mode", "round_prefer_floor"), attr_float("cubic_coeff_a", -0.75),
                          attr_int("exclude_outside", 0), attr_float("extrapolation_value", 0.0), attr_int("antialias", 0),
                          attr_ints("axes"), attr_string("keep_aspect_ratio_policy", "stretch")},
                         {},
                         infer<false>,
                         lower<false>};
  return def;
}

const OpDef& op_Upsample() {
  static const OpDef def{"", "Upsample", {attr_string("mode", "nearest"), attr_floats("scales")}, {}, infer<true>, lower<true>};
  return def;
}

}  // namespace aotc
