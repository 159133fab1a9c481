// SPDX-License-Identifier: Apache-2.0
// Reference MaxUnpool: scatters X into a zero tensor at the flat positions given by I.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct MaxUnpoolParams {
  int64_t in_size, out_size;
};

/// Indices outside the output are ignored (the compiler cannot check runtime indices).
template <typename T>
inline void max_unpool(const MaxUnpoolParams& p, const T* x, const int64_t* indices, T* y) {
  for (int64_t i = 0; i < p.out_size; ++i) y[i] = convert<T>(0.0f);
  for (int64_t i = 0; i < p.in_size; ++i) {
    const int64_t k = indices[i];
    if (k >= 0 && k < p.out_size) y[k] = x[i];
  }
}

}  // namespace onnx_aotc::ref
