// SPDX-License-Identifier: Apache-2.0
// Unit tests for onnx_aotc/numeric_types.h (ONNX non-native element types).
//
// Expected values come from the ONNX spec (Operators.md "Cast",
// docs/docsgen/source/technical/{float8,float4,int4,int2}.md), and decoding is
// checked against the spec formulas evaluated independently with std::ldexp.

#include "onnx_aotc/numeric_types.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace {

using namespace onnx_aotc;

float bits_to_f32(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof(f));
  return f;
}

uint32_t f32_to_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

// Spec formula for an IEEE-like format with E exponent bits, M mantissa bits,
// given bias; ignores specials (callers handle them).
double spec_value(unsigned bits, int E, int M, int bias) {
  const unsigned sign = (bits >> (E + M)) & 1u;
  const unsigned e = (bits >> M) & ((1u << E) - 1u);
  const unsigned m = bits & ((1u << M) - 1u);
  double v;
  if (e == 0) {
    v = std::ldexp(static_cast<double>(m), 1 - bias - M);
  } else {
    v = std::ldexp(1.0 + std::ldexp(static_cast<double>(m), -M), static_cast<int>(e) - bias);
  }
  return sign ? -v : v;
}

// Bit-exact float equality that also distinguishes -0 from +0.
#define EXPECT_F32_BITEQ(expected, actual) \
  EXPECT_EQ(f32_to_bits(static_cast<float>(expected)), f32_to_bits(static_cast<float>(actual)))

// ---------------------------------------------------------------------------
// float16
// ---------------------------------------------------------------------------

TEST(Float16, ExhaustiveDecodeMatchesSpecFormula) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    const float16 h = float16::from_bits(static_cast<uint16_t>(b));
    const float f = static_cast<float>(h);
    const unsigned e = (b >> 10) & 0x1F;
    const unsigned m = b & 0x3FF;
    const bool neg = (b & 0x8000) != 0;
    if (e == 0x1F) {
      if (m == 0) {
        EXPECT_TRUE(std::isinf(f)) << b;
        EXPECT_EQ(neg, std::signbit(f)) << b;
        EXPECT_TRUE(h.is_inf());
      } else {
        EXPECT_TRUE(std::isnan(f)) << b;
        EXPECT_TRUE(h.is_nan());
      }
      continue;
    }
    EXPECT_F32_BITEQ(spec_value(b, 5, 10, 15), f) << "bits=" << b;
  }
}

TEST(Float16, ExhaustiveRoundTrip) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    const float16 h = float16::from_bits(static_cast<uint16_t>(b));
    const float16 back(static_cast<float>(h));
    if (h.is_nan()) {
      EXPECT_TRUE(back.is_nan()) << b;
      EXPECT_TRUE(std::isnan(static_cast<float>(back))) << b;
    } else {
      EXPECT_EQ(b, back.bits) << b;
    }
  }
}

TEST(Float16, RoundingTiesToEven) {
  // 1 + 2^-11 is halfway between 1.0 (0x3C00, even) and 1+2^-10 (0x3C01).
  EXPECT_EQ(0x3C00, float16(1.0f + std::ldexp(1.0f, -11)).bits);
  // 1 + 3*2^-11 is halfway between 0x3C01 (odd) and 0x3C02 (even).
  EXPECT_EQ(0x3C02, float16(1.0f + 3.0f * std::ldexp(1.0f, -11)).bits);
  // Just above / below a tie.
  EXPECT_EQ(0x3C01, float16(std::nextafter(1.0f + std::ldexp(1.0f, -11), 2.0f)).bits);
  EXPECT_EQ(0x3C01, float16(std::nextafter(1.0f + 3.0f * std::ldexp(1.0f, -11), 0.0f)).bits);
  EXPECT_EQ(0xBC00, float16(-1.0f - std::ldexp(1.0f, -11)).bits);
  // Known values.
  EXPECT_EQ(0x3C00, float16(1.0f).bits);
  EXPECT_EQ(0xC000, float16(-2.0f).bits);
  EXPECT_EQ(0x3555, float16(1.0f / 3.0f).bits);
  EXPECT_EQ(0x4248, float16(3.140625f).bits);
  EXPECT_EQ(0x0000, float16(0.0f).bits);
  EXPECT_EQ(0x8000, float16(-0.0f).bits);
}

TEST(Float16, MidpointsExhaustive) {
  // For each pair of adjacent finite positive halves, the exact midpoint rounds
  // to the even one and its float neighbours round to the nearer one.
  for (uint32_t b = 0; b < 0x7BFF; ++b) {
    const double lo = spec_value(b, 5, 10, 15);
    const double hi = spec_value(b + 1, 5, 10, 15);
    const float mid = static_cast<float>((lo + hi) / 2);  // exact in float
    ASSERT_EQ(static_cast<double>(mid), (lo + hi) / 2);
    const uint32_t even = (b & 1u) ? b + 1 : b;
    EXPECT_EQ(even, float16(mid).bits) << b;
    EXPECT_EQ(b, float16(std::nextafter(mid, 0.0f)).bits) << b;
    EXPECT_EQ(b + 1, float16(std::nextafter(mid, kInf)).bits) << b;
    EXPECT_EQ(b | 0x8000u, float16(-std::nextafter(mid, 0.0f)).bits) << b;
  }
}

