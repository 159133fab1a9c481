// SPDX-License-Identifier: Apache-2.0
// Reference QuantizeLinear / DequantizeLinear (per-tensor, per-axis and blocked) and DynamicQuantizeLinear.
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

/// The input is viewed as [outer, axis, inner]; element (o, a, i) uses scale/zero point
/// o * scale_outer + (a / block) * scale_axis + i * scale_inner. Per-tensor: all strides 0;
/// per-axis: scale_axis 1, block 1; blocked: the scale tensor's own strides, block = block_size.
struct QuantizeParams {
  int64_t outer, axis, inner;
  int64_t block;
  int64_t scale_outer, scale_axis, scale_inner;
  bool saturate;  ///< float8 outputs: clamp out-of-range values instead of producing Inf/NaN
  int32_t precision;  ///< QuantizeLinear division precision: 0 float, 1 float16, 2 bfloat16
};

namespace detail {

/// Rounds v to the precision of type P (float: unchanged).
template <typename P>
inline float round_to(float v) {
  if constexpr (is_onnx_float_v<P>) return static_cast<float>(P(v));
  else return v;
}

/// Rounds v to precision 0 (float), 1 (float16) or 2 (bfloat16).
inline float round_to_precision(float v, int32_t precision) {
  if (precision == 1) return round_to<float16>(v);
  if (precision == 2) return round_to<bfloat16>(v);
  return v;
}

/// Stores the real value v (already divided by the scale, not yet rounded) plus zero point zp into Y.
template <typename Y>
inline Y quantize_value(float v, float zp, bool saturate) {
  if constexpr (std::is_integral_v<Y> || is_onnx_subbyte_int_v<Y>) {
    double lo, hi;
    if constexpr (std::is_integral_v<Y>) {
      lo = static_cast<double>(std::numeric_limits<Y>::lowest());
      hi = static_cast<double>(std::numeric_limits<Y>::max());
    } else {
      lo = Y::min_value;
      hi = Y::max_value;
    }
    double r = std::nearbyint(static_cast<double>(v)) + static_cast<double>(zp);
    if (std::isnan(r)) r = 0;  // unspecified by ONNX
    r = r < lo ? lo : (r > hi ? hi : r);
    if constexpr (std::is_integral_v<Y>) return static_cast<Y>(r);
    else return Y(static_cast<int>(r));
  } else if constexpr (std::is_same_v<Y, float4e2m1>) {
    (void)saturate;
    return float4e2m1(v + zp);
  } else if constexpr (is_onnx_float_v<Y> && sizeof(Y) == 1) {
    return Y::from_float(v + zp, saturate);
  } else {
    (void)saturate;
    return convert<Y>(v + zp);
  }
}

}  // namespace detail

/// y = saturate(round(x / scale) + zero_point), the division in `p.precision`. `zero_point` may be null.
template <typename X, typename S, typename Y>
inline void quantize_linear(const QuantizeParams& p, const X* x, const S* scale, const Y* zero_point, Y* y) {
  int64_t n = 0;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t a = 0; a < p.axis; ++a)
      for (int64_t i = 0; i < p.inner; ++i, ++n) {
        const int64_t s = o * p.scale_outer + (a / p.block) * p.scale_axis + i * p.scale_inner;
        const float xv = detail::round_to_precision(convert<float>(x[n]), p.precision);
        const float sv = detail::round_to_precision(convert<float>(scale[s]), p.precision);
        const float q = detail::round_to_precision(xv / sv, p.precision);
        const float zp = zero_point ? convert<float>(zero_point[s]) : 0.0f;
        y[n] = detail::quantize_value<Y>(q, zp, p.saturate);
      }
}

/// y = (x - zero_point) * scale, computed in the precision of Y. `zero_point` may be null.
template <typename X, typename S, typename Y>
inline void dequantize_linear(const QuantizeParams& p, const X* x, const S* scale, const X* zero_point, Y* y) {
  int64_t n = 0;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t a = 0; a < p.axis; ++a)
      for (int64_t i = 0; i < p.inner; ++i, ++n) {
        const int64_t s = o * p.scale_outer + (a / p.block) * p.scale_axis + i * p.scale_inner;
        float diff;
        if constexpr (std::is_integral_v<X>) {
          const int64_t zp = zero_point ? static_cast<int64_t>(zero_point[s]) : 0;
          diff = detail::round_to<Y>(static_cast<float>(static_cast<int64_t>(x[n]) - zp));
        } else {
          diff = detail::round_to<Y>(convert<float>(x[n]) - (zero_point ? convert<float>(zero_point[s]) : 0.0f));
        }
        const float sv = detail::round_to<Y>(convert<float>(scale[s]));
        y[n] = convert<Y>(diff * sv);
      }
}

struct DynamicQuantizeParams {
  int64_t size;
};

/// uint8 quantization with scale and zero point derived from the data range (which always includes 0).
template <typename X>
inline void dynamic_quantize_linear(const DynamicQuantizeParams& p, const X* x, uint8_t* y, X* y_scale,
                                    uint8_t* y_zero_point) {
  float lo = 0.0f, hi = 0.0f;
  for (int64_t i = 0; i < p.size; ++i) {
    const float v = convert<float>(x[i]);
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  const float scale = (hi - lo) / 255.0f;
  float zp = 0.0f;
  if (scale != 0.0f) {
    zp = std::nearbyint((0.0f - lo) / scale);
    zp = zp > 0.0f ? (zp > 255.0f ? 255.0f : zp) : 0.0f;  // NaN (infinite data) gives 0
  }
  for (int64_t i = 0; i < p.size; ++i) {
    float q = scale != 0.0f ? std::nearbyint(convert<float>(x[i]) / scale) + zp : zp;
    y[i] = convert<uint8_t>(q);  // saturates; NaN gives 0
  }
  *y_scale = convert<X>(scale);
  *y_zero_point = convert<uint8_t>(zp);
}

}  // namespace onnx_aotc::ref
