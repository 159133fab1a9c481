// SPDX-License-Identifier: Apache-2.0
// onnx-aotc: header-only element types for ONNX's non-native numeric types.
//
// Types provided (namespace onnx_aotc):
//   float16, bfloat16,
//   float8e4m3fn, float8e4m3fnuz, float8e5m2, float8e5m2fnuz, float8e8m0,
//   float4e2m1, int4, uint4, int2, uint2.
//
// Every type is a trivial, standard-layout struct whose only data member is
// the public `bits`. The default constructor leaves `bits` uninitialized (so
// large buffers cost nothing); value-initialization (`T{}`) gives bits == 0.
//
// Memory layout. Sub-byte types (float4e2m1, int4, uint4, int2, uint2) are
// kept UNPACKED in memory: one element per byte. ONNX's on-disk TensorProto
// packing (two 4-bit values per byte low nibble first, four 2-bit values per
// byte lowest bits first) is not handled here; (un)pack at the I/O boundary.
//   * float4e2m1::bits holds the 4-bit code in the low nibble (high nibble 0).
//   * int4/int2::bits (int8_t) hold the value sign-extended, i.e. bits == value.
//   * uint4/uint2::bits (uint8_t) hold the value, i.e. bits == value.
//   from_bits() for the sub-byte types takes the raw 4-/2-bit pattern in the
//   low bits (higher bits ignored) and establishes the invariant above;
//   raw_bits() returns the raw pattern again (for packing).
//
// Conversion rules (ONNX spec, Operators.md "Cast" opset 19..25 and
// docs/docsgen/source/technical/{float8,float4,int4,int2}.md):
//   * float -> float16 / bfloat16: IEEE round-to-nearest-even, overflow -> inf,
//     NaN stays NaN.
//   * float -> float8 (e4m3fn, e4m3fnuz, e5m2, e5m2fnuz): round to nearest even
//     ("RNE"); with saturate=true  +-Inf and [x] > FLT_MAX give +-FLT_MAX;
//     with saturate=false +-Inf / overflow give Inf (e5m2) or NaN (others).
//     NaN -> NaN; -0 -> -0 except for the fnuz types (no negative zero: -0
//     and negative values that round to zero give +0; NaN is 0x80 only).
//   * float -> float8e8m0: per round_mode (up = default, down, nearest with
//     ties up) and saturate; see float8e8m0 below.
//   * float -> float4e2m1: RNE, always saturating to +-6; +-Inf -> +-6;
//     NaN -> 6 (float4.md table).
//   * float -> int4/uint4/int2/uint2: round to nearest integer, ties to even,
//     then clamp to the type's range (int4.md / int2.md; the ONNX reference
//     implementation clips then rints). NaN is unspecified; we produce 0.
//   * integer -> int4/uint4/int2/uint2: "fixed point to fixed point: when OOR,
//     discard higher bits and reinterpret (two's complement)" (Cast spec).
//
// No exceptions, no heap, no iostreams; C++17.

#ifndef ONNX_AOTC_NUMERIC_TYPES_H_
#define ONNX_AOTC_NUMERIC_TYPES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace onnx_aotc {

namespace detail {

inline uint32_t f32_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}

inline float f32_from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof(f));
  return f;
}

constexpr bool f32_bits_is_nan(uint32_t u) {
  return (u & 0x7FFFFFFFu) > 0x7F800000u;
}

constexpr bool f32_bits_is_inf(uint32_t u) {
  return (u & 0x7FFFFFFFu) == 0x7F800000u;
}

// Shift v right by s bits rounding to nearest, ties to even. Requires v < 2^24.
constexpr uint32_t shift_rne(uint32_t v, int s) {
  if (s <= 0) return v;
  if (s > 24) return 0;  // v < 2^24 <= 2^(s-1): strictly below one half
  const uint32_t q = v >> s;
  const uint32_t rem = v & ((uint32_t{1} << s) - 1u);
  const uint32_t half = uint32_t{1} << (s - 1);
  return (rem > half || (rem == half && (q & 1u) != 0)) ? q + 1u : q;
}

