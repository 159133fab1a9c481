// SPDX-License-Identifier: Apache-2.0
// Reference TopK along one axis: the tensor is viewed as [outer, axis, inner], the outputs as
// [outer, k, inner]. Outputs are always sorted (best first); equal values keep the lower index first.
// NaN counts as larger than every number (so it comes first for largest=1 and last for largest=0).
// The k kept indices live in a binary heap inside the Indices output (worst at the root): O(n log k).
#pragma once

#include <cmath>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct TopKParams {
  int64_t outer, axis_size, inner, k;
  bool largest;
};

template <typename T>
inline void top_k(const TopKParams& p, const T* x, T* values, int64_t* indices) {
  using C = compute_t<T>;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const T* row = x + o * p.axis_size * p.inner + i;
      int64_t* heap = indices + o * p.k * p.inner + i;
      T* vals = values + o * p.k * p.inner + i;
      const int64_t step = p.inner;
      // better(a, b): index a comes before index b in the output.
      auto better = [&](int64_t a, int64_t b) {
        const C va = convert<C>(row[a * step]), vb = convert<C>(row[b * step]);
        if constexpr (std::is_floating_point_v<C>) {
          const bool na = std::isnan(va), nb = std::isnan(vb);
          if (na || nb) return na && nb ? a < b : (p.largest ? na : nb);
        }
        if (va != vb) return p.largest ? va > vb : va < vb;
        return a < b;
      };
      auto sift_down = [&](int64_t pos, int64_t size) {
        for (;;) {
          int64_t worse = 2 * pos + 1;
          if (worse >= size) return;
          if (worse + 1 < size && better(heap[worse * step], heap[(worse + 1) * step])) ++worse;
          if (!better(heap[pos * step], heap[worse * step])) return;
          const int64_t t = heap[pos * step];
          heap[pos * step] = heap[worse * step];
          heap[worse * step] = t;
          pos = worse;
        }
      };
      if (p.k == 0) continue;
      for (int64_t j = 0; j < p.k; ++j) heap[j * step] = j;
      for (int64_t j = p.k / 2; j-- > 0;) sift_down(j, p.k);
      for (int64_t j = p.k; j < p.axis_size; ++j)
        if (better(j, heap[0])) {
          heap[0] = j;
          sift_down(0, p.k);
        }
      for (int64_t end = p.k - 1; end > 0; --end) {
        const int64_t t = heap[0];
        heap[0] = heap[end * step];
        heap[end * step] = t;
        sift_down(0, end);
      }
      for (int64_t j = 0; j < p.k; ++j) vals[j * step] = row[heap[j * step] * step];
    }
}

}  // namespace onnx_aotc::ref
