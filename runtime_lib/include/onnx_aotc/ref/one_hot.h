// SPDX-License-Identifier: Apache-2.0
// OneHot: y[outer, d, inner] = values[1] if indices[outer, inner] (negative: + depth) == d, else values[0].
// Indices outside [-depth, depth) give an all-off row. Instantiated per value size (T) and index type (I).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct OneHotParams {
  int64_t outer;  ///< index elements before the inserted axis
  int64_t depth;
  int64_t inner;  ///< index elements after the inserted axis
};

template <typename T, typename I>
inline void one_hot(const OneHotParams& p, const I* indices, const T* values, T* y) {
  const T off = values[0], on = values[1];
  const int64_t total = p.outer * p.depth * p.inner;
  for (int64_t i = 0; i < total; ++i) y[i] = off;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      // Float indices are truncated toward zero (the spec casts them to integers).
      const double v = convert<double>(indices[o * p.inner + i]);
      if (!(v > -static_cast<double>(p.depth) - 1 && v < static_cast<double>(p.depth))) continue;
      int64_t k = static_cast<int64_t>(v);
      if (k < 0) k += p.depth;
      if (k >= 0 && k < p.depth) y[(o * p.depth + k) * p.inner + i] = on;
    }
}

}  // namespace onnx_aotc::ref
