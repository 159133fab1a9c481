// SPDX-License-Identifier: Apache-2.0
// ReverseSequence: for each batch entry b, reverses the first sequence_lens[b] steps along the time axis.
// Lengths outside [0, time steps] are clamped into it (an invalid model must not read out of bounds).
#pragma once

#include <cstring>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct ReverseSequenceParams {
  int64_t batch, time;
  int64_t batch_stride, time_stride;  ///< element strides of the batch and time axes (axes 0 and 1)
  int64_t inner;                      ///< contiguous elements after both axes
};

template <typename T, typename I>
inline void reverse_sequence(const ReverseSequenceParams& p, const T* x, const I* lens, T* y) {
  const size_t bytes = static_cast<size_t>(p.inner) * sizeof(T);
  if (bytes == 0) return;
  for (int64_t b = 0; b < p.batch; ++b) {
    int64_t len = static_cast<int64_t>(lens[b]);
    len = len < 0 ? 0 : (len > p.time ? p.time : len);
    for (int64_t t = 0; t < p.time; ++t) {
      const int64_t src = t < len ? len - 1 - t : t;
      std::memcpy(y + b * p.batch_stride + t * p.time_stride, x + b * p.batch_stride + src * p.time_stride, bytes);
    }
  }
}

}  // namespace onnx_aotc::ref
