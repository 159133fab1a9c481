// SPDX-License-Identifier: Apache-2.0
// NonZero: the indices of the non-zero elements, one row per axis. The output is sized for every element
// being non-zero; the kernel writes the rows compactly for the actual count and reports it in dims.
#pragma once

#include <cstdint>

#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

struct NonZeroParams {
  Dims shape;  ///< the input's
};

template <typename T>
inline void non_zero(const NonZeroParams& p, const T* x, int64_t* y, int64_t* y_dims) {
  int64_t numel = 1;
  for (int i = 0; i < p.shape.rank; ++i) numel *= p.shape.d[i];
  int64_t count = 0;
  for (int64_t k = 0; k < numel; ++k) count += convert<compute_t<T>>(x[k]) != compute_t<T>(0) ? 1 : 0;
  int64_t n = 0;
  for (int64_t k = 0; k < numel; ++k) {
    if (convert<compute_t<T>>(x[k]) == compute_t<T>(0)) continue;
    int64_t rest = k;
    for (int i = p.shape.rank - 1; i >= 0; --i) {
      y[i * count + n] = rest % p.shape.d[i];
      rest /= p.shape.d[i];
    }
    ++n;
  }
  y_dims[0] = p.shape.rank;
  y_dims[1] = count;
}

}  // namespace onnx_aotc::ref
