// SPDX-License-Identifier: Apache-2.0
// Tile: y[i_0, ..., i_r] = x[i_0 mod in_0, ..., i_r mod in_r].
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct TileParams {
  Dims in;   ///< input shape
  Dims out;  ///< output shape (in x repeats)
};

template <typename T>
inline void tile(const TileParams& p, const T* x, T* y) {
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = x[0];
    return;
  }
  const Dims strides = strides_of(p.in);
  const int last = p.out.rank - 1;
  const int64_t inner_out = p.out.d[last], inner_in = p.in.d[last];
  int64_t index[kMaxRank] = {};
  for (int64_t base = 0; base < total; base += inner_out) {
    int64_t row = 0;
    for (int a = 0; a < last; ++a) row += (index[a] % p.in.d[a]) * strides.d[a];
    for (int64_t i = 0, j = 0; i < inner_out; ++i) {
      y[base + i] = x[row + j];
      if (++j == inner_in) j = 0;
    }
    for (int a = last - 1; a >= 0; --a) {
      if (++index[a] < p.out.d[a]) break;
      index[a] = 0;
    }
  }
}

}  // namespace onnx_aotc::ref
