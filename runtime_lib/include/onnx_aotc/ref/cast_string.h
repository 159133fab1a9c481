// SPDX-License-Identifier: Apache-2.0
// Cast and CastLike to and from string tensors. Numbers are formatted and parsed with std::to_chars and
// std::from_chars: locale-independent and allocation-free. Formatting follows ONNX Runtime: floats with
// 8 significant digits, doubles with 17, "NaN", "INF" and "-INF" for the special values.
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <onnx_aotc/ref/cast.h>
#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

/// Bytes one formatted number can take, NUL included ("-1.2345678901234567e-308" is 24).
inline constexpr int64_t kNumberStringSlot = 32;

struct CastToStringParams {
  int64_t count;
};

namespace cast_string_detail {

template <typename From>
inline int64_t format(const From& v, char* to, char* end) noexcept {
  if constexpr (std::is_same_v<From, bool>) {
    to[0] = v ? '1' : '0';
    return 1;
  } else if constexpr (std::is_integral_v<From>) {
    return std::to_chars(to, end, v).ptr - to;
  } else if constexpr (is_onnx_subbyte_int_v<From>) {
    return std::to_chars(to, end, static_cast<int>(convert<float>(v))).ptr - to;
  } else {
    using F = std::conditional_t<std::is_same_v<From, double>, double, float>;
    const F f = convert<F>(v);
    const char* special = f != f ? "NaN" : f == std::numeric_limits<F>::infinity() ? "INF" : f == -std::numeric_limits<F>::infinity() ? "-INF" : nullptr;
    if (special) {
      int64_t n = 0;
      for (; special[n]; ++n) to[n] = special[n];
      return n;
    }
    return std::to_chars(to, end, f, std::chars_format::general, std::is_same_v<F, double> ? 17 : 8).ptr - to;
  }
}

inline bool equals_ignoring_case(const char* s, int64_t n, const char* word) noexcept {
  int64_t i = 0;
  for (; i < n && word[i]; ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return i == n && !word[i];
}

/// Parses a number: leading and trailing whitespace and a leading '+' are allowed; "INF", "+INF", "-INF",
/// "INFINITY" and "NaN" in any case. Anything else reads as NaN (integer targets then get 0).
inline double parse(const onnx_aotc_string& s, bool& exact_integer, int64_t& integer) noexcept {
  const char* b = s.data;
  const char* e = s.data + s.size;
  while (b < e && (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) --e;
  bool negative = false;
  const char* digits = b;
  if (digits < e && (*digits == '+' || *digits == '-')) negative = *digits++ == '-';
  const int64_t n = e - digits;
  if (equals_ignoring_case(digits, n, "inf") || equals_ignoring_case(digits, n, "infinity"))
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (equals_ignoring_case(digits, n, "nan")) return std::numeric_limits<double>::quiet_NaN();
  const char* start = b < e && *b == '+' ? b + 1 : b;  // from_chars takes '-' but not '+'
  exact_integer = false;
  auto ir = std::from_chars(start, e, integer);
  if (ir.ec == std::errc() && ir.ptr == e) exact_integer = true;
  double value = 0;
  auto fr = std::from_chars(start, e, value);
  if (fr.ec == std::errc::result_out_of_range) return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (fr.ec != std::errc() || fr.ptr != e) return std::numeric_limits<double>::quiet_NaN();
  return value;
}

}  // namespace cast_string_detail

/// Formats each number into its slot of `storage` (kNumberStringSlot bytes each).
template <typename From>
inline void cast_to_string(const CastToStringParams& p, const From* x, onnx_aotc_string* y, unsigned char* storage) {
  for (int64_t i = 0; i < p.count; ++i) {
    char* to = reinterpret_cast<char*>(storage) + i * kNumberStringSlot;
    const int64_t n = cast_string_detail::format(x[i], to, to + kNumberStringSlot - 1);
    to[n] = '\0';
    y[i] = make_string(to, n);
  }
}

/// Parses each string as a number, then casts it like Cast from double (or int64 for integers written
/// exactly, so that large int64 values survive).
template <typename To>
inline void cast_from_string(const CastParams& p, const onnx_aotc_string* x, To* y) {
  for (int64_t i = 0; i < p.count; ++i) {
    bool exact = false;
    int64_t integer = 0;
    const double d = cast_string_detail::parse(x[i], exact, integer);
    if constexpr (std::is_integral_v<To> && !std::is_same_v<To, bool>) {
      if (exact) {
        y[i] = cast_detail::cast_one<int64_t, To>(p, integer);
        continue;
      }
    }
    y[i] = cast_detail::cast_one<double, To>(p, d);
  }
}

/// String to string: the views are copied.
inline void cast_string_to_string(const CastToStringParams& p, const onnx_aotc_string* x, onnx_aotc_string* y) {
  for (int64_t i = 0; i < p.count; ++i) y[i] = x[i];
}

}  // namespace onnx_aotc::ref
