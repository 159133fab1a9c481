// SPDX-License-Identifier: Apache-2.0
// Reference Conv: NCHW, 1 to 3 spatial dims (shorter ranks are padded with unit dims), groups,
// strides, dilations, explicit begin pads (the compiler resolves auto_pad).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct ConvParams {
  int64_t batch, in_channels, out_channels, group;
  Dims in_spatial;    ///< rank 3: D, H, W
  Dims out_spatial;   ///< rank 3
  Dims kernel;        ///< rank 3
  Dims strides;       ///< rank 3
  Dims dilations;     ///< rank 3
  Dims pads_begin;    ///< rank 3
};

/// Y = conv(X, W) + B. `b` may be null.
template <typename T>
inline void conv(const ConvParams& p, const T* x, const T* w, const T* b, T* y) {
  using C = compute_t<T>;
  const int64_t ic_per_group = p.in_channels / p.group;
  const int64_t oc_per_group = p.out_channels / p.group;
  const int64_t ID = p.in_spatial.d[0], IH = p.in_spatial.d[1], IW = p.in_spatial.d[2];
  const int64_t OD = p.out_spatial.d[0], OH = p.out_spatial.d[1], OW = p.out_spatial.d[2];
  const int64_t KD = p.kernel.d[0], KH = p.kernel.d[1], KW = p.kernel.d[2];
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oc = 0; oc < p.out_channels; ++oc) {
      const int64_t g = oc / oc_per_group;
      const C bias = b ? convert<C>(b[oc]) : C(0);
      for (int64_t od = 0; od < OD; ++od)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            C acc = bias;
            for (int64_t ic = 0; ic < ic_per_group; ++ic) {
              const T* xc = x + ((n * p.in_channels) + g * ic_per_group + ic) * ID * IH * IW;
              const T* wc = w + (oc * ic_per_group + ic) * KD * KH * KW;
              for (int64_t kd = 0; kd < KD; ++kd) {
                const int64_t id = od * p.strides.d[0] + kd * p.dilations.d[0] - p.pads_begin.d[0];
                if (id < 0 || id >= ID) continue;
                for (int64_t kh = 0; kh < KH; ++kh) {
                  const int64_t ih = oh * p.strides.d[1] + kh * p.dilations.d[1] - p.pads_begin.d[1];
                  if (ih < 0 || ih >= IH) continue;
                  for (int64_t kw = 0; kw < KW; ++kw) {
                    const int64_t iw = ow * p.strides.d[2] + kw * p.dilations.d[2] - p.pads_begin.d[2];
                    if (iw < 0 || iw >= IW) continue;
                    acc += convert<C>(xc[(id * IH + ih) * IW + iw]) * convert<C>(wc[(kd * KH + kh) * KW + kw]);
                  }
                }
              }
            }
            y[(((n * p.out_channels + oc) * OD + od) * OH + oh) * OW + ow] = convert<T>(acc);
          }
    }
}

/// ConvTranspose: Y[n, oc, o] = B[oc] + sum X[n, ic, i] * W[ic, oc % (out/group), k] over o = i * stride +
/// k * dilation - pad_begin. W is [in_channels, out_channels / group, kernel...]. `b` may be null.
template <typename T>
inline void conv_transpose(const ConvParams& p, const T* x, const T* w, const T* b, T* y) {
  using C = compute_t<T>;
  const int64_t ic_per_group = p.in_channels / p.group;
  const int64_t oc_per_group = p.out_channels / p.group;
  const int64_t ID = p.in_spatial.d[0], IH = p.in_spatial.d[1], IW = p.in_spatial.d[2];
  const int64_t OD = p.out_spatial.d[0], OH = p.out_spatial.d[1], OW = p.out_spatial.d[2];
  const int64_t KD = p.kernel.d[0], KH = p.kernel.d[1], KW = p.kernel.d[2];
  // Input index along one axis that output position o reads through kernel tap k, or -1.
  auto source = [&](int64_t o, int64_t k, int a, int64_t in) -> int64_t {
    const int64_t t = o + p.pads_begin.d[a] - k * p.dilations.d[a];
    if (t < 0 || t % p.strides.d[a] != 0) return -1;
    const int64_t i = t / p.strides.d[a];
    return i < in ? i : -1;
  };
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oc = 0; oc < p.out_channels; ++oc) {
      const int64_t g = oc / oc_per_group, ocg = oc % oc_per_group;
      const C bias = b ? convert<C>(b[oc]) : C(0);
      for (int64_t od = 0; od < OD; ++od)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            C acc = bias;
            for (int64_t kd = 0; kd < KD; ++kd) {
              const int64_t id = source(od, kd, 0, ID);
              if (id < 0) continue;
              for (int64_t kh = 0; kh < KH; ++kh) {
                const int64_t ih = source(oh, kh, 1, IH);
                if (ih < 0) continue;
                for (int64_t kw = 0; kw < KW; ++kw) {
                  const int64_t iw = source(ow, kw, 2, IW);
                  if (iw < 0) continue;
                  for (int64_t icg = 0; icg < ic_per_group; ++icg) {
                    const int64_t ic = g * ic_per_group + icg;
                    acc += convert<C>(x[(((n * p.in_channels + ic) * ID + id) * IH + ih) * IW + iw]) *
                           convert<C>(w[(((ic * oc_per_group + ocg) * KD + kd) * KH + kh) * KW + kw]);
                  }
                }
              }
            }
            y[(((n * p.out_channels + oc) * OD + od) * OH + oh) * OW + ow] = convert<T>(acc);
          }
    }
}

}  // namespace onnx_aotc::ref