// Rounds (RNE) the magnitude of a finite float, given by its bits (sign
// ignored), to a binary format with exponent bias `bias`, `M` explicit
// mantissa bits, subnormals, and an exponent range unbounded above. Returns
// the "code" (biased_exponent << M | mantissa), which is monotonic in the
// value, so the caller detects overflow ([x] > FLT_MAX) by comparing it with
// the largest finite code of the target type.
constexpr uint32_t round_to_code(uint32_t f32, int bias, int M) {
  const uint32_t a = f32 & 0x7FFFFFFFu;
  const int fe = static_cast<int>(a >> 23);
  if (fe == 0) return 0;  // float zero/subnormal (< 2^-126): below every target's half-ulp
  const uint32_t sig = (a & 0x7FFFFFu) | 0x800000u;  // 24-bit significand
  const int e = fe - 127;                            // unbiased exponent
  const int min_normal_e = 1 - bias;
  if (e >= min_normal_e) {
    // Normal in the target: code = (e + bias) << M | top M mantissa bits;
    // rounding the whole code handles mantissa carry into the exponent.
    const uint32_t code_hi = static_cast<uint32_t>(e + bias) << M;
    const uint32_t mant = shift_rne(sig, 23 - M);  // in [2^M, 2^(M+1)]
    return code_hi + (mant - (uint32_t{1} << M));
  }
  // Subnormal in the target: value / 2^(min_normal_e - M) = sig * 2^(e - 23 - min_normal_e + M).
  const int s = (min_normal_e - e) + (23 - M);
  return shift_rne(sig, s);  // may round up to 1 << M == smallest normal code
}

// Decodes a (sign-less) code of a binary format without specials to float.
inline float code_to_f32(uint32_t code, int bias, int M) {
  const uint32_t e = code >> M;
  const uint32_t m = code & ((uint32_t{1} << M) - 1u);
  if (e == 0) {
    // m * 2^(1 - bias - M); the scale is a normal float for all our formats.
    const float scale = f32_from_bits(static_cast<uint32_t>(127 + 1 - bias - M) << 23);
    return static_cast<float>(m) * scale;
  }
  return f32_from_bits((static_cast<uint32_t>(static_cast<int>(e) - bias + 127) << 23) |
                       (m << (23 - M)));
}

// Round a finite float to the nearest integer, ties to even, after clamping
// to [lo, hi]. NaN -> 0. Exact: clamped values are small.
constexpr int round_clamp_int(float v, int lo, int hi) {
  if (v != v) return 0;
  if (v <= static_cast<float>(lo)) return lo;
  if (v >= static_cast<float>(hi)) return hi;
  int t = static_cast<int>(v);  // truncation toward zero
  const float frac = v - static_cast<float>(t);
  if (frac > 0.5f || (frac == 0.5f && (t & 1) != 0)) {
    ++t;
  } else if (frac < -0.5f || (frac == -0.5f && (t & 1) != 0)) {
    --t;
  }
  return t;
}

// Generic float8 encoder. Parameters describe the target format.
struct f8_format {
  int bias;
  int mant_bits;
  uint8_t max_code;   // largest finite magnitude code
  bool fnuz;          // single NaN = 0x80, no -0, no inf
  bool has_inf;       // inf code = max_code + 1 (e5m2)
  uint8_t nan_code;   // magnitude code used for NaN when !fnuz
};

inline uint8_t f8_from_f32(float v, bool saturate, const f8_format& fmt) {
  const uint32_t u = f32_bits(v);
  const uint8_t sign = static_cast<uint8_t>((u >> 24) & 0x80u);
  const uint8_t nan = fmt.fnuz ? uint8_t{0x80} : static_cast<uint8_t>(sign | fmt.nan_code);
  if (f32_bits_is_nan(u)) return nan;
  uint32_t code;
  if (f32_bits_is_inf(u)) {
    code = 0xFFFFu;  // treated as overflow below
  } else {
    code = round_to_code(u, fmt.bias, fmt.mant_bits);
  }
  if (code > fmt.max_code) {
    if (saturate) return static_cast<uint8_t>(sign | fmt.max_code);
    if (fmt.has_inf) return static_cast<uint8_t>(sign | (fmt.max_code + 1u));
    return nan;
  }
  if (fmt.fnuz && code == 0) return 0;  // no negative zero
  return static_cast<uint8_t>(sign | code);
}

}  // namespace detail

// ---------------------------------------------------------------------------
// float16: IEEE 754 binary16.
// ---------------------------------------------------------------------------
struct float16 {
  uint16_t bits;

