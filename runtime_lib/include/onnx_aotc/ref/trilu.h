// SPDX-License-Identifier: Apache-2.0
// Trilu: keeps the upper (j - i >= k) or lower (j - i <= k) triangle of each matrix, zeroes the rest.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct TriluParams {
  int64_t batch, rows, cols;
  bool upper;
};

template <typename T>
inline void trilu(const TriluParams& p, const T* x, const int64_t* k_input, T* y) {
  const int64_t k = k_input ? k_input[0] : 0;
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t i = 0; i < p.rows; ++i)
      for (int64_t j = 0; j < p.cols; ++j) {
        const int64_t n = (b * p.rows + i) * p.cols + j;
        const bool keep = p.upper ? j - i >= k : j - i <= k;
        y[n] = keep ? x[n] : T{};
      }
}

}  // namespace onnx_aotc::ref