TEST(Float16, Subnormals) {
  EXPECT_EQ(0x0001, float16(std::ldexp(1.0f, -24)).bits);  // min subnormal
  EXPECT_EQ(0x0400, float16(std::ldexp(1.0f, -14)).bits);  // min normal
  EXPECT_EQ(0x03FF, float16(std::ldexp(1023.0f, -24)).bits);
  EXPECT_EQ(0x0000, float16(std::ldexp(1.0f, -25)).bits);   // tie -> even (0)
  EXPECT_EQ(0x0001, float16(std::ldexp(3.0f, -26)).bits);   // 1.5 * 2^-25
  EXPECT_EQ(0x0002, float16(std::ldexp(3.0f, -25)).bits);   // tie 1.5 ulp -> 2
  EXPECT_EQ(0x8001, float16(-std::ldexp(1.0f, -24)).bits);
  EXPECT_EQ(0x0000, float16(1e-10f).bits);
  EXPECT_EQ(0x8000, float16(-1e-10f).bits);
  EXPECT_EQ(0x0000, float16(bits_to_f32(0x00000001u)).bits);  // float subnormal
  EXPECT_F32_BITEQ(std::ldexp(1.0f, -24), static_cast<float>(float16::from_bits(0x0001)));
  EXPECT_F32_BITEQ(std::ldexp(1023.0f, -24), static_cast<float>(float16::from_bits(0x03FF)));
}

TEST(Float16, OverflowAndSpecials) {
  EXPECT_EQ(0x7BFF, float16(65504.0f).bits);
  EXPECT_EQ(0x7BFF, float16(65519.0f).bits);
  EXPECT_EQ(0x7C00, float16(65520.0f).bits);  // tie between 65504 (odd) and 2^16 -> inf
  EXPECT_EQ(0x7C00, float16(1e5f).bits);
  EXPECT_EQ(0xFC00, float16(-1e5f).bits);
  EXPECT_EQ(0x7C00, float16(kInf).bits);
  EXPECT_EQ(0xFC00, float16(-kInf).bits);
  EXPECT_TRUE(float16(kNaN).is_nan());
  EXPECT_TRUE(float16(-kNaN).is_nan());
  EXPECT_TRUE(float16(bits_to_f32(0x7F800001u)).is_nan());  // signalling NaN, low payload
  EXPECT_FLOAT_EQ(65504.0f, static_cast<float>(float16::from_bits(0x7BFF)));
  EXPECT_TRUE(std::isinf(static_cast<float>(float16::from_bits(0x7C00))));
}

TEST(Float16, ValueComparison) {
  EXPECT_TRUE(float16(0.0f) == float16(-0.0f));
  EXPECT_TRUE(float16(kNaN) != float16(kNaN));
  EXPECT_TRUE(float16(1.5f) == float16(1.5f));
  EXPECT_TRUE(float16(1.5f) != float16(2.5f));
}

// ---------------------------------------------------------------------------
// bfloat16
// ---------------------------------------------------------------------------

TEST(BFloat16, ExhaustiveRoundTrip) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    const bfloat16 h = bfloat16::from_bits(static_cast<uint16_t>(b));
    const float f = static_cast<float>(h);
    EXPECT_EQ(b << 16, f32_to_bits(f)) << b;  // decode is exact
    const bfloat16 back(f);
    if (h.is_nan()) {
      EXPECT_TRUE(back.is_nan()) << b;
      EXPECT_TRUE(std::isnan(f)) << b;
    } else {
      EXPECT_EQ(b, back.bits) << b;
    }
  }
}

TEST(BFloat16, RoundingTiesToEven) {
  EXPECT_EQ(0x3F80, bfloat16(bits_to_f32(0x3F808000u)).bits);  // tie -> even 0x3F80
  EXPECT_EQ(0x3F82, bfloat16(bits_to_f32(0x3F818000u)).bits);  // tie -> even 0x3F82
  EXPECT_EQ(0x3F81, bfloat16(bits_to_f32(0x3F808001u)).bits);  // above tie
  EXPECT_EQ(0x3F80, bfloat16(bits_to_f32(0x3F807FFFu)).bits);  // below tie
  EXPECT_EQ(0xBF80, bfloat16(bits_to_f32(0xBF808000u)).bits);
  EXPECT_EQ(0x3F80, bfloat16(1.0f).bits);
  EXPECT_EQ(0x4049, bfloat16(3.14159265f).bits);
  EXPECT_EQ(0x8000, bfloat16(-0.0f).bits);
  EXPECT_EQ(0x0001, bfloat16(bits_to_f32(0x00010000u)).bits);  // subnormal exact
}