  float16() = default;
  explicit float16(float v) : bits(from_float_bits(v)) {}

  static constexpr float16 from_bits(uint16_t b) {
    float16 r{};
    r.bits = b;
    return r;
  }
  static float16 from_float(float v) { return from_bits(from_float_bits(v)); }

  explicit operator float() const {
    const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
    const uint32_t e = (bits >> 10) & 0x1Fu;
    const uint32_t m = bits & 0x3FFu;
    if (e == 0x1F) return detail::f32_from_bits(sign | 0x7F800000u | (m << 13));  // inf / NaN (payload kept)
    const float mag = detail::code_to_f32(bits & 0x7FFFu, 15, 10);
    return sign ? -mag : mag;
  }

  constexpr bool is_nan() const { return (bits & 0x7FFFu) > 0x7C00u; }
  constexpr bool is_inf() const { return (bits & 0x7FFFu) == 0x7C00u; }

  static uint16_t from_float_bits(float v) {
    const uint32_t u = detail::f32_bits(v);
    const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
    if (detail::f32_bits_is_nan(u)) {
      // Keep the top payload bits, force the quiet bit so it stays a NaN.
      return static_cast<uint16_t>(sign | 0x7E00u | ((u >> 13) & 0x3FFu));
    }
    if (detail::f32_bits_is_inf(u)) return static_cast<uint16_t>(sign | 0x7C00u);
    const uint32_t code = detail::round_to_code(u, 15, 10);
    if (code > 0x7BFFu) return static_cast<uint16_t>(sign | 0x7C00u);  // overflow -> inf
    return static_cast<uint16_t>(sign | code);
  }
};

// ---------------------------------------------------------------------------
// bfloat16: upper 16 bits of an IEEE binary32.
// ---------------------------------------------------------------------------
struct bfloat16 {
  uint16_t bits;

  bfloat16() = default;
  explicit bfloat16(float v) : bits(from_float_bits(v)) {}

  static constexpr bfloat16 from_bits(uint16_t b) {
    bfloat16 r{};
    r.bits = b;
    return r;
  }
  static bfloat16 from_float(float v) { return from_bits(from_float_bits(v)); }

  explicit operator float() const {
    return detail::f32_from_bits(static_cast<uint32_t>(bits) << 16);
  }

  constexpr bool is_nan() const { return (bits & 0x7FFFu) > 0x7F80u; }
  constexpr bool is_inf() const { return (bits & 0x7FFFu) == 0x7F80u; }

  static uint16_t from_float_bits(float v) {
    const uint32_t u = detail::f32_bits(v);
    if (detail::f32_bits_is_nan(u)) {
      return static_cast<uint16_t>((u >> 16) | 0x0040u);  // NaN stays (quiet) NaN
    }
    // Round to nearest even; overflow carries into the exponent -> inf.
    const uint32_t rounded = u + 0x7FFFu + ((u >> 16) & 1u);
    return static_cast<uint16_t>(rounded >> 16);
  }
};

// ---------------------------------------------------------------------------
// float8e4m3fn: bias 7, no inf, NaN = S.1111.111 (0x7F / 0xFF), max 448.
// ---------------------------------------------------------------------------
struct float8e4m3fn {
  uint8_t bits;

  float8e4m3fn() = default;
  explicit float8e4m3fn(float v) : bits(from_float(v, true).bits) {}

  static constexpr float8e4m3fn from_bits(uint8_t b) {
    float8e4m3fn r{};
    r.bits = b;
    return r;
  }
  static float8e4m3fn from_float(float v, bool saturate) {
    constexpr detail::f8_format fmt{7, 3, 0x7E, false, false, 0x7F};
    return from_bits(detail::f8_from_f32(v, saturate, fmt));
  }

  explicit operator float() const {
    const uint32_t sign = static_cast<uint32_t>(bits & 0x80u) << 24;
    if (is_nan()) return detail::f32_from_bits(sign | 0x7FC00000u);
    const float mag = detail::code_to_f32(bits & 0x7Fu, 7, 3);
    return sign ? -mag : mag;
  }

  constexpr bool is_nan() const { return (bits & 0x7Fu) == 0x7Fu; }
};

