// SPDX-License-Identifier: Apache-2.0
// Conv and FusedConv for the CPU provider: per image and group, one GEMM of the group's weights [oc, ic * kernel]
// with the input's patches [ic * kernel, output pixels] (im2col into the workspace), or with the input itself
// when the kernel is 1x1 with stride 1 and no padding (a pointwise conv is a GEMM already). The output rows start
// as the bias, and FusedConv's epilogue runs on each group's block right after its GEMM, while it is in cache.
//
// Not yet: a direct depthwise kernel (a depthwise conv is here a one-row GEMM per channel), NCHWc layouts,
// Winograd, and packing constant weights at compile time.
#pragma once

#include "onnx_aotc/cpu/gemm.h"
#include "onnx_aotc/ref/conv.h"
#include "onnx_aotc/ref/fused.h"

namespace onnx_aotc::cpu {

namespace conv_detail {

inline bool pointwise(const ref::ConvParams& p) {
  for (int a = 0; a < 3; ++a)
    if (p.kernel.d[a] != 1 || p.strides.d[a] != 1 || p.pads_begin.d[a] != 0 || p.in_spatial.d[a] != p.out_spatial.d[a])
      return false;
  return true;
}

struct Sizes {
  int64_t ic, oc, taps, in_pixels, out_pixels;  ///< per group: channels; kernel taps; pixels per channel
};

inline Sizes sizes(const ref::ConvParams& p) {
  return {p.in_channels / p.group, p.out_channels / p.group, p.kernel.numel(), p.in_spatial.numel(), p.out_spatial.numel()};
}

/// col[(c * taps + tap), pixel] = x[c] at the pixel's tap, or 0 in the padding.
template <typename T>
inline void im2col(const ref::ConvParams& p, const Sizes& s, const T* x, T* col) {
  const int64_t ID = p.in_spatial.d[0], IH = p.in_spatial.d[1], IW = p.in_spatial.d[2];
  const int64_t OD = p.out_spatial.d[0], OH = p.out_spatial.d[1], OW = p.out_spatial.d[2];
  const int64_t KD = p.kernel.d[0], KH = p.kernel.d[1], KW = p.kernel.d[2];
  for (int64_t c = 0; c < s.ic; ++c) {
    const T* xc = x + c * s.in_pixels;
    for (int64_t kd = 0; kd < KD; ++kd)
      for (int64_t kh = 0; kh < KH; ++kh)
        for (int64_t kw = 0; kw < KW; ++kw) {
          T* out = col + (((c * KD + kd) * KH + kh) * KW + kw) * s.out_pixels;
          for (int64_t od = 0; od < OD; ++od) {
            const int64_t id = od * p.strides.d[0] + kd * p.dilations.d[0] - p.pads_begin.d[0];
            for (int64_t oh = 0; oh < OH; ++oh) {
              const int64_t ih = oh * p.strides.d[1] + kh * p.dilations.d[1] - p.pads_begin.d[1];
              T* o = out + (od * OH + oh) * OW;
              if (id < 0 || id >= ID || ih < 0 || ih >= IH) {
                for (int64_t ow = 0; ow < OW; ++ow) o[ow] = T(0);
                continue;
              }
              const T* xr = xc + (id * IH + ih) * IW;
              const int64_t iw0 = kw * p.dilations.d[2] - p.pads_begin.d[2], sw = p.strides.d[2];
              for (int64_t ow = 0; ow < OW; ++ow) {
                const int64_t iw = iw0 + ow * sw;
                o[ow] = iw >= 0 && iw < IW ? xr[iw] : T(0);
              }
            }
          }
        }
  }
}

}  // namespace conv_detail

/// Workspace bytes of `conv` and `fused_conv`: the GEMM's, then (unless pointwise) one group's patches.
inline int64_t conv_workspace_bytes(const ref::ConvParams& p, int64_t element_size) {
  const conv_detail::Sizes s = conv_detail::sizes(p);
  const int64_t gemm = gemm_workspace_bytes(s.oc, s.out_pixels, s.ic * s.taps, element_size);
  return conv_detail::pointwise(p) ? gemm : gemm + s.ic * s.taps * s.out_pixels * element_size;
}

/// FusedConv: onnx_aotc::ref::fused_conv's result (the sums in another order). `b` and `z` may be null.
template <typename T>
inline void fused_conv(const ref::FusedConvParams& fp, const T* x, const T* w, const T* b, const T* z, T* y,
                       unsigned char* work) {
  const ref::ConvParams& p = fp.conv;
  const conv_detail::Sizes s = conv_detail::sizes(p);
  const bool pointwise = conv_detail::pointwise(p);
  const int64_t depth = s.ic * s.taps;
  T* col = reinterpret_cast<T*>(work + gemm_workspace_bytes(s.oc, s.out_pixels, depth, sizeof(T)));
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t g = 0; g < p.group; ++g) {
      const T* xg = x + (n * p.in_channels + g * s.ic) * s.in_pixels;
      const int64_t first = (n * p.out_channels + g * s.oc) * s.out_pixels;
      T* yg = y + first;
      for (int64_t oc = 0; oc < s.oc; ++oc) {
        const T bias = b ? b[g * s.oc + oc] : T(0);
        for (int64_t i = 0; i < s.out_pixels; ++i) yg[oc * s.out_pixels + i] = bias;
      }
      if (!pointwise) conv_detail::im2col(p, s, xg, col);
      gemm_accumulate(s.oc, s.out_pixels, depth, w + g * s.oc * depth, false, pointwise ? xg : col, false, T(1), yg, work);
      ref::apply_epilogue(fp.epilogue, z ? z + first : z, yg, s.oc * s.out_pixels);
    }
}

/// Conv: onnx_aotc::ref::conv's result (the sums in another order). `b` may be null.
template <typename T>
inline void conv(const ref::ConvParams& p, const T* x, const T* w, const T* b, T* y, unsigned char* work) {
  fused_conv(ref::FusedConvParams{p, ref::Epilogue{ref::kActivationNone, 0.0f, 0.0f}}, x, w, b, static_cast<const T*>(nullptr), y, work);
}

}  // namespace onnx_aotc::cpu
