// SPDX-License-Identifier: Apache-2.0
// Reference elementwise kernels: unary math/activations and broadcasting binary ops.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

/// Unary ops: `count` elements; alpha/beta/gamma carry the op's attributes where it has any.
struct UnaryParams {
  int64_t count;
  float alpha;
  float beta;
};

/// Applies `f` (on compute_t<T>) to every element.
template <typename T, typename U, typename F>
inline void map_unary(int64_t count, const T* x, U* y, F f) {
  for (int64_t i = 0; i < count; ++i) y[i] = convert<U>(f(static_cast<compute_t<T>>(convert<compute_t<T>>(x[i]))));
}

#define ONNX_AOTC_UNARY(name, expr)                                    \
  template <typename T>                                                \
  inline void name(const UnaryParams& p, const T* x, T* y) {           \
    using C = compute_t<T>;                                            \
    [[maybe_unused]] const C alpha = static_cast<C>(p.alpha);          \
    [[maybe_unused]] const C beta = static_cast<C>(p.beta);            \
    map_unary(p.count, x, y, [&](C v) -> C { return (expr); });        \
  }

ONNX_AOTC_UNARY(relu, v > C(0) ? v : C(0))
ONNX_AOTC_UNARY(leaky_relu, v >= C(0) ? v : alpha * v)
ONNX_AOTC_UNARY(neg, -v)
ONNX_AOTC_UNARY(abs, v < C(0) ? C(-v) : v)
ONNX_AOTC_UNARY(identity, v)
ONNX_AOTC_UNARY(sigmoid, v >= C(0) ? C(1) / (C(1) + std::exp(-v)) : std::exp(v) / (C(1) + std::exp(v)))
ONNX_AOTC_UNARY(hard_sigmoid, std::fmax(C(0), std::fmin(C(1), alpha * v + beta)))
ONNX_AOTC_UNARY(hard_swish, v * std::fmax(C(0), std::fmin(C(1), v / C(6) + C(0.5))))
ONNX_AOTC_UNARY(tanh, std::tanh(v))
ONNX_AOTC_UNARY(exp, std::exp(v))
ONNX_AOTC_UNARY(log, std::log(v))
ONNX_AOTC_UNARY(sqrt, std::sqrt(v))
ONNX_AOTC_UNARY(reciprocal, C(1) / v)
ONNX_AOTC_UNARY(erf, std::erf(v))
ONNX_AOTC_UNARY(elu, v >= C(0) ? v : alpha * (std::exp(v) - C(1)))
ONNX_AOTC_UNARY(selu, v > C(0) ? beta * v : beta * (alpha * std::exp(v) - alpha))
ONNX_AOTC_UNARY(softplus, v > C(0) ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)))

#undef ONNX_AOTC_UNARY

/// Binary ops with numpy broadcasting: `out` is the result shape; a_strides/b_strides are the inputs'
/// element strides broadcast to it (0 along broadcast axes).
struct BinaryParams {
  Dims out;
  Dims a_strides;
  Dims b_strides;
};

/// Applies `f(a, b)` over the broadcast index space; contiguous when both inputs have the output's shape.
template <typename T, typename U, typename F>
inline void map_binary(const BinaryParams& p, const T* a, const T* b, U* y, F f) {
  using C = compute_t<T>;
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = convert<U>(f(convert<C>(a[0]), convert<C>(b[0])));
    return;
  }
  const int inner_axis = p.out.rank - 1;
  const int64_t inner = p.out.d[inner_axis];
  const int64_t sa = p.a_strides.d[inner_axis];
  const int64_t sb = p.b_strides.d[inner_axis];
  StridedCursor<2> cursor{p.out, {p.a_strides, p.b_strides}};
  for (int64_t base = 0; base < total; base += inner) {
    const T* pa = a + cursor.offset[0];
    const T* pb = b + cursor.offset[1];
    U* py = y + base;
    for (int64_t i = 0; i < inner; ++i) py[i] = convert<U>(f(convert<C>(pa[i * sa]), convert<C>(pb[i * sb])));
    cursor.next_outer();
  }
}

#define ONNX_AOTC_BINARY(name, result_type, expr)                                     \
  template <typename T>                                                               \
  inline void name(const BinaryParams& p, const T* a, const T* b, result_type* y) {   \
    using C = compute_t<T>;                                                           \
    map_binary(p, a, b, y, [](C x, C z) -> auto { return (expr); });                  \
  }

ONNX_AOTC_BINARY(add, T, C(x + z))
ONNX_AOTC_BINARY(sub, T, C(x - z))
ONNX_AOTC_BINARY(mul, T, C(x * z))
ONNX_AOTC_BINARY(div, T, C(x / z))
ONNX_AOTC_BINARY(max, T, (x != x || z != z) ? C(x + z) : (x > z ? x : z))
ONNX_AOTC_BINARY(min, T, (x != x || z != z) ? C(x + z) : (x < z ? x : z))
ONNX_AOTC_BINARY(equal, bool, x == z)
ONNX_AOTC_BINARY(less, bool, x < z)
ONNX_AOTC_BINARY(greater, bool, x > z)

#undef ONNX_AOTC_BINARY

/// Pow: the exponent may have another type than the base.
template <typename T, typename E>
inline void pow(const BinaryParams& p, const T* a, const E* b, T* y) {
  const int64_t total = p.out.numel();
  for (int64_t i = 0, n = 0; n < total; ++n, ++i) {
    int64_t oa = 0, ob = 0, rest = n;
    for (int axis = p.out.rank - 1; axis >= 0; --axis) {
      const int64_t idx = rest % p.out.d[axis];
      rest /= p.out.d[axis];
      oa += idx * p.a_strides.d[axis];
      ob += idx * p.b_strides.d[axis];
    }
    using C = std::conditional_t<std::is_integral_v<T>, double, compute_t<T>>;
    y[n] = convert<T>(static_cast<C>(std::pow(convert<double>(a[oa]), convert<double>(b[ob]))));
  }
}

}  // namespace onnx_aotc::ref