TEST(BFloat16, OverflowAndNaN) {
  EXPECT_EQ(0x7F7F, bfloat16(bits_to_f32(0x7F7F7FFFu)).bits);
  EXPECT_EQ(0x7F80, bfloat16(std::numeric_limits<float>::max()).bits);  // rounds to inf
  EXPECT_EQ(0x7F80, bfloat16(kInf).bits);
  EXPECT_EQ(0xFF80, bfloat16(-kInf).bits);
  EXPECT_TRUE(bfloat16(kNaN).is_nan());
  // NaN whose payload lives only in the low 16 bits must stay NaN.
  EXPECT_TRUE(bfloat16(bits_to_f32(0x7F800001u)).is_nan());
  EXPECT_TRUE(bfloat16(bits_to_f32(0xFFFFFFFFu)).is_nan());
  EXPECT_TRUE(bfloat16(kNaN) != bfloat16(kNaN));
}

// ---------------------------------------------------------------------------
// float8 (generic checks)
// ---------------------------------------------------------------------------

struct F8Desc {
  int E, M, bias;
};

template <class T>
void CheckF8AllPatterns(F8Desc d, bool fnuz, bool has_inf) {
  for (unsigned b = 0; b < 256; ++b) {
    const T x = T::from_bits(static_cast<uint8_t>(b));
    const float f = static_cast<float>(x);
    const unsigned mag = b & 0x7F;
    bool expect_nan, expect_inf = false;
    if (fnuz) {
      expect_nan = (b == 0x80);
    } else if (has_inf) {  // e5m2
      expect_nan = mag > 0x7C;
      expect_inf = mag == 0x7C;
    } else {  // e4m3fn
      expect_nan = mag == 0x7F;
    }
    EXPECT_EQ(expect_nan, x.is_nan()) << b;
    if (expect_nan) {
      EXPECT_TRUE(std::isnan(f)) << b;
      EXPECT_TRUE(T::from_float(f, true).is_nan()) << b;
      EXPECT_TRUE(T::from_float(f, false).is_nan()) << b;
      continue;
    }
    if (expect_inf) {
      EXPECT_TRUE(std::isinf(f)) << b;
      EXPECT_EQ(b, T::from_float(f, false).bits) << b;  // non-saturating keeps inf
      continue;
    }
    EXPECT_F32_BITEQ(spec_value(b, d.E, d.M, d.bias), f) << "bits=" << b;
    // Round trip, both saturation modes (value is in range).
    EXPECT_EQ(b, T::from_float(f, true).bits) << b;
    EXPECT_EQ(b, T::from_float(f, false).bits) << b;
    EXPECT_EQ(b, T(f).bits) << b;
  }
}

// Midpoints between adjacent finite positive values round to even; neighbours
// of the midpoint round to the nearer value.
template <class T>
void CheckF8Midpoints(unsigned max_code) {
  for (unsigned b = 0; b < max_code; ++b) {
    const double lo = static_cast<float>(T::from_bits(static_cast<uint8_t>(b)));
    const double hi = static_cast<float>(T::from_bits(static_cast<uint8_t>(b + 1)));
    const float mid = static_cast<float>((lo + hi) / 2);
    ASSERT_EQ(static_cast<double>(mid), (lo + hi) / 2);
    const unsigned even = (b & 1u) ? b + 1 : b;
    EXPECT_EQ(even, T::from_float(mid, false).bits) << b;
    EXPECT_EQ(b, T::from_float(std::nextafter(mid, 0.0f), false).bits) << b;
    EXPECT_EQ(b + 1, T::from_float(std::nextafter(mid, kInf), false).bits) << b;
    if (b != 0) {
      EXPECT_EQ(b | 0x80u, T::from_float(-std::nextafter(mid, 0.0f), true).bits) << b;
    }
  }
}

// ---------------------------------------------------------------------------
// float8e4m3fn
// ---------------------------------------------------------------------------

TEST(Float8E4M3FN, AllPatterns) {
  CheckF8AllPatterns<float8e4m3fn>({4, 3, 7}, false, false);
}

TEST(Float8E4M3FN, Midpoints) { CheckF8Midpoints<float8e4m3fn>(0x7E); }

TEST(Float8E4M3FN, KnownValues) {
  EXPECT_EQ(448.0f, static_cast<float>(float8e4m3fn::from_bits(0x7E)));  // S.1111.110
  EXPECT_EQ(-448.0f, static_cast<float>(float8e4m3fn::from_bits(0xFE)));
  EXPECT_EQ(std::ldexp(1.0f, -9), static_cast<float>(float8e4m3fn::from_bits(0x01)));  // min
  EXPECT_EQ(std::ldexp(1.0f, -6), static_cast<float>(float8e4m3fn::from_bits(0x08)));
  EXPECT_EQ(1.0f, static_cast<float>(float8e4m3fn::from_bits(0x38)));
  EXPECT_TRUE(float8e4m3fn::from_bits(0x7F).is_nan());
  EXPECT_TRUE(float8e4m3fn::from_bits(0xFF).is_nan());
  EXPECT_EQ(0x38, float8e4m3fn(1.0f).bits);
  EXPECT_EQ(0x00, float8e4m3fn(0.0f).bits);
  EXPECT_EQ(0x80, float8e4m3fn(-0.0f).bits);  // -0 -> -0
}

