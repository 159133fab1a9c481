// SPDX-License-Identifier: Apache-2.0
// ConstantOfShape: fills the output with one value. Instantiated per element size: `bits` holds the
// value's bit pattern in its low bytes.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct FillParams {
  int64_t count;
  uint64_t bits;
};

template <typename T>
inline void constant_of_shape(const FillParams& p, T* y) {
  static_assert(std::is_unsigned_v<T>, "instantiated per element size");
  const T v = static_cast<T>(p.bits);
  for (int64_t i = 0; i < p.count; ++i) y[i] = v;
}

}  // namespace onnx_aotc::ref