// ---------------------------------------------------------------------------
// float8e4m3fnuz: bias 8, no inf, no -0, NaN = 0x80 only, max 240.
// ---------------------------------------------------------------------------
struct float8e4m3fnuz {
  uint8_t bits;

  float8e4m3fnuz() = default;
  explicit float8e4m3fnuz(float v) : bits(from_float(v, true).bits) {}

  static constexpr float8e4m3fnuz from_bits(uint8_t b) {
    float8e4m3fnuz r{};
    r.bits = b;
    return r;
  }
  static float8e4m3fnuz from_float(float v, bool saturate) {
    constexpr detail::f8_format fmt{8, 3, 0x7F, true, false, 0};
    return from_bits(detail::f8_from_f32(v, saturate, fmt));
  }

  explicit operator float() const {
    if (is_nan()) return detail::f32_from_bits(0x7FC00000u);
    const float mag = detail::code_to_f32(bits & 0x7Fu, 8, 3);
    return (bits & 0x80u) ? -mag : mag;
  }

  constexpr bool is_nan() const { return bits == 0x80u; }
};

// ---------------------------------------------------------------------------
// float8e5m2: bias 15, inf = S.11111.00, NaN = S.11111.{01,10,11}, max 57344.
// ---------------------------------------------------------------------------
struct float8e5m2 {
  uint8_t bits;

  float8e5m2() = default;
  explicit float8e5m2(float v) : bits(from_float(v, true).bits) {}

  static constexpr float8e5m2 from_bits(uint8_t b) {
    float8e5m2 r{};
    r.bits = b;
    return r;
  }
  static float8e5m2 from_float(float v, bool saturate) {
    constexpr detail::f8_format fmt{15, 2, 0x7B, false, true, 0x7E};
    return from_bits(detail::f8_from_f32(v, saturate, fmt));
  }

  explicit operator float() const {
    const uint32_t sign = static_cast<uint32_t>(bits & 0x80u) << 24;
    if (is_nan()) return detail::f32_from_bits(sign | 0x7FC00000u);
    if (is_inf()) return detail::f32_from_bits(sign | 0x7F800000u);
    const float mag = detail::code_to_f32(bits & 0x7Fu, 15, 2);
    return sign ? -mag : mag;
  }

  constexpr bool is_nan() const { return (bits & 0x7Fu) > 0x7Cu; }
  constexpr bool is_inf() const { return (bits & 0x7Fu) == 0x7Cu; }
};

// ---------------------------------------------------------------------------
// float8e5m2fnuz: bias 16, no inf, no -0, NaN = 0x80 only, max 57344.
// ---------------------------------------------------------------------------
struct float8e5m2fnuz {
  uint8_t bits;

  float8e5m2fnuz() = default;
  explicit float8e5m2fnuz(float v) : bits(from_float(v, true).bits) {}

  static constexpr float8e5m2fnuz from_bits(uint8_t b) {
    float8e5m2fnuz r{};
    r.bits = b;
    return r;
  }
  static float8e5m2fnuz from_float(float v, bool saturate) {
    constexpr detail::f8_format fmt{16, 2, 0x7F, true, false, 0};
    return from_bits(detail::f8_from_f32(v, saturate, fmt));
  }

  explicit operator float() const {
    if (is_nan()) return detail::f32_from_bits(0x7FC00000u);
    const float mag = detail::code_to_f32(bits & 0x7Fu, 16, 2);
    return (bits & 0x80u) ? -mag : mag;
  }

  constexpr bool is_nan() const { return bits == 0x80u; }
};

// ---------------------------------------------------------------------------
// float8e8m0 (ONNX >= 1.18, MX scale type): unsigned, exponent only.
// value = 2^(bits - 127); 0xFF is NaN; no zero, no inf, no sign.
// E8M0_MIN = 2^-127 (0x00), E8M0_MAX = 2^127 (0xFE).
//
// Cast spec (opset 24/25): round_mode "up" (default): next power of two away
// from zero; "down": towards zero; "nearest": nearest, ties (1.5 * 2^k) up.
// Special values ("saturate + up" / "non-saturate" column of the spec table):
//   0 -> 0x00 / NaN;  NaN -> NaN;  Inf -> E8M0_MAX / NaN;
//   rounded value > E8M0_MAX -> E8M0_MAX / NaN;
//   rounded value < E8M0_MIN -> E8M0_MIN / NaN.
// Negative inputs (and -0) are unspecified by the spec; we use |x|.
// ---------------------------------------------------------------------------
enum class e8m0_round_mode { up, down, nearest };