TEST(Float8E4M3FN, SaturateVsNonSaturate) {
  // saturate=true: Inf -> FLT_MAX, [x] > FLT_MAX -> FLT_MAX.
  EXPECT_EQ(0x7E, float8e4m3fn::from_float(kInf, true).bits);
  EXPECT_EQ(0xFE, float8e4m3fn::from_float(-kInf, true).bits);
  EXPECT_EQ(0x7E, float8e4m3fn::from_float(1000.0f, true).bits);
  EXPECT_EQ(0xFE, float8e4m3fn::from_float(-1000.0f, true).bits);
  EXPECT_EQ(0x7E, float8e4m3fn(1e30f).bits);  // constructor saturates
  // saturate=false: Inf -> NaN, -Inf -> -NaN, overflow -> NaN.
  EXPECT_EQ(0x7F, float8e4m3fn::from_float(kInf, false).bits);
  EXPECT_EQ(0xFF, float8e4m3fn::from_float(-kInf, false).bits);
  EXPECT_TRUE(float8e4m3fn::from_float(1000.0f, false).is_nan());
  EXPECT_TRUE(float8e4m3fn::from_float(-1000.0f, false).is_nan());
  // [x] is the rounded value: 464 is the 448/480 midpoint and rounds to even 448.
  EXPECT_EQ(0x7E, float8e4m3fn::from_float(464.0f, false).bits);
  EXPECT_TRUE(float8e4m3fn::from_float(465.0f, false).is_nan());
  EXPECT_EQ(0x7E, float8e4m3fn::from_float(465.0f, true).bits);
  // NaN -> NaN (sign kept for the non-UZ types).
  EXPECT_TRUE(float8e4m3fn::from_float(kNaN, true).is_nan());
  EXPECT_EQ(0xFF, float8e4m3fn::from_float(-kNaN, false).bits);
}

// ---------------------------------------------------------------------------
// float8e4m3fnuz
// ---------------------------------------------------------------------------

TEST(Float8E4M3FNUZ, AllPatterns) {
  CheckF8AllPatterns<float8e4m3fnuz>({4, 3, 8}, true, false);
}

TEST(Float8E4M3FNUZ, Midpoints) { CheckF8Midpoints<float8e4m3fnuz>(0x7F); }

TEST(Float8E4M3FNUZ, KnownValues) {
  EXPECT_EQ(240.0f, static_cast<float>(float8e4m3fnuz::from_bits(0x7F)));  // S.1111.111
  EXPECT_EQ(-240.0f, static_cast<float>(float8e4m3fnuz::from_bits(0xFF)));
  EXPECT_EQ(std::ldexp(1.0f, -10), static_cast<float>(float8e4m3fnuz::from_bits(0x01)));
  EXPECT_EQ(1.0f, static_cast<float>(float8e4m3fnuz::from_bits(0x40)));
  EXPECT_TRUE(float8e4m3fnuz::from_bits(0x80).is_nan());
  EXPECT_EQ(0x00, float8e4m3fnuz(-0.0f).bits);  // no negative zero
  EXPECT_EQ(0x00, float8e4m3fnuz(-1e-10f).bits);  // negative underflow -> +0, not NaN
  EXPECT_EQ(0x80, float8e4m3fnuz(kNaN).bits);
  EXPECT_EQ(0x80, float8e4m3fnuz(-kNaN).bits);
}

TEST(Float8E4M3FNUZ, SaturateVsNonSaturate) {
  EXPECT_EQ(0x7F, float8e4m3fnuz::from_float(kInf, true).bits);
  EXPECT_EQ(0xFF, float8e4m3fnuz::from_float(-kInf, true).bits);
  EXPECT_EQ(0x7F, float8e4m3fnuz::from_float(300.0f, true).bits);
  EXPECT_EQ(0xFF, float8e4m3fnuz::from_float(-300.0f, true).bits);
  EXPECT_EQ(0x80, float8e4m3fnuz::from_float(kInf, false).bits);
  EXPECT_EQ(0x80, float8e4m3fnuz::from_float(-kInf, false).bits);
  EXPECT_EQ(0x80, float8e4m3fnuz::from_float(300.0f, false).bits);
  EXPECT_EQ(0x80, float8e4m3fnuz::from_float(-300.0f, false).bits);
  EXPECT_EQ(0x7F, float8e4m3fnuz::from_float(247.0f, false).bits);  // rounds to 240
}

// ---------------------------------------------------------------------------
// float8e5m2
// ---------------------------------------------------------------------------

TEST(Float8E5M2, AllPatterns) {
  CheckF8AllPatterns<float8e5m2>({5, 2, 15}, false, true);
}

