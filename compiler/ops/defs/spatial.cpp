// SPDX-License-Identifier: Apache-2.0
#include "ops/defs/spatial.h"

namespace aotc {

std::vector<AttrSpec> window_attributes() {
  return {attr_string("auto_pad", "NOTSET"), attr_ints("dilations"), attr_ints("kernel_shape"), attr_ints("pads"),
          attr_ints("strides")};
}

onnx_aotc::Dims spatial3(const Shape& v, int64_t fill) {
  Shape padded(3 - v.size(), fill);
  padded.insert(padded.end(), v.begin(), v.end());
  return to_dims(padded);
}

WindowGeometry resolve_window(const OpContext& ctx, const Shape& in, const Shape& kernel, bool ceil_mode) {
  const size_t rank = in.size();
  if (rank < 1 || rank > 3) ctx.unsupported("{} spatial dimensions (1 to 3 are supported)", rank);
  if (kernel.size() != rank) ctx.error("kernel has {} dimensions but the input has {} spatial dimensions", kernel.size(), rank);
  WindowGeometry g;
  g.kernel = kernel;
  auto read = [&](const char* name, int64_t fallback, size_t count) {
    std::vector<int64_t> v = ctx.attr_ints(name);
    if (v.empty()) v.assign(count, fallback);
    if (v.size() != count) ctx.error("attribute '{}' has {} values, expected {}", name, v.size(), count);
    return v;
  };
  g.strides = read("strides", 1, rank);
  g.dilations = read("dilations", 1, rank);
  Shape pads = read("pads", 0, 2 * rank);
  for (size_t i = 0; i < rank; ++i) {
    if (g.strides[i] < 1) ctx.error("stride {} must be positive", g.strides[i]);
    if (g.dilations[i] < 1) ctx.error("dilation {} must be positive", g.dilations[i]);
    if (kernel[i] < 1) ctx.error("kernel size {} must be positive", kernel[i]);
    if (pads[i] < 0 || pads[i + rank] < 0) ctx.error("pads must not be negative");
  }
  const std::string auto_pad = ctx.attr_string("auto_pad");
  g.pads_begin.assign(pads.begin(), pads.begin() + rank);
  g.pads_end.assign(pads.begin() + rank, pads.end());
  g.out.resize(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Kernel sizes, dilations and pads may be INT64_MAX: sums and products that can overflow are checked.
    const int64_t window = checked_add(ctx, checked_mul(ctx, kernel[i] - 1, g.dilations[i], "dilated kernel size"), 1, "dilated kernel size");
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      g.out[i] = ceil_div(in[i], g.strides[i]);
      const int64_t total = std::max<int64_t>(0, checked_add(ctx, (g.out[i] - 1) * g.strides[i], window, "padded window extent") - in[i]);
      const int64_t small = total / 2;
      g.pads_begin[i] = auto_pad == "SAME_UPPER" ? small : total - small;
      g.pads_end[i] = total - g.pads_begin[i];
    } else if (auto_pad == "VALID") {
      g.pads_begin[i] = g.pads_end[i] = 0;
      g.out[i] = (in[i] - window) / g.strides[i] + 1;
    } else if (auto_pad == "NOTSET") {
      const int64_t padded = checked_add(ctx, checked_add(ctx, in[i], g.pads_begin[i], "padded input"), g.pads_end[i], "padded input");
      const int64_t span = padded - window;
      if (span < 0) ctx.error("window {} is larger than the padded input {}", window, padded);
      g.out[i] = (ceil_mode ? ceil_div(span, g.strides[i]) : span / g.strides[i]) + 1;
      // ceil_mode: a window that would start entirely in the end padding is dropped.
      if (ceil_mode && (g.out[i] - 1) * g.strides[i] >= in[i] + g.pads_begin[i]) --g.out[i];
    } else {
      ctx.error("auto_pad '{}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID", auto_pad);
    }
    if (g.out[i] < 1) ctx.error("output spatial size would be {}", g.out[i]);
  }
  return g;
}

}  // namespace aotc
