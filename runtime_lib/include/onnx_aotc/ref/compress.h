// SPDX-License-Identifier: Apache-2.0
// Compress: keeps the slices along an axis (or the elements of the flattened input) whose condition
// entry is true; entries past the end of `condition` count as false. The output is sized for every
// slice being kept; the kernel reports the kept count in dims.
#pragma once

#include <cstdint>
#include <cstring>

#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

struct CompressParams {
  int64_t outer;           ///< product of the dims before the axis (1 when flattening)
  int64_t length;          ///< the axis' dim (all elements when flattening)
  int64_t inner;           ///< product of the dims after the axis (1 when flattening)
  int64_t condition_length;
  int64_t axis;            ///< the output axis whose dim is the kept count
  Dims bound;              ///< the output's largest shape
};

template <typename T>
inline void compress(const CompressParams& p, const T* x, const bool* condition, T* y, int64_t* y_dims) {
  const int64_t usable = p.condition_length < p.length ? p.condition_length : p.length;
  int64_t kept = 0;
  for (int64_t k = 0; k < usable; ++k) kept += condition[k] ? 1 : 0;
  T* out = y;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t k = 0; k < usable; ++k)
      if (condition[k]) {
        std::memcpy(out, x + (o * p.length + k) * p.inner, static_cast<size_t>(p.inner) * sizeof(T));
        out += p.inner;
      }
  for (int i = 0; i < p.bound.rank; ++i) y_dims[i] = i == p.axis ? kept : p.bound.d[i];
}

}  // namespace onnx_aotc::ref