TEST(Float8E5M2, Midpoints) { CheckF8Midpoints<float8e5m2>(0x7B); }

TEST(Float8E5M2, KnownValues) {
  EXPECT_EQ(57344.0f, static_cast<float>(float8e5m2::from_bits(0x7B)));  // 1.75 * 2^15
  EXPECT_EQ(std::ldexp(1.0f, -16), static_cast<float>(float8e5m2::from_bits(0x01)));
  EXPECT_EQ(1.0f, static_cast<float>(float8e5m2::from_bits(0x3C)));
  EXPECT_TRUE(std::isinf(static_cast<float>(float8e5m2::from_bits(0x7C))));
  EXPECT_TRUE(float8e5m2::from_bits(0x7D).is_nan());
  EXPECT_TRUE(float8e5m2::from_bits(0x7E).is_nan());
  EXPECT_TRUE(float8e5m2::from_bits(0xFF).is_nan());
  EXPECT_EQ(0x80, float8e5m2(-0.0f).bits);
}

TEST(Float8E5M2, SaturateVsNonSaturate) {
  EXPECT_EQ(0x7B, float8e5m2::from_float(kInf, true).bits);
  EXPECT_EQ(0xFB, float8e5m2::from_float(-kInf, true).bits);
  EXPECT_EQ(0x7B, float8e5m2::from_float(1e6f, true).bits);
  EXPECT_EQ(0xFB, float8e5m2::from_float(-1e6f, true).bits);
  EXPECT_EQ(0x7C, float8e5m2::from_float(kInf, false).bits);
  EXPECT_EQ(0xFC, float8e5m2::from_float(-kInf, false).bits);
  EXPECT_EQ(0x7C, float8e5m2::from_float(1e6f, false).bits);
  EXPECT_EQ(0xFC, float8e5m2::from_float(-1e6f, false).bits);
  // 61440 is the 57344/65536 midpoint; 57344 has odd mantissa -> inf.
  EXPECT_EQ(0x7C, float8e5m2::from_float(61440.0f, false).bits);
  EXPECT_EQ(0x7B, float8e5m2::from_float(61439.0f, false).bits);
  EXPECT_TRUE(float8e5m2::from_float(kNaN, false).is_nan());
  EXPECT_TRUE(float8e5m2::from_float(kNaN, true).is_nan());
}

// ---------------------------------------------------------------------------
// float8e5m2fnuz
// ---------------------------------------------------------------------------

TEST(Float8E5M2FNUZ, AllPatterns) {
  CheckF8AllPatterns<float8e5m2fnuz>({5, 2, 16}, true, false);
}

TEST(Float8E5M2FNUZ, Midpoints) { CheckF8Midpoints<float8e5m2fnuz>(0x7F); }

TEST(Float8E5M2FNUZ, KnownValues) {
  EXPECT_EQ(57344.0f, static_cast<float>(float8e5m2fnuz::from_bits(0x7F)));  // S.11111.11
  EXPECT_EQ(std::ldexp(1.0f, -17), static_cast<float>(float8e5m2fnuz::from_bits(0x01)));
  EXPECT_EQ(1.0f, static_cast<float>(float8e5m2fnuz::from_bits(0x40)));
  EXPECT_TRUE(float8e5m2fnuz::from_bits(0x80).is_nan());
  EXPECT_EQ(0x00, float8e5m2fnuz(-0.0f).bits);
  EXPECT_EQ(0x80, float8e5m2fnuz(kNaN).bits);
}

TEST(Float8E5M2FNUZ, SaturateVsNonSaturate) {
  EXPECT_EQ(0x7F, float8e5m2fnuz::from_float(kInf, true).bits);
  EXPECT_EQ(0xFF, float8e5m2fnuz::from_float(-kInf, true).bits);
  EXPECT_EQ(0x7F, float8e5m2fnuz::from_float(1e6f, true).bits);
  EXPECT_EQ(0x80, float8e5m2fnuz::from_float(kInf, false).bits);
  EXPECT_EQ(0x80, float8e5m2fnuz::from_float(-kInf, false).bits);
  EXPECT_EQ(0x80, float8e5m2fnuz::from_float(1e6f, false).bits);
  EXPECT_EQ(0x80, float8e5m2fnuz::from_float(-1e6f, false).bits);
}

// ---------------------------------------------------------------------------
// float8e8m0
// ---------------------------------------------------------------------------

TEST(Float8E8M0, AllPatterns) {
  for (unsigned b = 0; b < 256; ++b) {
    const float8e8m0 x = float8e8m0::from_bits(static_cast<uint8_t>(b));
    const float f = static_cast<float>(x);
    if (b == 0xFF) {
      EXPECT_TRUE(x.is_nan());
      EXPECT_TRUE(std::isnan(f));
      EXPECT_TRUE(float8e8m0(f).is_nan());
      continue;
    }
    EXPECT_FALSE(x.is_nan());
    EXPECT_EQ(std::ldexp(1.0f, static_cast<int>(b) - 127), f) << b;  // 2^(b - 127)
    for (auto mode : {e8m0_round_mode::up, e8m0_round_mode::down, e8m0_round_mode::nearest}) {
      EXPECT_EQ(b, float8e8m0::from_float(f, true, mode).bits) << b;
      EXPECT_EQ(b, float8e8m0::from_float(f, false, mode).bits) << b;
    }
  }
}

