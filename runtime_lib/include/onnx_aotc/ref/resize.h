// SPDX-License-Identifier: Apache-2.0
// Resize (opset 10-19) and Upsample: separable N-d interpolation, nearest / linear / cubic, with the
// coordinate transformations, nearest rounding modes, exclude_outside, cubic coefficient and antialiasing of
// the ONNX spec.
//
// Per resized axis, output coordinate x maps to an input coordinate x_in (coordinate transformation). With
// base = ceil(x_in) - 1 and ratio r = x_in - base in (0, 1], the taps are input indices base + i for i in
// [start, start + n) and tap i weighs f((i - r) * s) where s = min(scale, 1) with antialias and 1 without:
//   nearest: n = 2, start = 0, weights per nearest_mode; linear: f(t) = max(0, 1 - |t|); cubic: Keys' kernel
//   with coefficient a. Antialias widens the footprint by 1 / s and normalizes the weights to sum 1.
// Indices outside the input read the nearest edge element; exclude_outside instead drops them and
// renormalizes. tf_crop_and_resize writes extrapolation_value where x_in falls outside the input.
// Values accumulate in double; integer results are rounded half to even and saturated to the type's range.
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

inline constexpr int32_t kResizeNearest = 0, kResizeLinear = 1, kResizeCubic = 2;
inline constexpr int32_t kCoordHalfPixel = 0, kCoordHalfPixelSymmetric = 1, kCoordPytorchHalfPixel = 2,
                         kCoordAlignCorners = 3, kCoordAsymmetric = 4, kCoordTfHalfPixelForNN = 5,
                         kCoordTfCropAndResize = 6;
inline constexpr int32_t kNearestRoundPreferFloor = 0, kNearestRoundPreferCeil = 1, kNearestFloor = 2,
                         kNearestCeil = 3;

struct ResizeAxis {
  int64_t in, out;
  double scale;
  bool resized;       ///< false: the axis is copied (not listed in `axes`)
  int32_t roi_index;  ///< position of this axis in roi's start half, -1 for roi [0, 1]
};

/// One ResizeAxis per dimension (a fixed-size aggregate; index with `axis(i)`).
struct ResizeAxes {
  ResizeAxis a0, a1, a2, a3, a4, a5, a6, a7;
  constexpr const ResizeAxis& axis(int i) const {
    switch (i) {
      case 0: return a0; case 1: return a1; case 2: return a2; case 3: return a3;
      case 4: return a4; case 5: return a5; case 6: return a6; default: return a7;
    }
  }
  constexpr ResizeAxis& axis(int i) {
    switch (i) {
      case 0: return a0; case 1: return a1; case 2: return a2; case 3: return a3;
      case 4: return a4; case 5: return a5; case 6: return a6; default: return a7;
    }
  }
};

struct ResizeParams {
  int32_t rank;
  ResizeAxes axes;
  int32_t mode;
  int32_t coordinate_mode;
  int32_t nearest_mode;
  double cubic_coeff_a;
  bool exclude_outside;
  bool antialias;
  double extrapolation_value;
  int32_t roi_axes;  ///< number of axes roi describes (roi holds starts then ends)
};