struct float8e8m0 {
  uint8_t bits;

  float8e8m0() = default;
  explicit float8e8m0(float v) : bits(from_float(v, true, e8m0_round_mode::up).bits) {}

  static constexpr float8e8m0 from_bits(uint8_t b) {
    float8e8m0 r{};
    r.bits = b;
    return r;
  }

  static float8e8m0 from_float(float v, bool saturate,
                               e8m0_round_mode mode = e8m0_round_mode::up) {
    const uint32_t a = detail::f32_bits(v) & 0x7FFFFFFFu;
    if (detail::f32_bits_is_nan(a)) return from_bits(0xFF);
    if (detail::f32_bits_is_inf(a)) return from_bits(saturate ? 0xFE : 0xFF);
    if (a == 0) return from_bits(saturate ? 0x00 : 0xFF);
    // Write |v| = 2^e * (1 + f), 0 <= f < 1, with exponent e unbounded below
    // (normalize float subnormals) and the fraction as a 23-bit value.
    int e = static_cast<int>(a >> 23) - 127;
    uint32_t frac = a & 0x7FFFFFu;
    if ((a >> 23) == 0) {  // float subnormal: frac * 2^-149
      e = -126;
      while ((frac & 0x800000u) == 0) {
        frac <<= 1;
        --e;
      }
      frac &= 0x7FFFFFu;
    }
    // Round to a power of two.
    if (frac != 0) {
      switch (mode) {
        case e8m0_round_mode::up:
          ++e;
          break;
        case e8m0_round_mode::down:
          break;
        case e8m0_round_mode::nearest:
          if (frac >= 0x400000u) ++e;  // f >= 0.5: at or past the midpoint 1.5 * 2^e
          break;
      }
    }
    if (e > 127) return from_bits(saturate ? 0xFE : 0xFF);
    if (e < -127) return from_bits(saturate ? 0x00 : 0xFF);
    return from_bits(static_cast<uint8_t>(e + 127));
  }

  explicit operator float() const {
    if (bits == 0xFF) return detail::f32_from_bits(0x7FC00000u);
    if (bits == 0) return detail::f32_from_bits(0x00400000u);  // 2^-127 (float subnormal)
    return detail::f32_from_bits(static_cast<uint32_t>(bits) << 23);
  }

  constexpr bool is_nan() const { return bits == 0xFFu; }
};

// ---------------------------------------------------------------------------
// float4e2m1: S.EE.M, bias 1, no inf/NaN. Values {0,0.5,1,1.5,2,3,4,6} and
// negatives (0x8 is -0). One per byte, code in the low nibble.
// ---------------------------------------------------------------------------
struct float4e2m1 {
  uint8_t bits;

  float4e2m1() = default;
  explicit float4e2m1(float v) : bits(from_float_bits(v)) {}

  // Takes the 4-bit code in the low nibble; higher bits are ignored.
  static constexpr float4e2m1 from_bits(uint8_t b) {
    float4e2m1 r{};
    r.bits = static_cast<uint8_t>(b & 0x0Fu);
    return r;
  }
  // float4.md: RNE, |x| > 6 and +-Inf saturate to +-6, NaN -> 6.
  static float4e2m1 from_float(float v) { return from_bits(from_float_bits(v)); }

  constexpr uint8_t raw_bits() const { return static_cast<uint8_t>(bits & 0x0Fu); }

  explicit operator float() const {
    const float mag = detail::code_to_f32(bits & 0x7u, 1, 1);
    return (bits & 0x8u) ? -mag : mag;
  }

  static uint8_t from_float_bits(float v) {
    const uint32_t u = detail::f32_bits(v);
    if (detail::f32_bits_is_nan(u)) return 0x7;
    const uint8_t sign = static_cast<uint8_t>((u >> 28) & 0x8u);
    uint32_t code = detail::f32_bits_is_inf(u) ? 0x7u : detail::round_to_code(u, 1, 1);
    if (code > 0x7u) code = 0x7u;
    return static_cast<uint8_t>(sign | code);
  }
};

