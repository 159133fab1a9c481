// SPDX-License-Identifier: Apache-2.0
// Range: y[i] = start + i * delta for i < count (count comes from the constant start/limit/delta).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct RangeParams {
  int64_t count;
};

template <typename T>
inline void range(const RangeParams& p, const T* start, const T* delta, T* y) {
  using C = compute_t<T>;
  const C s = convert<C>(start[0]), d = convert<C>(delta[0]);
  for (int64_t i = 0; i < p.count; ++i) y[i] = convert<T>(static_cast<C>(s + static_cast<C>(i) * d));
}

}  // namespace onnx_aotc::ref