TEST(Float8E8M0, RoundModes) {
  using M = e8m0_round_mode;
  EXPECT_EQ(0x7F, float8e8m0(1.0f).bits);
  EXPECT_EQ(0x81, float8e8m0(3.0f).bits);  // default: up
  EXPECT_EQ(0x81, float8e8m0::from_float(3.0f, true, M::up).bits);
  EXPECT_EQ(0x80, float8e8m0::from_float(3.0f, true, M::down).bits);
  EXPECT_EQ(0x81, float8e8m0::from_float(3.0f, true, M::nearest).bits);  // tie 1.5*2 -> up
  EXPECT_EQ(0x80, float8e8m0::from_float(2.9f, true, M::nearest).bits);
  EXPECT_EQ(0x81, float8e8m0::from_float(2.0001f, true, M::up).bits);
  EXPECT_EQ(0x80, float8e8m0::from_float(3.9999f, true, M::down).bits);
  // 2^-1 < 0.6 < 1 and 0.6 < 0.75 (the midpoint).
  EXPECT_EQ(0x7F, float8e8m0::from_float(0.6f, true, M::up).bits);
  EXPECT_EQ(0x7E, float8e8m0::from_float(0.6f, true, M::down).bits);
  EXPECT_EQ(0x7E, float8e8m0::from_float(0.6f, true, M::nearest).bits);
  EXPECT_EQ(0x7F, float8e8m0::from_float(0.75f, true, M::nearest).bits);
}

TEST(Float8E8M0, SpecialValuesPerSpecTable) {
  using M = e8m0_round_mode;
  const float e8m0_max = std::ldexp(1.0f, 127);
  // saturate + up column.
  EXPECT_EQ(0x00, float8e8m0::from_float(0.0f, true, M::up).bits);
  EXPECT_EQ(0xFF, float8e8m0::from_float(kNaN, true, M::up).bits);
  EXPECT_EQ(0xFE, float8e8m0::from_float(kInf, true, M::up).bits);
  EXPECT_EQ(0xFE, float8e8m0::from_float(e8m0_max * 1.5f, true, M::up).bits);
  EXPECT_EQ(0xFE, float8e8m0::from_float(std::numeric_limits<float>::max(), true, M::up).bits);
  EXPECT_EQ(0x00, float8e8m0::from_float(std::ldexp(1.0f, -140), true, M::down).bits);
  EXPECT_EQ(0x00, float8e8m0::from_float(std::ldexp(1.0f, -140), true, M::up).bits);
  // non-saturate + nearest column.
  EXPECT_EQ(0xFF, float8e8m0::from_float(0.0f, false, M::nearest).bits);
  EXPECT_EQ(0xFF, float8e8m0::from_float(kNaN, false, M::nearest).bits);
  EXPECT_EQ(0xFF, float8e8m0::from_float(kInf, false, M::nearest).bits);
  EXPECT_EQ(0xFF, float8e8m0::from_float(e8m0_max * 1.5f, false, M::nearest).bits);
  EXPECT_EQ(0xFF, float8e8m0::from_float(std::ldexp(1.0f, -140), false, M::nearest).bits);
  // Subnormal float inputs are rounded on their true value.
  EXPECT_EQ(0x00, float8e8m0::from_float(std::ldexp(1.0f, -127), false, M::nearest).bits);
  EXPECT_EQ(0x01, float8e8m0::from_float(std::ldexp(1.5f, -127), false, M::up).bits);
  EXPECT_EQ(0x00, float8e8m0::from_float(std::ldexp(1.5f, -127), false, M::down).bits);
  EXPECT_FLOAT_EQ(std::ldexp(1.0f, -127), static_cast<float>(float8e8m0::from_bits(0x00)));
  EXPECT_EQ(e8m0_max, static_cast<float>(float8e8m0::from_bits(0xFE)));
}

// ---------------------------------------------------------------------------
// float4e2m1
// ---------------------------------------------------------------------------

TEST(Float4E2M1, AllValues) {
  const float expected[8] = {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 4.0f, 6.0f};  // float4.md
  for (unsigned b = 0; b < 16; ++b) {
    const float4e2m1 x = float4e2m1::from_bits(static_cast<uint8_t>(b));
    const float f = static_cast<float>(x);
    const float e = (b & 8) ? -expected[b & 7] : expected[b & 7];
    EXPECT_F32_BITEQ(e, f) << b;
    EXPECT_F32_BITEQ(spec_value(b, 2, 1, 1), f) << b;
    EXPECT_EQ(b, float4e2m1(f).bits) << b;  // round trip, including -0 (0x8)
    EXPECT_EQ(b, x.raw_bits());
  }
  EXPECT_EQ(0x3, float4e2m1::from_bits(0xF3).bits);  // high nibble ignored
}

