// SPDX-License-Identifier: Apache-2.0
// Window geometry shared by Conv and the pooling ops: kernel, strides, dilations, pads, auto_pad.
#pragma once

#include "ops/op_def.h"

namespace aotc {

struct WindowGeometry {
  Shape kernel, strides, dilations, pads_begin, pads_end, out;
};

/// Resolves the window attributes of `ctx` for input spatial dims `in`. `kernel` comes from the weight
/// (Conv) or the kernel_shape attribute (pools). ceil_mode rounds output sizes up.
WindowGeometry resolve_window(const OpContext& ctx, const Shape& in, const Shape& kernel, bool ceil_mode);

/// Window attributes every windowed op declares.
std::vector<AttrSpec> window_attributes();

/// Pads a spatial vector to rank 3 with `fill` in front (kernels always loop over D, H, W).
onnx_aotc::Dims spatial3(const Shape& v, int64_t fill);

}  // namespace aotc
