// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the ai.onnx.ml kernels: the POST_TRANSFORM functions applied to one row of scores.
// Codes: 0 NONE, 1 SOFTMAX, 2 LOGISTIC, 3 SOFTMAX_ZERO, 4 PROBIT (the spec's approximations).
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

inline double ml_logistic(double v) {
  const double e = 1.0 / (1.0 + std::exp(-std::fabs(v)));
  return v < 0 ? 1.0 - e : e;
}

/// The approximation of erf^-1 the ml operators specify (Winitzki, a = 0.147).
inline double ml_erf_inv(double x) {
  const double sgn = x < 0 ? -1.0 : 1.0;
  x = (1.0 - x) * (1.0 + x);
  const double lg = std::log(x);
  const double v = 2.0 / (3.14159265358979323846 * 0.147) + 0.5 * lg;
  const double v2 = 1.0 / 0.147 * lg;
  return sgn * std::sqrt(-v + std::sqrt(v * v - v2));
}

inline double ml_probit(double v) { return 1.41421356 * ml_erf_inv(v * 2 - 1); }

/// Applies a post transform to `n` scores in place (computed in double, stored as T).
template <typename T>
inline void ml_post_transform(int64_t transform, T* s, int64_t n) {
  auto get = [&](int64_t i) { return convert<double>(s[i]); };
  auto set = [&](int64_t i, double v) { s[i] = convert<T>(v); };
  if (n <= 0) return;
  switch (transform) {
    case 1: {  // SOFTMAX
      double m = get(0), sum = 0;
      for (int64_t i = 1; i < n; ++i) m = get(i) > m ? get(i) : m;
      for (int64_t i = 0; i < n; ++i) sum += std::exp(get(i) - m);
      for (int64_t i = 0; i < n; ++i) set(i, std::exp(get(i) - m) / sum);
      break;
    }
    case 2:  // LOGISTIC
      for (int64_t i = 0; i < n; ++i) set(i, ml_logistic(get(i)));
      break;
    case 3: {  // SOFTMAX_ZERO: zeros stay (scaled) zeros
      double m = get(0), sum = 0;
      for (int64_t i = 1; i < n; ++i) m = get(i) > m ? get(i) : m;
      const double exp_neg_max = std::exp(-m);
      auto term = [&](double v) { return (v > 1e-7 || v < -1e-7) ? std::exp(v - m) : v * exp_neg_max; };
      for (int64_t i = 0; i < n; ++i) sum += term(get(i));
      for (int64_t i = 0; i < n; ++i) set(i, sum == 0 ? 0.5 : term(get(i)) / sum);
      break;
    }
    case 4:  // PROBIT
      for (int64_t i = 0; i < n; ++i) set(i, ml_probit(get(i)));
      break;
    default: break;
  }
}

}  // namespace onnx_aotc::ref