TEST(Float4E2M1, RoundingAndSaturation) {
  EXPECT_EQ(0x0, float4e2m1(0.25f).bits);   // tie 0 / 0.5 -> 0 (even)
  EXPECT_EQ(0x1, float4e2m1(0.26f).bits);
  EXPECT_EQ(0x2, float4e2m1(0.75f).bits);   // tie 0.5 / 1 -> 1 (even)
  EXPECT_EQ(0x4, float4e2m1(2.5f).bits);    // tie 2 / 3 -> 2
  EXPECT_EQ(0x6, float4e2m1(3.5f).bits);    // tie 3 / 4 -> 4
  EXPECT_EQ(0x6, float4e2m1(5.0f).bits);    // tie 4 / 6 -> 4
  EXPECT_EQ(0x7, float4e2m1(5.01f).bits);
  EXPECT_EQ(0xD, float4e2m1(-3.2f).bits);
  // Table: x > 6 -> 6, x < -6 -> -6, +Inf -> 6, -Inf -> -6, NaN -> 6, +-0 -> +-0.
  EXPECT_EQ(0x7, float4e2m1(7.0f).bits);
  EXPECT_EQ(0x7, float4e2m1(1e30f).bits);
  EXPECT_EQ(0xF, float4e2m1(-100.0f).bits);
  EXPECT_EQ(0x7, float4e2m1(kInf).bits);
  EXPECT_EQ(0xF, float4e2m1(-kInf).bits);
  EXPECT_EQ(0x7, float4e2m1(kNaN).bits);
  EXPECT_EQ(0x7, float4e2m1::from_float(-kNaN).bits);
  EXPECT_EQ(0x0, float4e2m1(0.0f).bits);
  EXPECT_EQ(0x8, float4e2m1(-0.0f).bits);
  EXPECT_TRUE(float4e2m1(0.0f) == float4e2m1(-0.0f));
}

// ---------------------------------------------------------------------------
// Sub-byte integers
// ---------------------------------------------------------------------------

TEST(SubByteInt, Ranges) {
  EXPECT_EQ(-8, int4::min_value);
  EXPECT_EQ(7, int4::max_value);
  EXPECT_EQ(0, uint4::min_value);
  EXPECT_EQ(15, uint4::max_value);
  EXPECT_EQ(-2, int2::min_value);
  EXPECT_EQ(1, int2::max_value);
  EXPECT_EQ(0, uint2::min_value);
  EXPECT_EQ(3, uint2::max_value);
}

TEST(SubByteInt, FromBitsAllPatterns) {
  for (unsigned b = 0; b < 16; ++b) {
    const int4 s = int4::from_bits(static_cast<uint8_t>(b));
    EXPECT_EQ(b < 8 ? static_cast<int>(b) : static_cast<int>(b) - 16, s.value());
    EXPECT_EQ(b, s.raw_bits());
    const uint4 u = uint4::from_bits(static_cast<uint8_t>(b));
    EXPECT_EQ(static_cast<int>(b), u.value());
    EXPECT_EQ(b, u.raw_bits());
    EXPECT_EQ(static_cast<float>(s.value()), to_float(s));
    EXPECT_EQ(static_cast<float>(b), to_float(u));
  }
  for (unsigned b = 0; b < 4; ++b) {
    const int2 s = int2::from_bits(static_cast<uint8_t>(b));
    EXPECT_EQ(b < 2 ? static_cast<int>(b) : static_cast<int>(b) - 4, s.value());
    EXPECT_EQ(b, s.raw_bits());
    const uint2 u = uint2::from_bits(static_cast<uint8_t>(b));
    EXPECT_EQ(static_cast<int>(b), u.value());
    EXPECT_EQ(b, u.raw_bits());
  }
  EXPECT_EQ(-1, int4::from_bits(0xFF).value());  // higher bits ignored
  EXPECT_EQ(3, uint2::from_bits(0xFF).value());
}

TEST(SubByteInt, FromIntegerWrapsTwosComplement) {
  // Cast spec, fixed point -> fixed point: discard higher bits and reinterpret.
  for (int v = -8; v <= 7; ++v) EXPECT_EQ(v, int4(v).value());
  for (int v = 0; v <= 15; ++v) EXPECT_EQ(v, uint4(v).value());
  EXPECT_EQ(-8, int4(8).value());
  EXPECT_EQ(7, int4(-9).value());
  EXPECT_EQ(-8, int4(200).value());  // 200 = 0b1100'1000
  EXPECT_EQ(0, uint4(16).value());
  EXPECT_EQ(15, uint4(-1).value());
  EXPECT_EQ(-2, int2(2).value());
  EXPECT_EQ(1, int2(-3).value());
  EXPECT_EQ(0, uint2(4).value());
  EXPECT_EQ(3, uint2(-1).value());
  EXPECT_EQ(1, int4(true).value());
  EXPECT_EQ(5, int4(static_cast<int64_t>(0x7FFFFFFF00000005LL)).value());
  EXPECT_EQ(7, static_cast<int>(uint4(7u)));
}

