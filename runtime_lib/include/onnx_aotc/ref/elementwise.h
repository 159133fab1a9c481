// SPDX-License-Identifier: Apache-2.0
// Reference elementwise kernels: unary math/activations, broadcasting binary ops, Clip, Where and the
// variadic Max/Min/Sum/Mean.
//
// Arithmetic happens in compute_t<T> (float for the narrow float types, T itself otherwise); integer
// arithmetic wraps (two's complement) instead of overflowing, and integer division or remainder by zero
// gives 0 (ONNX leaves both undefined; a reference kernel must not have undefined behaviour).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

// ---- scalar helpers ------------------------------------------------------------------------------

namespace ew_detail {

template <typename C>
constexpr bool is_negative(C v) {
  if constexpr (std::is_unsigned_v<C>)
    return false;
  else
    return v < C(0);
}

template <typename C>
constexpr C abs_of(C v) {
  return is_negative(v) ? wrap_neg(v) : v;
}

/// Integer division truncating toward zero; x / 0 gives 0, MIN / -1 wraps to MIN.
template <typename C>
constexpr C int_div(C a, C b) {
  if (b == C(0)) return C(0);
  if constexpr (std::is_signed_v<C>)
    if (b == C(-1)) return wrap_neg(a);
  return static_cast<C>(a / b);
}

/// Truncated remainder (sign of the dividend, C's %); x % 0 gives 0.
template <typename C>
constexpr C int_rem(C a, C b) {
  if (b == C(0)) return C(0);
  if constexpr (std::is_signed_v<C>)
    if (b == C(-1)) return C(0);
  return static_cast<C>(a % b);
}

/// Floored remainder (sign of the divisor, Python's %); x % 0 gives 0.
template <typename C>
constexpr C int_mod(C a, C b) {
  C r = int_rem(a, b);
  if (r != C(0) && is_negative(r) != is_negative(b)) r = static_cast<C>(r + b);
  return r;
}

/// Integer power by squaring (wrapping); negative exponents give 0 except for bases 1 and -1.
template <typename C, typename E>
constexpr C int_pow(C base, E exponent) {
  if (is_negative(exponent)) {
    if (base == C(1)) return C(1);
    if constexpr (std::is_signed_v<C>)
      if (base == C(-1)) return (exponent % 2 == 0) ? C(1) : C(-1);
    return C(0);
  }
  C result = C(1);
  auto e = static_cast<uint64_t>(exponent);
  while (e != 0) {
    if (e & 1u) result = wrap_mul(result, base);
    base = wrap_mul(base, base);
    e >>= 1;
  }
  return result;
}

/// Rounds to the nearest integer, ties to even (independent of the floating-point environment).
template <typename C>
inline C round_half_even(C v) {
  const C t = std::trunc(v);
  const C diff = v - t;
  if (diff == C(0.5)) return (std::fmod(t, C(2)) == C(0)) ? t : t + C(1);
  if (diff == C(-0.5)) return (std::fmod(t, C(2)) == C(0)) ? t : t - C(1);
  return std::round(v);
}

template <typename C>
inline C sign_of(C v) {
  if constexpr (std::is_unsigned_v<C>) {
    return v > C(0) ? C(1) : C(0);
  } else {
    if (v > C(0)) return C(1);
    if (v < C(0)) return C(-1);
    return v;  // zero (keeping its sign) or NaN
  }
}

template <typename C>
inline C sigmoid_of(C v) {
  return v >= C(0) ? C(1) / (C(1) + std::exp(-v)) : std::exp(v) / (C(1) + std::exp(v));
}

template <typename C>
inline C softplus_of(C v) {
  return v > C(0) ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v));
}

template <typename C>
inline bool is_nan_value(C v) {
  if constexpr (std::is_floating_point_v<C>)
    return v != v;
  else
    return false;
}

/// Reading one element of T as its compute type.
template <typename T>
constexpr compute_t<T> load(const T& v) {
  return convert<compute_t<T>>(v);
}

}  // namespace ew_detail

// ---- unary ---------------------------------------------------------------------------------------

/// Unary ops: `count` elements; alpha/beta carry the op's attributes where it has any.
struct UnaryParams {
  int64_t count;
  float alpha;
  float beta;
};

