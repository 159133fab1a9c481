// SPDX-License-Identifier: Apache-2.0
// Reference BitCast: each element's bit pattern reinterpreted as another type of the same bit width. Types whose
// storage is their bit pattern (integers, float, double, float16, bfloat16, float8) are copied as unsigned integers
// of their size. Sub-byte types (int4, uint4, float4e2m1, int2, uint2; one element per byte) go through their raw
// 4-/2-bit pattern. bool holds only 0 or 1, so a byte other than 0 becomes true.
#pragma once

#include <cstring>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct BitCastParams {
  int64_t count;
};

namespace detail {

template <size_t kBytes>
using unsigned_of_size =
    std::conditional_t<kBytes == 1, uint8_t,
                       std::conditional_t<kBytes == 2, uint16_t, std::conditional_t<kBytes == 4, uint32_t, uint64_t>>>;

template <typename T>
inline constexpr bool has_raw_bits_v = is_onnx_subbyte_int_v<T> || std::is_same_v<T, float4e2m1>;

/// The bit pattern of `v` in the low bits of an unsigned integer.
template <typename T>
inline auto bits_of(T v) {
  if constexpr (std::is_same_v<T, bool>) {
    return static_cast<uint8_t>(v ? 1 : 0);
  } else if constexpr (has_raw_bits_v<T>) {
    return v.raw_bits();
  } else {
    unsigned_of_size<sizeof(T)> u;
    std::memcpy(&u, &v, sizeof(T));
    return u;
  }
}

/// The value of type T whose bit pattern is the low bits of `u`.
template <typename T, typename U>
inline T from_bits_as(U u) {
  if constexpr (std::is_same_v<T, bool>) {
    return u != 0;
  } else if constexpr (has_raw_bits_v<T>) {
    return T::from_bits(static_cast<uint8_t>(u));
  } else {
    const auto w = static_cast<unsigned_of_size<sizeof(T)>>(u);
    T v;
    std::memcpy(&v, &w, sizeof(T));
    return v;
  }
}

}  // namespace detail

template <typename From, typename To>
inline void bit_cast(const BitCastParams& p, const From* x, To* y) {
  for (int64_t i = 0; i < p.count; ++i) y[i] = detail::from_bits_as<To>(detail::bits_of(x[i]));
}

}  // namespace onnx_aotc::ref