// ---------------------------------------------------------------------------
// Sub-byte integers, one per byte, `bits` holds the value itself.
// ---------------------------------------------------------------------------
namespace detail {

template <class Derived, class Storage, int kBits, bool kSigned>
struct subbyte_int {
  static constexpr int kMin = kSigned ? -(1 << (kBits - 1)) : 0;
  static constexpr int kMax = kSigned ? (1 << (kBits - 1)) - 1 : (1 << kBits) - 1;
  static constexpr unsigned kMask = (1u << kBits) - 1u;

  // Two's-complement wrap of an integer into the type (keep the low kBits).
  static constexpr Storage wrap(long long v) {
    const unsigned low = static_cast<unsigned>(static_cast<unsigned long long>(v) & kMask);
    if (kSigned && (low & (1u << (kBits - 1))) != 0) {
      return static_cast<Storage>(static_cast<int>(low) - (1 << kBits));
    }
    return static_cast<Storage>(low);
  }
};

}  // namespace detail

#define ONNX_AOTC_DEFINE_SUBBYTE_INT(NAME, STORAGE, NBITS, SIGNED)                         \
  struct NAME {                                                                            \
    using traits = detail::subbyte_int<NAME, STORAGE, NBITS, SIGNED>;                      \
    static constexpr int min_value = traits::kMin;                                         \
    static constexpr int max_value = traits::kMax;                                         \
    STORAGE bits;                                                                          \
                                                                                           \
    NAME() = default;                                                                      \
    /* integer -> NAME: discard higher bits, reinterpret (Cast fixed->fixed rule). */      \
    template <class I, typename std::enable_if<std::is_integral<I>::value, int>::type = 0> \
    constexpr explicit NAME(I v) : bits(traits::wrap(static_cast<long long>(v))) {}        \
    /* float -> NAME: round half to even, then clamp (int4.md / int2.md). */               \
    template <class F,                                                                     \
              typename std::enable_if<std::is_floating_point<F>::value, int>::type = 0>    \
    constexpr explicit NAME(F v)                                                           \
        : bits(static_cast<STORAGE>(                                                       \
              detail::round_clamp_int(static_cast<float>(v), min_value, max_value))) {}    \
                                                                                           \
    /* raw: the NBITS-bit pattern in the low bits; higher bits are ignored. */             \
    static constexpr NAME from_bits(uint8_t raw) {                                         \
      NAME r{};                                                                            \
      r.bits = traits::wrap(raw);                                                          \
      return r;                                                                            \
    }                                                                                      \
    static NAME from_float(float v) { return NAME(v); }                                    \
    constexpr uint8_t raw_bits() const {                                                   \
      return static_cast<uint8_t>(static_cast<unsigned>(bits) & traits::kMask);            \
    }                                                                                      \
    constexpr int value() const { return static_cast<int>(bits); }                         \
    constexpr explicit operator int() const { return static_cast<int>(bits); }             \
    explicit operator float() const { return static_cast<float>(bits); }                   \
  }

ONNX_AOTC_DEFINE_SUBBYTE_INT(int4, int8_t, 4, true);
ONNX_AOTC_DEFINE_SUBBYTE_INT(uint4, uint8_t, 4, false);
ONNX_AOTC_DEFINE_SUBBYTE_INT(int2, int8_t, 2, true);
ONNX_AOTC_DEFINE_SUBBYTE_INT(uint2, uint8_t, 2, false);

#undef ONNX_AOTC_DEFINE_SUBBYTE_INT

// ---------------------------------------------------------------------------
// Traits, to_float, comparisons.
// ---------------------------------------------------------------------------
template <class T>
struct is_onnx_float : std::false_type {};
template <> struct is_onnx_float<float16> : std::true_type {};
template <> struct is_onnx_float<bfloat16> : std::true_type {};
template <> struct is_onnx_float<float8e4m3fn> : std::true_type {};
template <> struct is_onnx_float<float8e4m3fnuz> : std::true_type {};
template <> struct is_onnx_float<float8e5m2> : std::true_type {};
template <> struct is_onnx_float<float8e5m2fnuz> : std::true_type {};
template <> struct is_onnx_float<float8e8m0> : std::true_type {};
template <> struct is_onnx_float<float4e2m1> : std::true_type {};
template <class T>
constexpr bool is_onnx_float_v = is_onnx_float<T>::value;