/// Applies `f` (on compute_t<T>) to every element.
template <typename T, typename U, typename F>
inline void map_unary(int64_t count, const T* x, U* y, F f) {
  for (int64_t i = 0; i < count; ++i) y[i] = convert<U>(f(ew_detail::load(x[i])));
}

#define ONNX_AOTC_UNARY(name, expr)                                    \
  template <typename T>                                                \
  inline void name(const UnaryParams& p, const T* x, T* y) {           \
    using C = compute_t<T>;                                            \
    [[maybe_unused]] const C alpha = static_cast<C>(p.alpha);          \
    [[maybe_unused]] const C beta = static_cast<C>(p.beta);            \
    map_unary(p.count, x, y, [&](C v) -> C { return (expr); });        \
  }

// Activations
ONNX_AOTC_UNARY(relu, v > C(0) ? v : C(0))
ONNX_AOTC_UNARY(leaky_relu, v >= C(0) ? v : alpha * v)
ONNX_AOTC_UNARY(elu, v >= C(0) ? v : alpha * (std::exp(v) - C(1)))
ONNX_AOTC_UNARY(celu, (v > C(0) ? v : C(0)) + std::fmin(C(0), alpha * (std::exp(v / alpha) - C(1))))
ONNX_AOTC_UNARY(selu, v > C(0) ? beta * v : beta * (alpha * std::exp(v) - alpha))  // beta = gamma
ONNX_AOTC_UNARY(sigmoid, ew_detail::sigmoid_of(v))
ONNX_AOTC_UNARY(hard_sigmoid, std::fmax(C(0), std::fmin(C(1), alpha * v + beta)))
ONNX_AOTC_UNARY(hard_swish, v * std::fmax(C(0), std::fmin(C(1), v / C(6) + C(0.5))))
ONNX_AOTC_UNARY(softplus, ew_detail::softplus_of(v))
ONNX_AOTC_UNARY(softsign, v / (C(1) + std::fabs(v)))
ONNX_AOTC_UNARY(mish, v * std::tanh(ew_detail::softplus_of(v)))
ONNX_AOTC_UNARY(swish, v * ew_detail::sigmoid_of(alpha * v))
ONNX_AOTC_UNARY(thresholded_relu, v > alpha ? v : C(0))
ONNX_AOTC_UNARY(gelu, C(0.5) * v * (C(1) + std::erf(v * C(0.70710678118654752440))))
ONNX_AOTC_UNARY(gelu_tanh,
                C(0.5) * v * (C(1) + std::tanh(C(0.79788456080286535588) * (v + C(0.044715) * v * v * v))))
// Arithmetic
ONNX_AOTC_UNARY(identity, v)
ONNX_AOTC_UNARY(neg, wrap_neg(v))
ONNX_AOTC_UNARY(abs, ew_detail::abs_of(v))
ONNX_AOTC_UNARY(sign, ew_detail::sign_of(v))
ONNX_AOTC_UNARY(reciprocal, C(1) / v)
ONNX_AOTC_UNARY(ceil, std::ceil(v))
ONNX_AOTC_UNARY(floor, std::floor(v))
ONNX_AOTC_UNARY(round, ew_detail::round_half_even(v))
ONNX_AOTC_UNARY(bitwise_not, static_cast<C>(~v))
ONNX_AOTC_UNARY(logical_not, !v)
// Transcendental
ONNX_AOTC_UNARY(exp, std::exp(v))
ONNX_AOTC_UNARY(log, std::log(v))
ONNX_AOTC_UNARY(sqrt, std::sqrt(v))
ONNX_AOTC_UNARY(tanh, std::tanh(v))
ONNX_AOTC_UNARY(erf, std::erf(v))
ONNX_AOTC_UNARY(sin, std::sin(v))
ONNX_AOTC_UNARY(cos, std::cos(v))
ONNX_AOTC_UNARY(tan, std::tan(v))
ONNX_AOTC_UNARY(asin, std::asin(v))
ONNX_AOTC_UNARY(acos, std::acos(v))
ONNX_AOTC_UNARY(atan, std::atan(v))
ONNX_AOTC_UNARY(sinh, std::sinh(v))
ONNX_AOTC_UNARY(cosh, std::cosh(v))
ONNX_AOTC_UNARY(asinh, std::asinh(v))
ONNX_AOTC_UNARY(acosh, std::acosh(v))
ONNX_AOTC_UNARY(atanh, std::atanh(v))

