// SPDX-License-Identifier: Apache-2.0
// Reference DeformConv (opset 19/22): convolution whose kernel taps are shifted by learned, fractional
// offsets (sampled with linear interpolation, zero outside the input) and optionally weighted by a mask.
// 1 to 3 spatial dims; shorter ranks are padded in front with unit dims, as in conv.h.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct DeformConvParams {
  int64_t batch, in_channels, out_channels, group, offset_group;
  int32_t rank;       ///< spatial dims of the model (1 to 3); offsets hold `rank` coordinates per tap
  Dims in_spatial;    ///< rank 3: D, H, W
  Dims out_spatial;   ///< rank 3
  Dims kernel;        ///< rank 3
  Dims strides;       ///< rank 3
  Dims dilations;     ///< rank 3
  Dims pads_begin;    ///< rank 3
};

namespace detail {

/// Linear interpolation of a [D, H, W] plane at fractional position `pos`; taps outside the plane read 0.
template <typename C, typename T>
inline C deform_sample(const T* plane, const Dims& size, const C* pos) {
  int64_t lo[3];
  C frac[3];
  for (int a = 0; a < 3; ++a) {
    const C f = std::floor(pos[a]);
    lo[a] = static_cast<int64_t>(f);
    frac[a] = pos[a] - f;
  }
  C acc = C(0);
  for (int corner = 0; corner < 8; ++corner) {
    C weight = C(1);
    int64_t off = 0;
    bool inside = true;
    for (int a = 0; a < 3; ++a) {
      const int step = (corner >> (2 - a)) & 1;
      const int64_t i = lo[a] + step;
      const C wa = step ? frac[a] : C(1) - frac[a];
      if (wa == C(0)) {
        weight = C(0);
        break;
      }
      if (i < 0 || i >= size.d[a]) inside = false;
      weight *= wa;
      off = off * size.d[a] + i;
    }
    if (weight != C(0) && inside) acc += weight * convert<C>(plane[off]);
  }
  return acc;
}

}  // namespace detail

/// Y = deform_conv(X, W, offset, mask) + B. `b` and `mask` may be null (zero bias, unit mask).
template <typename T>
inline void deform_conv(const DeformConvParams& p, const T* x, const T* w, const T* offset, const T* b, const T* mask,
                        T* y) {
  using C = compute_t<T>;
  const int64_t icpg = p.in_channels / p.group, ocpg = p.out_channels / p.group;
  const int64_t icpog = p.in_channels / p.offset_group;
  const int64_t taps = p.kernel.numel(), in_plane = p.in_spatial.numel(), out_plane = p.out_spatial.numel();
  const int pad_dims = 3 - p.rank;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oc = 0; oc < p.out_channels; ++oc) {
      const int64_t g = oc / ocpg;
      const C bias = b ? convert<C>(b[oc]) : C(0);
      for (int64_t o = 0; o < out_plane; ++o) {
        const int64_t oidx[3] = {o / (p.out_spatial.d[1] * p.out_spatial.d[2]), (o / p.out_spatial.d[2]) % p.out_spatial.d[1],
                                 o % p.out_spatial.d[2]};
        C acc = bias;
        for (int64_t icg = 0; icg < icpg; ++icg) {
          const int64_t ic = g * icpg + icg;
          const int64_t og = ic / icpog;
          const T* plane = x + (n * p.in_channels + ic) * in_plane;
          const T* wk = w + (oc * icpg + icg) * taps;
          for (int64_t k = 0; k < taps; ++k) {
            const int64_t kidx[3] = {k / (p.kernel.d[1] * p.kernel.d[2]), (k / p.kernel.d[2]) % p.kernel.d[1], k % p.kernel.d[2]};
            C pos[3];
            for (int a = 0; a < 3; ++a) {
              pos[a] = static_cast<C>(oidx[a] * p.strides.d[a] - p.pads_begin.d[a] + kidx[a] * p.dilations.d[a]);
              if (a >= pad_dims) {
                const int64_t ch = ((og * taps + k) * p.rank + (a - pad_dims));
                pos[a] += convert<C>(offset[(n * p.offset_group * taps * p.rank + ch) * out_plane + o]);
              }
            }
            C v = detail::deform_sample(plane, p.in_spatial, pos) * convert<C>(wk[k]);
            if (mask) v *= convert<C>(mask[((n * p.offset_group + og) * taps + k) * out_plane + o]);
            acc += v;
          }
        }
        y[(n * p.out_channels + oc) * out_plane + o] = convert<T>(acc);
      }
    }
}

}  // namespace onnx_aotc::ref