TEST(SubByteInt, FromFloatRoundsHalfEvenAndClamps) {
  // int4.md / int2.md: round to nearest integer with ties to even, then clip.
  EXPECT_EQ(2, int4(2.5f).value());
  EXPECT_EQ(4, int4(3.5f).value());
  EXPECT_EQ(-2, int4(-2.5f).value());
  EXPECT_EQ(-4, int4(-3.5f).value());
  EXPECT_EQ(0, int4(0.5f).value());
  EXPECT_EQ(0, int4(-0.5f).value());
  EXPECT_EQ(1, int4(0.51f).value());
  EXPECT_EQ(-1, int4(-0.7f).value());
  EXPECT_EQ(3, int4(2.6f).value());
  EXPECT_EQ(6, int4(6.5f).value());  // tie -> even
  EXPECT_EQ(7, int4(7.5f).value());  // clip to 7 (reference clips, then rints)
  EXPECT_EQ(7, int4(7.6f).value());
  EXPECT_EQ(7, int4(100.0f).value());
  EXPECT_EQ(-8, int4(-8.4f).value());
  EXPECT_EQ(-8, int4(-100.0f).value());
  EXPECT_EQ(7, int4(kInf).value());
  EXPECT_EQ(-8, int4(-kInf).value());
  EXPECT_EQ(0, int4(kNaN).value());  // unspecified by the spec; we define 0
  EXPECT_EQ(2, int4(2.5).value());   // double overload

  EXPECT_EQ(0, uint4(-3.0f).value());
  EXPECT_EQ(0, uint4(0.5f).value());
  EXPECT_EQ(2, uint4(1.5f).value());
  EXPECT_EQ(14, uint4(14.5f).value());
  EXPECT_EQ(15, uint4(15.4f).value());
  EXPECT_EQ(15, uint4(20.0f).value());

  EXPECT_EQ(1, int2(1.5f).value());
  EXPECT_EQ(0, int2(0.5f).value());
  EXPECT_EQ(-2, int2(-1.5f).value());
  EXPECT_EQ(-2, int2(-2.5f).value());
  EXPECT_EQ(1, int2(9.0f).value());

  EXPECT_EQ(2, uint2(2.5f).value());
  EXPECT_EQ(3, uint2(3.7f).value());
  EXPECT_EQ(2, uint2(1.5f).value());
  EXPECT_EQ(0, uint2(-0.7f).value());

  // Every representable value round-trips through float.
  for (int v = -8; v <= 7; ++v) EXPECT_EQ(v, int4(to_float(int4(v))).value());
  for (int v = 0; v <= 15; ++v) EXPECT_EQ(v, uint4(to_float(uint4(v))).value());
  for (int v = -2; v <= 1; ++v) EXPECT_EQ(v, int2(to_float(int2(v))).value());
  for (int v = 0; v <= 3; ++v) EXPECT_EQ(v, uint2(to_float(uint2(v))).value());
}

TEST(SubByteInt, ComparisonAndConstexpr) {
  constexpr int4 a(5);
  constexpr int4 b = int4::from_bits(0x5);
  static_assert(a == b, "constexpr int4 compare");
  static_assert(int4(-3).raw_bits() == 0xD, "raw bits");
  static_assert(uint2(7).value() == 3, "wrap");
  EXPECT_TRUE(int4(1) != int4(2));
}

// ---------------------------------------------------------------------------
// Traits
// ---------------------------------------------------------------------------

TEST(Traits, IsOnnxFloat) {
  static_assert(is_onnx_float<float16>::value, "");
  static_assert(is_onnx_float<bfloat16>::value, "");
  static_assert(is_onnx_float<float8e4m3fn>::value, "");
  static_assert(is_onnx_float<float8e4m3fnuz>::value, "");
  static_assert(is_onnx_float<float8e5m2>::value, "");
  static_assert(is_onnx_float<float8e5m2fnuz>::value, "");
  static_assert(is_onnx_float<float8e8m0>::value, "");
  static_assert(is_onnx_float_v<float4e2m1>, "");
  static_assert(!is_onnx_float<float>::value, "");
  static_assert(!is_onnx_float<int4>::value, "");
  static_assert(!is_onnx_float_v<uint2>, "");
  static_assert(is_onnx_subbyte_int_v<int4> && is_onnx_subbyte_int_v<uint2>, "");
  static_assert(std::is_trivially_copyable<float16>::value, "");
  static_assert(std::is_trivially_copyable<int4>::value, "");
  static_assert(float16::from_bits(0x3C00).bits == 0x3C00, "constexpr from_bits");
  EXPECT_EQ(1.0f, to_float(float16::from_bits(0x3C00)));
  EXPECT_EQ(1.0f, to_float(bfloat16::from_bits(0x3F80)));
  EXPECT_EQ(2.5f, to_float(2.5f));
}

}  // namespace