#undef ONNX_AOTC_UNARY

/// Shrink: alpha = lambd, beta = bias. Integers compare and shift in double, then truncate (saturating).
template <typename T>
inline void shrink(const UnaryParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  map_unary(p.count, x, y, [&](C v) -> C {
    const double d = static_cast<double>(v);
    const double r = d < -static_cast<double>(p.alpha) ? d + static_cast<double>(p.beta)
                     : d > static_cast<double>(p.alpha) ? d - static_cast<double>(p.beta)
                                                        : 0.0;
    if constexpr (std::is_integral_v<C>) return saturate_cast<C>(r);
    else return static_cast<C>(r);
  });
}

/// IsNaN / IsInf: float element types in, bool out.
struct ClassifyParams {
  int64_t count;
  bool detect_negative;  ///< IsInf only
  bool detect_positive;  ///< IsInf only
};

template <typename T>
inline void is_nan(const ClassifyParams& p, const T* x, bool* y) {
  map_unary(p.count, x, y, [](auto v) { return v != v; });
}

template <typename T>
inline void is_inf(const ClassifyParams& p, const T* x, bool* y) {
  map_unary(p.count, x, y, [&](auto v) {
    return std::isinf(v) && (v > 0 ? p.detect_positive : p.detect_negative);
  });
}

/// Clip: bounds come from the optional `lo`/`hi` inputs (one element each) or, for Clip < 11, from the
/// attributes in `min`/`max` (used when has_min/has_max). A missing bound does not clamp. With min > max
/// every element becomes max, as the spec requires.
struct ClipParams {
  int64_t count;
  bool has_min;
  bool has_max;
  double min;
  double max;
};

template <typename T>
inline void clip(const ClipParams& p, const T* x, const T* lo, const T* hi, T* y) {
  using C = compute_t<T>;
  const bool use_lo = lo != nullptr || p.has_min;
  const bool use_hi = hi != nullptr || p.has_max;
  const C vlo = lo ? ew_detail::load(lo[0]) : (p.has_min ? convert<C>(p.min) : C(0));
  const C vhi = hi ? ew_detail::load(hi[0]) : (p.has_max ? convert<C>(p.max) : C(0));
  map_unary(p.count, x, y, [&](C v) -> C {
    if (use_lo && v < vlo) v = vlo;
    if (use_hi && v > vhi) v = vhi;
    return v;
  });
}

// ---- binary --------------------------------------------------------------------------------------

/// Binary ops with numpy broadcasting: `out` is the result shape; a_strides/b_strides are the inputs'
/// element strides broadcast to it (0 along broadcast axes).
struct BinaryParams {
  Dims out;
  Dims a_strides;
  Dims b_strides;
};

/// Applies `f(a, b)` (on the inputs' compute types) over the broadcast index space; the inner loop runs
/// along the last axis.
template <typename A, typename B, typename U, typename F>
inline void map_binary(const BinaryParams& p, const A* a, const B* b, U* y, F f) {
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = convert<U>(f(ew_detail::load(a[0]), ew_detail::load(b[0])));
    return;
  }
  const int inner_axis = p.out.rank - 1;
  const int64_t inner = p.out.d[inner_axis];
  const int64_t sa = p.a_strides.d[inner_axis];
  const int64_t sb = p.b_strides.d[inner_axis];
  StridedCursor<2> cursor{p.out, {p.a_strides, p.b_strides}};
  for (int64_t base = 0; base < total; base += inner) {
    const A* pa = a + cursor.offset[0];
    const B* pb = b + cursor.offset[1];
    U* py = y + base;
    for (int64_t i = 0; i < inner; ++i) py[i] = convert<U>(f(ew_detail::load(pa[i * sa]), ew_detail::load(pb[i * sb])));
    cursor.next_outer();
  }
}

#define ONNX_AOTC_BINARY(name, result_type, expr)                                     \
  template <typename T>                                                               \
  inline void name(const BinaryParams& p, const T* a, const T* b, result_type* y) {   \
    using C = compute_t<T>;                                                           \
    map_binary(p, a, b, y, [](C x, C z) -> auto { return (expr); });                  \
  }

