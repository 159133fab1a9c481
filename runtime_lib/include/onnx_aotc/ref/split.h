// SPDX-License-Identifier: Apache-2.0
// Split: the inverse of Concat. The outputs' axis extents are run-length encoded as in ConcatParams, so any
// number of outputs fits the fixed-size parameter struct. Omitted (null) outputs are skipped.
#pragma once

#include <cstring>

#include "onnx_aotc/ref/data_movement.h"

namespace onnx_aotc::ref {

template <typename T>
inline void split(const ConcatParams& p, const T* x, T* const* ys) {
  for (int64_t o = 0; o < p.outer; ++o) {
    int32_t output = 0;
    for (int gi = 0; gi < ConcatRunTable::kGroups; ++gi) {
      const ConcatRuns& g = p.runs.group(gi);
      for (int r = 0; r < g.length.rank; ++r) {
        const int64_t n = g.extent.d[r] * p.inner;
        for (int64_t k = 0; k < g.length.d[r]; ++k, ++output) {
          if (n > 0 && ys[output] != nullptr) std::memcpy(ys[output] + o * n, x, static_cast<size_t>(n) * sizeof(T));
          x += n;
        }
      }
    }
  }
}

}  // namespace onnx_aotc::ref