template <class T>
struct is_onnx_subbyte_int : std::false_type {};
template <> struct is_onnx_subbyte_int<int4> : std::true_type {};
template <> struct is_onnx_subbyte_int<uint4> : std::true_type {};
template <> struct is_onnx_subbyte_int<int2> : std::true_type {};
template <> struct is_onnx_subbyte_int<uint2> : std::true_type {};
template <class T>
constexpr bool is_onnx_subbyte_int_v = is_onnx_subbyte_int<T>::value;

inline float to_float(float v) { return v; }
inline float to_float(float16 v) { return static_cast<float>(v); }
inline float to_float(bfloat16 v) { return static_cast<float>(v); }
inline float to_float(float8e4m3fn v) { return static_cast<float>(v); }
inline float to_float(float8e4m3fnuz v) { return static_cast<float>(v); }
inline float to_float(float8e5m2 v) { return static_cast<float>(v); }
inline float to_float(float8e5m2fnuz v) { return static_cast<float>(v); }
inline float to_float(float8e8m0 v) { return static_cast<float>(v); }
inline float to_float(float4e2m1 v) { return static_cast<float>(v); }
inline float to_float(int4 v) { return static_cast<float>(v); }
inline float to_float(uint4 v) { return static_cast<float>(v); }
inline float to_float(int2 v) { return static_cast<float>(v); }
inline float to_float(uint2 v) { return static_cast<float>(v); }

// Value comparisons for the float types (NaN != NaN, +0 == -0).
#define ONNX_AOTC_FLOAT_CMP(T)                                                  \
  inline bool operator==(T a, T b) { return to_float(a) == to_float(b); }     \
  inline bool operator!=(T a, T b) { return !(a == b); }
ONNX_AOTC_FLOAT_CMP(float16)
ONNX_AOTC_FLOAT_CMP(bfloat16)
ONNX_AOTC_FLOAT_CMP(float8e4m3fn)
ONNX_AOTC_FLOAT_CMP(float8e4m3fnuz)
ONNX_AOTC_FLOAT_CMP(float8e5m2)
ONNX_AOTC_FLOAT_CMP(float8e5m2fnuz)
ONNX_AOTC_FLOAT_CMP(float8e8m0)
ONNX_AOTC_FLOAT_CMP(float4e2m1)
#undef ONNX_AOTC_FLOAT_CMP

// Integer comparisons on the value.
#define ONNX_AOTC_INT_CMP(T)                                                             \
  constexpr bool operator==(T a, T b) { return a.bits == b.bits; }                      \
  constexpr bool operator!=(T a, T b) { return a.bits != b.bits; }
ONNX_AOTC_INT_CMP(int4)
ONNX_AOTC_INT_CMP(uint4)
ONNX_AOTC_INT_CMP(int2)
ONNX_AOTC_INT_CMP(uint2)
#undef ONNX_AOTC_INT_CMP

#define ONNX_AOTC_CHECK_LAYOUT(T, N)                                                   \
  static_assert(sizeof(T) == (N), #T " size");                                         \
  static_assert(std::is_trivial<T>::value, #T " must be trivial");                     \
  static_assert(std::is_standard_layout<T>::value, #T " must be standard layout")
ONNX_AOTC_CHECK_LAYOUT(float16, 2);
ONNX_AOTC_CHECK_LAYOUT(bfloat16, 2);
ONNX_AOTC_CHECK_LAYOUT(float8e4m3fn, 1);
ONNX_AOTC_CHECK_LAYOUT(float8e4m3fnuz, 1);
ONNX_AOTC_CHECK_LAYOUT(float8e5m2, 1);
ONNX_AOTC_CHECK_LAYOUT(float8e5m2fnuz, 1);
ONNX_AOTC_CHECK_LAYOUT(float8e8m0, 1);
ONNX_AOTC_CHECK_LAYOUT(float4e2m1, 1);
ONNX_AOTC_CHECK_LAYOUT(int4, 1);
ONNX_AOTC_CHECK_LAYOUT(uint4, 1);
ONNX_AOTC_CHECK_LAYOUT(int2, 1);
ONNX_AOTC_CHECK_LAYOUT(uint2, 1);
#undef ONNX_AOTC_CHECK_LAYOUT

}  // namespace onnx_aotc

#endif  // ONNX_AOTC_NUMERIC_TYPES_H_