namespace detail {

inline double resize_cubic(double t, double a) {
  t = std::fabs(t);
  if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/// Taps of one axis for one output coordinate.
struct ResizeTaps {
  int64_t base;
  int64_t first, last;  ///< tap offsets i in [first, last] with possibly nonzero weight
  double ratio, s, norm;
  bool identity;  ///< copied axis: the single tap at `base`
};

inline double resize_weight(const ResizeParams& p, const ResizeTaps& t, const ResizeAxis& ax, int64_t i) {
  if (t.identity) return 1;
  if (p.exclude_outside && (t.base + i < 0 || t.base + i >= ax.in)) return 0;
  double w;
  if (p.mode == kResizeNearest) {
    bool second;  // tap base + 1
    if (t.ratio == 1) second = true;
    else if (p.nearest_mode == kNearestRoundPreferFloor) second = t.ratio > 0.5;
    else if (p.nearest_mode == kNearestRoundPreferCeil) second = t.ratio >= 0.5;
    else second = p.nearest_mode == kNearestCeil;
    w = (i == 1) == second ? 1 : 0;
  } else if (p.mode == kResizeLinear) {
    const double d = std::fabs((static_cast<double>(i) - t.ratio) * t.s);
    w = d < 1 ? 1 - d : 0;
  } else {
    w = resize_cubic((static_cast<double>(i) - t.ratio) * t.s, p.cubic_coeff_a);
  }
  return w / t.norm;
}

/// Computes the taps of axis `ax` for output coordinate x; false if x maps outside (tf_crop_and_resize).
template <typename R>
inline bool resize_taps(const ResizeParams& p, const ResizeAxis& ax, int64_t x, const R* roi, ResizeTaps& t) {
  t.identity = !ax.resized;
  if (t.identity) {
    t.base = x;
    t.first = t.last = 0;
    return true;
  }
  const double in = static_cast<double>(ax.in), scale = ax.scale, xo = static_cast<double>(x);
  const double out_width = scale * in;
  double xi = 0;
  switch (p.coordinate_mode) {
    case kCoordHalfPixel: xi = (xo + 0.5) / scale - 0.5; break;
    case kCoordHalfPixelSymmetric: {
      const double adjustment = static_cast<double>(ax.out) / out_width;
      const double center = in / 2;
      xi = center * (1 - adjustment) + (xo + 0.5) / scale - 0.5;
      break;
    }
    case kCoordPytorchHalfPixel: xi = out_width == 1 ? -0.5 : (xo + 0.5) / scale - 0.5; break;
    case kCoordAlignCorners: xi = out_width == 1 ? 0 : xo * (in - 1) / (out_width - 1); break;
    case kCoordAsymmetric: xi = xo / scale; break;
    case kCoordTfHalfPixelForNN: xi = (xo + 0.5) / scale; break;
    default: {
      double start = 0, end = 1;
      if (roi && ax.roi_index >= 0) {
        start = convert<double>(roi[ax.roi_index]);
        end = convert<double>(roi[ax.roi_index + p.roi_axes]);
      }
      xi = out_width == 1 ? (end - start) * (in - 1) / 2 : xo * (end - start) * (in - 1) / (out_width - 1);
      xi += start * (in - 1);
      if (xi < 0 || xi > in - 1) return false;
    }
  }
  const double fl = std::floor(xi);
  t.ratio = xi - fl;
  t.base = static_cast<int64_t>(fl);
  if (t.ratio == 0) {
    t.ratio = 1;
    t.base -= 1;
  }
  int64_t start = 0, n = 2;
  t.s = 1;
  if (p.mode != kResizeNearest) {
    const double reach = p.mode == kResizeLinear ? 1 : 2;  // kernel support radius
    if (p.antialias) t.s = scale < 1 ? scale : 1;
    start = static_cast<int64_t>(std::floor(-reach / t.s)) + 1;
    n = 2 - 2 * start;
  }
  t.first = start;
  t.last = start + n - 1;
  t.norm = 1;
  if (p.antialias || p.exclude_outside) {
    double sum = 0;
    for (int64_t i = t.first; i <= t.last; ++i) sum += resize_weight(p, t, ax, i);
    t.norm = sum == 0 ? 1 : sum;  // every tap excluded: the result is 0
  }
  while (t.first < t.last && resize_weight(p, t, ax, t.first) == 0) ++t.first;
  while (t.last > t.first && resize_weight(p, t, ax, t.last) == 0) --t.last;
  return true;
}

}  // namespace detail

template <typename T, typename R>
inline void resize(const ResizeParams& p, const T* x, const R* roi, T* y) {
  int64_t in_strides[kMaxRank] = {}, total = 1, stride = 1;
  for (int a = p.rank - 1; a >= 0; --a) {
    in_strides[a] = stride;
    stride *= p.axes.axis(a).in;
  }
  for (int a = 0; a < p.rank; ++a) total *= p.axes.axis(a).out;
  int64_t index[kMaxRank] = {};
  detail::ResizeTaps taps[kMaxRank];
  for (int64_t n = 0; n < total; ++n) {
    bool inside = true;
    for (int a = 0; a < p.rank; ++a)
      if (!detail::resize_taps(p, p.axes.axis(a), index[a], roi, taps[a])) inside = false;
    double acc = 0;
    if (!inside) {
      acc = p.extrapolation_value;
    } else {
      int64_t tap[kMaxRank];
      for (int a = 0; a < p.rank; ++a) tap[a] = taps[a].first;
      while (true) {
        double w = 1;
        int64_t off = 0;
        for (int a = 0; a < p.rank; ++a) {
          const ResizeAxis& ax = p.axes.axis(a);
          w *= detail::resize_weight(p, taps[a], ax, tap[a]);
          int64_t i = taps[a].base + tap[a];
          i = i < 0 ? 0 : (i >= ax.in ? ax.in - 1 : i);
          off += i * in_strides[a];
        }
        if (w != 0) acc += w * convert<double>(x[off]);
        int a = p.rank - 1;
        for (; a >= 0; --a) {
          if (++tap[a] <= taps[a].last) break;
          tap[a] = taps[a].first;
        }
        if (a < 0) break;
      }
    }
    if constexpr (std::is_integral_v<T>) {  // integers: round half to even, then saturate (convert)
      const double r = std::round(acc);
      acc = (std::fabs(acc - std::trunc(acc)) == 0.5) ? 2 * std::round(acc / 2) : r;
    }
    y[n] = convert<T>(acc);
    for (int a = p.rank - 1; a >= 0; --a) {
      if (++index[a] < p.axes.axis(a).out) break;
      index[a] = 0;
    }
  }
}

}  // namespace onnx_aotc::ref
