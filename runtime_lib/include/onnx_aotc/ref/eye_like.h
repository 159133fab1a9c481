// SPDX-License-Identifier: Apache-2.0
// EyeLike: a 2-D matrix of zeros with ones on the k-th diagonal.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct EyeLikeParams {
  int64_t rows, cols;
  int64_t k;  ///< diagonal offset: 0 main, > 0 above, < 0 below
};

template <typename T>
inline void eye_like(const EyeLikeParams& p, T* y) {
  const T zero = convert<T>(0), one = convert<T>(1);
  for (int64_t i = 0; i < p.rows * p.cols; ++i) y[i] = zero;
  for (int64_t r = 0; r < p.rows; ++r) {
    const int64_t c = r + p.k;
    if (c >= 0 && c < p.cols) y[r * p.cols + c] = one;
  }
}

}  // namespace onnx_aotc::ref
