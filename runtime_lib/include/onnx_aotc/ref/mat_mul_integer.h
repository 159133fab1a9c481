// SPDX-License-Identifier: Apache-2.0
// Reference MatMulInteger and QLinearMatMul: numpy matmul on zero-point-shifted quantized operands.
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"
#include "onnx_aotc/ref/mat_mul.h"

namespace onnx_aotc::ref {

struct QuantizedMatMulParams {
  MatMulParams mm;
  int64_t a_zp_row_stride;  ///< 0: one zero point for A; 1: one per row of A
  int64_t b_zp_col_stride;  ///< 0: one zero point for B; 1: one per column of B
  int64_t a_scale_row_stride, b_scale_col_stride;  ///< QLinearMatMul scales, like the zero points
};

namespace detail {

/// Value of a quantized element minus its zero point: exact integers, or floats for float8 types.
template <typename Q>
using shifted_t = std::conditional_t<std::is_integral_v<Q>, int64_t, double>;

template <typename Q>
inline shifted_t<Q> shifted(Q v, const Q* zp, int64_t zi) {
  if constexpr (std::is_integral_v<Q>) return static_cast<int64_t>(v) - (zp ? static_cast<int64_t>(zp[zi]) : 0);
  else return static_cast<double>(convert<float>(v)) - (zp ? static_cast<double>(convert<float>(zp[zi])) : 0.0);
}

/// Calls f(batch index, row, col, accumulated (A - a_zp)(B - b_zp) product) for every output element.
template <typename A, typename B, typename F>
inline void quantized_mat_mul(const QuantizedMatMulParams& q, const A* a, const A* a_zp, const B* b, const B* b_zp,
                              F f) {
  const MatMulParams& p = q.mm;
  using Acc = std::conditional_t<std::is_integral_v<A> && std::is_integral_v<B>, int64_t, double>;
  const int64_t batches = p.batch.numel();
  for (int64_t bi = 0; bi < batches; ++bi) {
    int64_t oa = 0, ob = 0, rest = bi;
    for (int axis = p.batch.rank - 1; axis >= 0; --axis) {
      const int64_t idx = rest % p.batch.d[axis];
      rest /= p.batch.d[axis];
      oa += idx * p.a_batch_strides.d[axis];
      ob += idx * p.b_batch_strides.d[axis];
    }
    for (int64_t i = 0; i < p.m; ++i)
      for (int64_t j = 0; j < p.n; ++j) {
        Acc acc = 0;
        for (int64_t l = 0; l < p.k; ++l)
          acc += static_cast<Acc>(shifted(a[oa + i * p.k + l], a_zp, i * q.a_zp_row_stride)) *
                 static_cast<Acc>(shifted(b[ob + l * p.n + j], b_zp, j * q.b_zp_col_stride));
        f(bi, i, j, acc);
      }
  }
}

}  // namespace detail

template <typename A, typename B>
inline void mat_mul_integer(const QuantizedMatMulParams& q, const A* a, const B* b, const A* a_zp, const B* b_zp,
                            int32_t* y) {
  const int64_t mn = q.mm.m * q.mm.n;
  detail::quantized_mat_mul(q, a, a_zp, b, b_zp, [&](int64_t bi, int64_t i, int64_t j, auto acc) {
    y[bi * mn + i * q.mm.n + j] = static_cast<int32_t>(acc);
  });
}

/// y = saturate(round(acc * a_scale * b_scale / y_scale) + y_zp); the scale product is rounded to S.
template <typename A, typename B, typename S, typename Y>
inline void qlinear_mat_mul(const QuantizedMatMulParams& q, const A* a, const S* a_scale, const A* a_zp, const B* b,
                            const S* b_scale, const B* b_zp, const S* y_scale, const Y* y_zp, Y* y) {
  const int64_t mn = q.mm.m * q.mm.n;
  detail::quantized_mat_mul(q, a, a_zp, b, b_zp, [&](int64_t bi, int64_t i, int64_t j, auto acc) {
    const float as = convert<float>(a_scale[i * q.a_scale_row_stride]);
    const float bs = convert<float>(b_scale[j * q.b_scale_col_stride]);
    const float multiplier = convert<float>(convert<S>(convert<float>(convert<S>(as * bs)) / convert<float>(y_scale[0])));
    const double zp = y_zp ? static_cast<double>(convert<float>(y_zp[0])) : 0.0;
    const double v = static_cast<double>(acc) * static_cast<double>(multiplier) + zp;
    Y out;
    if constexpr (std::is_integral_v<Y>) {
      double r = std::nearbyint(v);
      const double lo = std::numeric_limits<Y>::lowest(), hi = std::numeric_limits<Y>::max();
      r = r < lo ? lo : (r > hi ? hi : r);
      out = static_cast<Y>(r);
    } else if constexpr (is_onnx_float_v<Y> && sizeof(Y) == 1) {
      out = Y::from_float(static_cast<float>(v), true);
    } else {
      out = convert<Y>(v);
    }
    y[bi * mn + i * q.mm.n + j] = out;
  });
}

}  // namespace onnx_aotc::ref
