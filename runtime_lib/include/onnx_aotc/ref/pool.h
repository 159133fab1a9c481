// SPDX-License-Identifier: Apache-2.0
// Reference MaxPool / AveragePool / LpPool over 1 to 3 spatial dims (padded to 3, like conv.h).
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct PoolParams {
  int64_t batch, channels;
  Dims in_spatial, out_spatial, kernel, strides, dilations, pads_begin, pads_end;  ///< each rank 3
  bool count_include_pad;  ///< AveragePool: divide by the full window including padding
  int64_t storage_order;   ///< MaxPool indices: 0 row major, 1 column major
  int64_t p;               ///< LpPool norm
};

/// Walks the valid window positions of output element (od, oh, ow) calling f(index in channel plane).
template <typename F>
inline void for_each_window(const PoolParams& p, int64_t od, int64_t oh, int64_t ow, F f) {
  for (int64_t kd = 0; kd < p.kernel.d[0]; ++kd) {
    const int64_t id = od * p.strides.d[0] + kd * p.dilations.d[0] - p.pads_begin.d[0];
    if (id < 0 || id >= p.in_spatial.d[0]) continue;
    for (int64_t kh = 0; kh < p.kernel.d[1]; ++kh) {
      const int64_t ih = oh * p.strides.d[1] + kh * p.dilations.d[1] - p.pads_begin.d[1];
      if (ih < 0 || ih >= p.in_spatial.d[1]) continue;
      for (int64_t kw = 0; kw < p.kernel.d[2]; ++kw) {
        const int64_t iw = ow * p.strides.d[2] + kw * p.dilations.d[2] - p.pads_begin.d[2];
        if (iw < 0 || iw >= p.in_spatial.d[2]) continue;
        f(id, ih, iw);
      }
    }
  }
}

/// MaxPool; `indices` (may be null) receives the flat index of each maximum in the input tensor.
template <typename T>
inline void max_pool(const PoolParams& p, const T* x, T* y, int64_t* indices) {
  using C = compute_t<T>;
  const int64_t in_plane = p.in_spatial.numel(), out_plane = p.out_spatial.numel();
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc) {
    int64_t o = nc * out_plane;
    for (int64_t od = 0; od < p.out_spatial.d[0]; ++od)
      for (int64_t oh = 0; oh < p.out_spatial.d[1]; ++oh)
        for (int64_t ow = 0; ow < p.out_spatial.d[2]; ++ow, ++o) {
          C best = -std::numeric_limits<C>::infinity();
          if constexpr (std::is_integral_v<C>) best = std::numeric_limits<C>::lowest();
          int64_t best_index = -1;
          for_each_window(p, od, oh, ow, [&](int64_t id, int64_t ih, int64_t iw) {
            const C v = convert<C>(x[nc * in_plane + (id * p.in_spatial.d[1] + ih) * p.in_spatial.d[2] + iw]);
            if (best_index < 0 || v > best) {
              best = v;
              const int64_t flat = p.storage_order == 0
                                       ? (id * p.in_spatial.d[1] + ih) * p.in_spatial.d[2] + iw
                                       : (iw * p.in_spatial.d[1] + ih) * p.in_spatial.d[0] + id;
              best_index = nc * in_plane + flat;
            }
          });
          y[o] = convert<T>(best);
          if (indices) indices[o] = best_index;
        }
  }
}

template <typename T>
inline void average_pool(const PoolParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  const int64_t in_plane = p.in_spatial.numel(), out_plane = p.out_spatial.numel();
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc) {
    int64_t o = nc * out_plane;
    for (int64_t od = 0; od < p.out_spatial.d[0]; ++od)
      for (int64_t oh = 0; oh < p.out_spatial.d[1]; ++oh)
        for (int64_t ow = 0; ow < p.out_spatial.d[2]; ++ow, ++o) {
          C sum = C(0);
          int64_t valid = 0;
          for_each_window(p, od, oh, ow, [&](int64_t id, int64_t ih, int64_t iw) {
            sum += convert<C>(x[nc * in_plane + (id * p.in_spatial.d[1] + ih) * p.in_spatial.d[2] + iw]);
            ++valid;
          });
          int64_t divisor = valid;
          if (p.count_include_pad) {
            // Window positions inside the padded input (ONNX: padding counts, ceil-mode overhang does not).
            divisor = 1;
            const int64_t o3[3] = {od, oh, ow};
            for (int a = 0; a < 3; ++a) {
              const int64_t start = o3[a] * p.strides.d[a] - p.pads_begin.d[a];
              const int64_t limit = p.in_spatial.d[a] + p.pads_end.d[a];
              int64_t n = 0;
              for (int64_t k = 0; k < p.kernel.d[a]; ++k) n += (start + k * p.dilations.d[a] < limit) ? 1 : 0;
              divisor *= n;
            }
          }
          y[o] = convert<T>(divisor > 0 ? sum / static_cast<C>(divisor) : C(0));
        }
  }
}

/// LpPool: (sum over the window of |x|^p)^(1/p); padding contributes zeros.
template <typename T>
inline void lp_pool(const PoolParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  const int64_t in_plane = p.in_spatial.numel(), out_plane = p.out_spatial.numel();
  const C power = static_cast<C>(p.p);
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc) {
    int64_t o = nc * out_plane;
    for (int64_t od = 0; od < p.out_spatial.d[0]; ++od)
      for (int64_t oh = 0; oh < p.out_spatial.d[1]; ++oh)
        for (int64_t ow = 0; ow < p.out_spatial.d[2]; ++ow, ++o) {
          C sum = C(0);
          for_each_window(p, od, oh, ow, [&](int64_t id, int64_t ih, int64_t iw) {
            const C v = std::fabs(convert<C>(x[nc * in_plane + (id * p.in_spatial.d[1] + ih) * p.in_spatial.d[2] + iw]));
            sum += p.p == 1 ? v : p.p == 2 ? v * v : std::pow(v, power);
          });
          y[o] = convert<T>(p.p == 1 ? sum : p.p == 2 ? std::sqrt(sum) : std::pow(sum, C(1) / power));
        }
  }
}

/// Global pooling over all spatial elements: mode 0 average, 1 max (an empty plane gives NaN and -inf).
struct GlobalPoolParams {
  int64_t planes, plane_size;
  int32_t mode;
};

template <typename T>
inline void global_pool(const GlobalPoolParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  for (int64_t i = 0; i < p.planes; ++i) {
    const T* px = x + i * p.plane_size;
    C acc = C(0);
    if (p.mode == 1) acc = p.plane_size > 0 ? convert<C>(px[0]) : -std::numeric_limits<C>::infinity();
    for (int64_t j = 0; j < p.plane_size; ++j) {
      const C v = convert<C>(px[j]);
      if (p.mode == 1) acc = v > acc ? v : acc;
      else acc += v;
    }
    y[i] = convert<T>(p.mode == 1 ? acc : acc / static_cast<C>(p.plane_size));
  }
}

}  // namespace onnx_aotc::ref
