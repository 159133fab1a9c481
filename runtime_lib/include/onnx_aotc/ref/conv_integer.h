// SPDX-License-Identifier: Apache-2.0
// Reference ConvInteger and QLinearConv: Conv on zero-point-shifted 8-bit operands, int32 accumulation.
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"
#include "onnx_aotc/ref/conv.h"

namespace onnx_aotc::ref {

struct QuantizedConvParams {
  ConvParams conv;
  int64_t w_zp_stride;     ///< 0: one weight zero point; 1: one per output channel
  int64_t w_scale_stride;  ///< QLinearConv: 0 per-tensor weight scale, 1 per output channel
};

namespace detail {

/// Calls f(output index, output channel, accumulated sum) for every output element. Padding reads as the
/// zero point (contributes nothing).
template <typename X, typename W, typename F>
inline void quantized_conv(const QuantizedConvParams& q, const X* x, const X* x_zp, const W* w, const W* w_zp, F f) {
  const ConvParams& p = q.conv;
  const int64_t ic_per_group = p.in_channels / p.group;
  const int64_t oc_per_group = p.out_channels / p.group;
  const int64_t ID = p.in_spatial.d[0], IH = p.in_spatial.d[1], IW = p.in_spatial.d[2];
  const int64_t OD = p.out_spatial.d[0], OH = p.out_spatial.d[1], OW = p.out_spatial.d[2];
  const int64_t KD = p.kernel.d[0], KH = p.kernel.d[1], KW = p.kernel.d[2];
  const int64_t xz = x_zp ? static_cast<int64_t>(x_zp[0]) : 0;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oc = 0; oc < p.out_channels; ++oc) {
      const int64_t g = oc / oc_per_group;
      const int64_t wz = w_zp ? static_cast<int64_t>(w_zp[oc * q.w_zp_stride]) : 0;
      for (int64_t od = 0; od < OD; ++od)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            int64_t acc = 0;
            for (int64_t ic = 0; ic < ic_per_group; ++ic) {
              const X* xc = x + ((n * p.in_channels) + g * ic_per_group + ic) * ID * IH * IW;
              const W* wc = w + (oc * ic_per_group + ic) * KD * KH * KW;
              for (int64_t kd = 0; kd < KD; ++kd) {
                const int64_t id = od * p.strides.d[0] + kd * p.dilations.d[0] - p.pads_begin.d[0];
                if (id < 0 || id >= ID) continue;
                for (int64_t kh = 0; kh < KH; ++kh) {
                  const int64_t ih = oh * p.strides.d[1] + kh * p.dilations.d[1] - p.pads_begin.d[1];
                  if (ih < 0 || ih >= IH) continue;
                  for (int64_t kw = 0; kw < KW; ++kw) {
                    const int64_t iw = ow * p.strides.d[2] + kw * p.dilations.d[2] - p.pads_begin.d[2];
                    if (iw < 0 || iw >= IW) continue;
                    acc += (static_cast<int64_t>(xc[(id * IH + ih) * IW + iw]) - xz) *
                           (static_cast<int64_t>(wc[(kd * KH + kh) * KW + kw]) - wz);
                  }
                }
              }
            }
            f((((n * p.out_channels + oc) * OD + od) * OH + oh) * OW + ow, oc, acc);
          }
    }
}

}  // namespace detail

template <typename X, typename W>
inline void conv_integer(const QuantizedConvParams& q, const X* x, const W* w, const X* x_zp, const W* w_zp,
                         int32_t* y) {
  detail::quantized_conv(q, x, x_zp, w, w_zp, [&](int64_t o, int64_t, int64_t acc) { y[o] = static_cast<int32_t>(acc); });
}

/// y = saturate(round((acc + B) * x_scale * w_scale / y_scale) + y_zp).
template <typename X, typename W, typename Y>
inline void qlinear_conv(const QuantizedConvParams& q, const X* x, const float* x_scale, const X* x_zp, const W* w,
                         const float* w_scale, const W* w_zp, const float* y_scale, const Y* y_zp, const int32_t* bias,
                         Y* y) {
  const double zp = y_zp ? static_cast<double>(y_zp[0]) : 0.0;
  detail::quantized_conv(q, x, x_zp, w, w_zp, [&](int64_t o, int64_t oc, int64_t acc) {
    if (bias) acc += bias[oc];
    const double scale = static_cast<double>(x_scale[0] * w_scale[oc * q.w_scale_stride] / y_scale[0]);
    double r = std::nearbyint(static_cast<double>(acc) * scale) + zp;
    const double lo = std::numeric_limits<Y>::lowest(), hi = std::numeric_limits<Y>::max();
    r = r < lo ? lo : (r > hi ? hi : r);
    y[o] = static_cast<Y>(r);
  });
}

}  // namespace onnx_aotc::ref