ONNX_AOTC_BINARY(add, T, C(wrap_add(x, z)))
ONNX_AOTC_BINARY(sub, T, C(wrap_sub(x, z)))
ONNX_AOTC_BINARY(mul, T, C(wrap_mul(x, z)))
ONNX_AOTC_BINARY(max, T, (ew_detail::is_nan_value(x) || ew_detail::is_nan_value(z)) ? C(x + z) : (x > z ? x : z))
ONNX_AOTC_BINARY(min, T, (ew_detail::is_nan_value(x) || ew_detail::is_nan_value(z)) ? C(x + z) : (x < z ? x : z))
ONNX_AOTC_BINARY(equal, bool, x == z)
ONNX_AOTC_BINARY(less, bool, x < z)
ONNX_AOTC_BINARY(less_or_equal, bool, x <= z)
ONNX_AOTC_BINARY(greater, bool, x > z)
ONNX_AOTC_BINARY(greater_or_equal, bool, x >= z)
ONNX_AOTC_BINARY(logical_and, bool, x && z)
ONNX_AOTC_BINARY(logical_or, bool, x || z)
ONNX_AOTC_BINARY(logical_xor, bool, x != z)
ONNX_AOTC_BINARY(bitwise_and, T, C(x & z))
ONNX_AOTC_BINARY(bitwise_or, T, C(x | z))
ONNX_AOTC_BINARY(bitwise_xor, T, C(x ^ z))
// BitShift (unsigned types): shifting by the bit width or more gives 0.
ONNX_AOTC_BINARY(bit_shift_left, T, z >= C(sizeof(C) * 8) ? C(0) : C(static_cast<uint64_t>(x) << z))
ONNX_AOTC_BINARY(bit_shift_right, T, z >= C(sizeof(C) * 8) ? C(0) : C(static_cast<uint64_t>(x) >> z))
// PRelu: b is the slope, broadcast to a's shape.
ONNX_AOTC_BINARY(prelu, T, ew_detail::is_negative(x) ? C(wrap_mul(x, z)) : x)

#undef ONNX_AOTC_BINARY

template <typename T>
inline void div(const BinaryParams& p, const T* a, const T* b, T* y) {
  using C = compute_t<T>;
  map_binary(p, a, b, y, [](C x, C z) -> C {
    if constexpr (std::is_integral_v<C>) return ew_detail::int_div(x, z);
    else return x / z;
  });
}

/// Mod with fmod = 1: the remainder has the dividend's sign (C fmod / %).
template <typename T>
inline void fmod(const BinaryParams& p, const T* a, const T* b, T* y) {
  using C = compute_t<T>;
  map_binary(p, a, b, y, [](C x, C z) -> C {
    if constexpr (std::is_integral_v<C>) return ew_detail::int_rem(x, z);
    else return std::fmod(x, z);
  });
}

/// Mod with fmod = 0 (integers only): the remainder has the divisor's sign.
template <typename T>
inline void mod(const BinaryParams& p, const T* a, const T* b, T* y) {
  map_binary(p, a, b, y, [](T x, T z) -> T { return ew_detail::int_mod(x, z); });
}

/// Pow: the exponent may have another type than the base. Integer ** integer is exact (wrapping);
/// everything else is computed in double and converted (truncating and saturating for integer bases).
template <typename T, typename E>
inline void pow(const BinaryParams& p, const T* a, const E* b, T* y) {
  using CT = compute_t<T>;
  using CE = compute_t<E>;
  map_binary(p, a, b, y, [](CT x, CE z) -> CT {
    if constexpr (std::is_integral_v<CT> && std::is_integral_v<CE>) {
      return ew_detail::int_pow(x, z);
    } else {
      const double r = std::pow(static_cast<double>(x), static_cast<double>(z));
      if constexpr (std::is_integral_v<CT>) return saturate_cast<CT>(r);
      else return static_cast<CT>(r);
    }
  });
}

// ---- Where ---------------------------------------------------------------------------------------

/// Where(cond, x, y) with three-way broadcasting. Only moves bytes: T is an unsigned integer of the
/// element's size.
struct WhereParams {
  Dims out;
  Dims c_strides;
  Dims x_strides;
  Dims y_strides;
};

