// SPDX-License-Identifier: Apache-2.0
// Reference RoiAlign (avg and max modes; half_pixel and output_half_pixel coordinates).
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct RoiAlignParams {
  int64_t batch, channels, height, width, num_rois, out_h, out_w, sampling_ratio;
  float spatial_scale;
  bool half_pixel;  ///< coordinate_transformation_mode half_pixel (else output_half_pixel)
  bool max_mode;
};

template <typename T, typename I>
inline void roi_align(const RoiAlignParams& p, const T* x, const T* rois, const I* batch_indices, T* y) {
  using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const int64_t H = p.height, W = p.width;
  for (int64_t n = 0; n < p.num_rois; ++n) {
    const int64_t b = static_cast<int64_t>(batch_indices[n]);
    const C offset = p.half_pixel ? C(0.5) : C(0);
    const C scale = static_cast<C>(p.spatial_scale);
    const C start_w = convert<C>(rois[n * 4 + 0]) * scale - offset;
    const C start_h = convert<C>(rois[n * 4 + 1]) * scale - offset;
    C roi_w = convert<C>(rois[n * 4 + 2]) * scale - offset - start_w;
    C roi_h = convert<C>(rois[n * 4 + 3]) * scale - offset - start_h;
    if (!p.half_pixel) {
      roi_w = roi_w > C(1) ? roi_w : C(1);
      roi_h = roi_h > C(1) ? roi_h : C(1);
    }
    const C bin_h = roi_h / static_cast<C>(p.out_h), bin_w = roi_w / static_cast<C>(p.out_w);
    const int64_t grid_h = p.sampling_ratio > 0 ? p.sampling_ratio : static_cast<int64_t>(std::ceil(roi_h / static_cast<C>(p.out_h)));
    const int64_t grid_w = p.sampling_ratio > 0 ? p.sampling_ratio : static_cast<int64_t>(std::ceil(roi_w / static_cast<C>(p.out_w)));
    const C count = static_cast<C>(grid_h * grid_w > 1 ? grid_h * grid_w : 1);
    for (int64_t c = 0; c < p.channels; ++c) {
      const T* plane = x + (b * p.channels + c) * H * W;
      for (int64_t ph = 0; ph < p.out_h; ++ph)
        for (int64_t pw = 0; pw < p.out_w; ++pw) {
          C acc = C(0);
          bool first = true;
          for (int64_t iy = 0; iy < grid_h; ++iy) {
            const C yy = start_h + static_cast<C>(ph) * bin_h + (static_cast<C>(iy) + C(0.5)) * bin_h / static_cast<C>(grid_h);
            for (int64_t ix = 0; ix < grid_w; ++ix) {
              const C xx = start_w + static_cast<C>(pw) * bin_w + (static_cast<C>(ix) + C(0.5)) * bin_w / static_cast<C>(grid_w);
              C v[4] = {C(0), C(0), C(0), C(0)};
              if (!(yy < C(-1) || yy > static_cast<C>(H) || xx < C(-1) || xx > static_cast<C>(W))) {
                C yv = yy > C(0) ? yy : C(0), xv = xx > C(0) ? xx : C(0);
                int64_t y_low = static_cast<int64_t>(yv), x_low = static_cast<int64_t>(xv), y_high, x_high;
                if (y_low >= H - 1) {
                  y_high = y_low = H - 1;
                  yv = static_cast<C>(y_low);
                } else {
                  y_high = y_low + 1;
                }
                if (x_low >= W - 1) {
                  x_high = x_low = W - 1;
                  xv = static_cast<C>(x_low);
                } else {
                  x_high = x_low + 1;
                }
                const C ly = yv - static_cast<C>(y_low), lx = xv - static_cast<C>(x_low);
                const C hy = C(1) - ly, hx = C(1) - lx;
                v[0] = hy * hx * convert<C>(plane[y_low * W + x_low]);
                v[1] = hy * lx * convert<C>(plane[y_low * W + x_high]);
                v[2] = ly * hx * convert<C>(plane[y_high * W + x_low]);
                v[3] = ly * lx * convert<C>(plane[y_high * W + x_high]);
              }
              if (p.max_mode) {
                C m = v[0];
                for (int k = 1; k < 4; ++k) m = v[k] > m ? v[k] : m;
                acc = first || m > acc ? m : acc;
                first = false;
              } else {
                acc += v[0] + v[1] + v[2] + v[3];
              }
            }
          }
          y[((n * p.channels + c) * p.out_h + ph) * p.out_w + pw] = convert<T>(p.max_mode ? acc : acc / count);
        }
    }
  }
}

}  // namespace onnx_aotc::ref
