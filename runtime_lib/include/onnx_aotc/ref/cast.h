// SPDX-License-Identifier: Apache-2.0
// Reference Cast / CastLike kernel: every pair of element types the generated code can hold.
//
// Rules (ONNX Cast, opset 25):
//   * to bool: x != 0 (NaN is true); from bool: 0 or 1.
//   * to float16 / bfloat16 / float4e2m1 / float8*: round to nearest even; `saturate` applies to the
//     float8 types (float4e2m1 always saturates). Sources wider than float (double, 32/64-bit integers)
//     go through float with round-to-odd, so the value is rounded once, not twice.
//   * to float8e8m0: `round_mode` 0 = up, 1 = down, 2 = nearest (ties up), plus `saturate`.
//   * integer to integer (any width, incl. int4/uint4/int2/uint2): keep the low bits (two's complement).
//   * float to int4/uint4/int2/uint2: round half to even, then keep the low bits like an integer source
//     (what the ONNX 1.22 reference and its node tests do: 8.0 -> int4 -8, -1.0 -> uint2 3).
//   * NaN to float4e2m1 (which has no NaN) gives 0x8 (-0), as the ONNX 1.22 reference does.
//   * float to the other integers: truncate toward zero; the spec leaves out-of-range values undefined,
//     this kernel saturates them to the type's range and maps NaN to 0.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct CastParams {
  int64_t count;
  bool saturate;
  int32_t round_mode;  ///< float8e8m0 targets: 0 up, 1 down, 2 nearest
};

namespace cast_detail {

template <typename T>
constexpr bool is_float8_v = std::is_same_v<T, float8e4m3fn> || std::is_same_v<T, float8e4m3fnuz> ||
                             std::is_same_v<T, float8e5m2> || std::is_same_v<T, float8e5m2fnuz>;

template <typename T>
constexpr bool is_float_like_v = std::is_floating_point_v<T> || is_onnx_float_v<T>;

/// A double rounded to float toward zero, with the last bit set when inexact ("round to odd"): a later
/// round-to-nearest to any format with at most 22 fraction bits then equals a direct rounding.
inline float to_float_odd(double v) {
  float f = static_cast<float>(v);
  if (std::isnan(v) || std::isinf(f)) return f;
  const double back = static_cast<double>(f);
  if (back == v) return f;
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  if (std::fabs(back) > std::fabs(v)) --bits;  // step toward zero: now truncated (magnitude below |v|)
  bits |= 1u;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

/// The source value as a float for conversion to a narrow float type (exactly, or rounded to odd).
template <typename From>
inline float source_as_float(From v) {
  if constexpr (std::is_same_v<From, float>) {
    return v;
  } else if constexpr (is_onnx_float_v<From> || is_onnx_subbyte_int_v<From>) {
    return static_cast<float>(v);
  } else if constexpr (std::is_same_v<From, bool>) {
    return v ? 1.0f : 0.0f;
  } else if constexpr (std::is_integral_v<From> && sizeof(From) <= 2) {
    return static_cast<float>(v);
  } else {
    return to_float_odd(static_cast<double>(v));  // double, 32- and 64-bit integers
  }
}

/// The source value as a double (exact for every source but 64-bit integers).
template <typename From>
inline double source_as_double(From v) {
  if constexpr (is_onnx_float_v<From> || is_onnx_subbyte_int_v<From>) return static_cast<double>(static_cast<float>(v));
  else return static_cast<double>(v);
}

/// An integer source as a 64-bit integer (sub-byte types by value).
template <typename From>
constexpr long long source_as_integer(From v) {
  if constexpr (is_onnx_subbyte_int_v<From>) return static_cast<long long>(v.value());
  else return static_cast<long long>(v);
}

/// Rounds half to even to a 64-bit integer (NaN gives 0, out-of-range values saturate).
inline long long round_half_even_to_integer(double v) {
  if (v != v) return 0;
  if (v <= -0x1p63) return std::numeric_limits<long long>::min();
  if (v >= 0x1p63) return std::numeric_limits<long long>::max();
  double r = std::round(v);  // ties away from zero
  if (std::fabs(v - std::trunc(v)) == 0.5 && std::fmod(r, 2.0) != 0.0) r -= (v > 0 ? 1.0 : -1.0);
  return static_cast<long long>(r);
}

template <typename From, typename To>
inline To cast_one(const CastParams& p, From v) {
  if constexpr (std::is_same_v<From, To>) {
    return v;
  } else if constexpr (std::is_same_v<To, bool>) {
    if constexpr (is_float_like_v<From>) return source_as_double(v) != 0.0;
    else if constexpr (is_onnx_subbyte_int_v<From>) return v.value() != 0;
    else return v != From(0);
  } else if constexpr (is_float8_v<To>) {
    return To::from_float(source_as_float(v), p.saturate);
  } else if constexpr (std::is_same_v<To, float8e8m0>) {
    const e8m0_round_mode mode = p.round_mode == 1   ? e8m0_round_mode::down
                                 : p.round_mode == 2 ? e8m0_round_mode::nearest
                                                     : e8m0_round_mode::up;
    return To::from_float(source_as_float(v), p.saturate, mode);
  } else if constexpr (std::is_same_v<To, float4e2m1>) {
    const float f = source_as_float(v);
    return f != f ? To::from_bits(0x8) : To(f);
  } else if constexpr (is_onnx_float_v<To>) {  // float16, bfloat16
    return To(source_as_float(v));
  } else if constexpr (std::is_same_v<To, float>) {
    if constexpr (is_onnx_float_v<From> || is_onnx_subbyte_int_v<From>) return static_cast<float>(v);
    else return static_cast<float>(v);  // correctly rounded from double and every integer
  } else if constexpr (std::is_same_v<To, double>) {
    return source_as_double(v);
  } else if constexpr (is_onnx_subbyte_int_v<To>) {
    if constexpr (is_float_like_v<From>) return To(round_half_even_to_integer(source_as_double(v)));
    else return To(source_as_integer(v));
  } else {  // 8..64-bit integers
    if constexpr (is_float_like_v<From>) return saturate_cast<To>(source_as_double(v));
    else return static_cast<To>(source_as_integer(v));
  }
}

}  // namespace cast_detail

template <typename From, typename To>
inline void cast(const CastParams& p, const From* x, To* y) {
  for (int64_t i = 0; i < p.count; ++i) y[i] = cast_detail::cast_one<From, To>(p, x[i]);
}

}  // namespace onnx_aotc::ref
