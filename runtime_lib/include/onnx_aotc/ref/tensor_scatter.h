// SPDX-License-Identifier: Apache-2.0
// Reference TensorScatter (opset 24): present = past with `update` written along the sequence axis from
// write_indices[batch] on (modulo the axis length in circular mode). Writes that fall outside the axis in
// linear mode (an invalid model) are skipped. Moves bytes only; safe in place (present may be past).
#pragma once

#include <cstring>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct TensorScatterParams {
  int64_t batch;
  int64_t outer;    ///< product of the dims between the batch axis and the sequence axis
  int64_t max_seq;  ///< past/present extent along the sequence axis
  int64_t seq;      ///< update's extent along the sequence axis
  int64_t inner;    ///< product of the dims after the sequence axis
  bool circular;
};

template <typename T>
inline void tensor_scatter(const TensorScatterParams& p, const T* past, const T* update, const int64_t* write_indices,
                           T* present) {
  const int64_t total = p.batch * p.outer * p.max_seq * p.inner;
  if (present != past && total > 0) std::memmove(present, past, static_cast<size_t>(total) * sizeof(T));
  for (int64_t b = 0; b < p.batch; ++b) {
    const int64_t start = write_indices ? write_indices[b] : 0;
    for (int64_t o = 0; o < p.outer; ++o)
      for (int64_t s = 0; s < p.seq; ++s) {
        int64_t k = start + s;
        if (p.circular) k = p.max_seq > 0 ? ((k % p.max_seq) + p.max_seq) % p.max_seq : -1;
        if (k < 0 || k >= p.max_seq) continue;
        const T* src = update + ((b * p.outer + o) * p.seq + s) * p.inner;
        T* dst = present + ((b * p.outer + o) * p.max_seq + k) * p.inner;
        for (int64_t i = 0; i < p.inner; ++i) dst[i] = src[i];
      }
  }
}

}  // namespace onnx_aotc::ref
