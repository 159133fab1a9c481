// SPDX-License-Identifier: Apache-2.0
// Shape and Size: write integers known when the model is compiled (the input's dimensions or element count).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct ShapeParams {
  Dims values;  ///< the int64 elements to write
};

template <typename T>
inline void shape(const ShapeParams& p, T* y) {
  for (int i = 0; i < p.values.rank; ++i) y[i] = static_cast<T>(p.values.d[i]);
}

}  // namespace onnx_aotc::ref
