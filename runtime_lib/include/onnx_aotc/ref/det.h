// SPDX-License-Identifier: Apache-2.0
// Reference Det: determinant of each trailing [M, M] matrix by LU decomposition with partial pivoting.
// The working copy lives on the stack, so M is limited to kDetMaxSize.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

inline constexpr int64_t kDetMaxSize = 64;

struct DetParams {
  int64_t batch, m;
};

template <typename T>
inline void det(const DetParams& p, const T* x, T* y) {
  if (p.m > kDetMaxSize) return;  // rejected by the compiler
  double a[kDetMaxSize * kDetMaxSize];
  const int64_t m = p.m;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t i = 0; i < m * m; ++i) {
      if constexpr (std::is_same_v<T, double>) a[i] = x[b * m * m + i];
      else a[i] = static_cast<double>(convert<float>(x[b * m * m + i]));
    }
    double d = 1.0;
    for (int64_t col = 0; col < m && d != 0.0; ++col) {
      int64_t pivot = col;
      for (int64_t r = col + 1; r < m; ++r)
        if (std::fabs(a[r * m + col]) > std::fabs(a[pivot * m + col])) pivot = r;
      if (a[pivot * m + col] == 0.0) {
        d = 0.0;
        break;
      }
      if (pivot != col) {
        for (int64_t k = 0; k < m; ++k) {
          const double t = a[col * m + k];
          a[col * m + k] = a[pivot * m + k];
          a[pivot * m + k] = t;
        }
        d = -d;
      }
      d *= a[col * m + col];
      for (int64_t r = col + 1; r < m; ++r) {
        const double f = a[r * m + col] / a[col * m + col];
        for (int64_t k = col; k < m; ++k) a[r * m + k] -= f * a[col * m + k];
      }
    }
    y[b] = convert<T>(d);
  }
}

}  // namespace onnx_aotc::ref