template <typename T>
inline void where(const WhereParams& p, const bool* c, const T* x, const T* y, T* out) {
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    out[0] = c[0] ? x[0] : y[0];
    return;
  }
  const int inner_axis = p.out.rank - 1;
  const int64_t inner = p.out.d[inner_axis];
  const int64_t sc = p.c_strides.d[inner_axis];
  const int64_t sx = p.x_strides.d[inner_axis];
  const int64_t sy = p.y_strides.d[inner_axis];
  StridedCursor<3> cursor{p.out, {p.c_strides, p.x_strides, p.y_strides}};
  for (int64_t base = 0; base < total; base += inner) {
    const bool* pc = c + cursor.offset[0];
    const T* px = x + cursor.offset[1];
    const T* py = y + cursor.offset[2];
    for (int64_t i = 0; i < inner; ++i) out[base + i] = pc[i * sc] ? px[i * sx] : py[i * sy];
    cursor.next_outer();
  }
}

// ---- variadic Max / Min / Sum / Mean -------------------------------------------------------------

/// `count` inputs, each broadcast to `out`. Input i's broadcast pattern is the byte
/// `(broadcast_masks.d[i / 8] >> (8 * (i % 8))) & 0xFF`, bit a set when the input has size 1 (or no
/// dimension) along output axis a. Up to 64 inputs.
struct VariadicParams {
  Dims out;
  int32_t count;
  Dims broadcast_masks;
};

namespace ew_detail {

/// Combines input after input into y: y = x0, then y = f(y, xi). Reads and writes y elementwise.
template <typename T, typename F>
inline void fold_inputs(const VariadicParams& p, const T* const* xs, T* y, F f) {
  using C = compute_t<T>;
  const int64_t total = p.out.numel();
  if (total == 0) return;
  const int rank = p.out.rank;
  for (int32_t k = 0; k < p.count; ++k) {
    const uint64_t mask = (static_cast<uint64_t>(p.broadcast_masks.d[k / 8]) >> (8 * (k % 8))) & 0xFFu;
    Dims strides{rank, {}};
    int64_t stride = 1;
    for (int a = rank - 1; a >= 0; --a) {
      const bool broadcast = ((mask >> a) & 1) != 0;
      strides.d[a] = broadcast ? 0 : stride;
      if (!broadcast) stride *= p.out.d[a];
    }
    const T* x = xs[k];
    if (rank == 0) {
      y[0] = k == 0 ? x[0] : convert<T>(f(load(y[0]), load(x[0])));
      continue;
    }
    const int64_t inner = p.out.d[rank - 1];
    const int64_t s = strides.d[rank - 1];
    StridedCursor<1> cursor{p.out, {strides}};
    for (int64_t base = 0; base < total; base += inner) {
      const T* px = x + cursor.offset[0];
      T* py = y + base;
      if (k == 0) {
        for (int64_t i = 0; i < inner; ++i) py[i] = px[i * s];
      } else {
        for (int64_t i = 0; i < inner; ++i) py[i] = convert<T>(static_cast<C>(f(load(py[i]), load(px[i * s]))));
      }
      cursor.next_outer();
    }
  }
}

}  // namespace ew_detail

template <typename T>
inline void variadic_max(const VariadicParams& p, const T* const* xs, T* y) {
  using C = compute_t<T>;
  ew_detail::fold_inputs(p, xs, y, [](C x, C z) -> C {
    if (ew_detail::is_nan_value(x) || ew_detail::is_nan_value(z)) return x + z;
    return x > z ? x : z;
  });
}

template <typename T>
inline void variadic_min(const VariadicParams& p, const T* const* xs, T* y) {
  using C = compute_t<T>;
  ew_detail::fold_inputs(p, xs, y, [](C x, C z) -> C {
    if (ew_detail::is_nan_value(x) || ew_detail::is_nan_value(z)) return x + z;
    return x < z ? x : z;
  });
}

template <typename T>
inline void variadic_sum(const VariadicParams& p, const T* const* xs, T* y) {
  using C = compute_t<T>;
  ew_detail::fold_inputs(p, xs, y, [](C x, C z) -> C { return wrap_add(x, z); });
}

template <typename T>
inline void variadic_mean(const VariadicParams& p, const T* const* xs, T* y) {
  using C = compute_t<T>;
  variadic_sum(p, xs, y);
  const C n = static_cast<C>(p.count);
  const int64_t total = p.out.numel();
  for (int64_t i = 0; i < total; ++i) y[i] = convert<T>(static_cast<C>(ew_detail::load(y[i]) / n));
}

}  // namespace onnx_aotc::ref
