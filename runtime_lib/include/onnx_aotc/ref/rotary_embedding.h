// SPDX-License-Identifier: Apache-2.0
// Reference RotaryEmbedding (opset 23): rotates the first rotary_dim elements of every head vector by the
// angle whose cosine and sine come from the caches, either as two halves or as interleaved pairs; the rest
// of the vector is copied. Safe in place (Y may be X).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct RotaryEmbeddingParams {
  int64_t batch, heads, seq, head_size, rotary_dim;
  Dims x_strides;     ///< rank 3: element strides of X and Y along batch, head, sequence (head_size is contiguous)
  int64_t max_position;  ///< rows of the 2-D caches when position_ids is given (other positions are left unrotated)
  bool interleaved;
};

/// Y = RoPE(X). With `position_ids` ([batch, seq]) the caches are [max_position, rotary_dim / 2] and row
/// position_ids[b, s] is used; without it they are [batch, seq, rotary_dim / 2].
template <typename T>
inline void rotary_embedding(const RotaryEmbeddingParams& p, const T* x, const T* cos_cache, const T* sin_cache,
                             const int64_t* position_ids, T* y) {
  using C = compute_t<T>;
  const int64_t half = p.rotary_dim / 2;
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t s = 0; s < p.seq; ++s) {
      int64_t row = b * p.seq + s;
      if (position_ids) {
        row = position_ids[b * p.seq + s];
        if (row < 0 || row >= p.max_position) row = -1;
      }
      const T* cr = cos_cache + (row < 0 ? 0 : row) * half;
      const T* sr = sin_cache + (row < 0 ? 0 : row) * half;
      for (int64_t h = 0; h < p.heads; ++h) {
        const int64_t off = b * p.x_strides.d[0] + h * p.x_strides.d[1] + s * p.x_strides.d[2];
        const T* xv = x + off;
        T* yv = y + off;
        for (int64_t i = 0; i < half && row >= 0; ++i) {
          const int64_t i1 = p.interleaved ? 2 * i : i, i2 = p.interleaved ? 2 * i + 1 : i + half;
          const C x1 = convert<C>(xv[i1]), x2 = convert<C>(xv[i2]);
          const C c = convert<C>(cr[i]), sn = convert<C>(sr[i]);
          yv[i1] = convert<T>(static_cast<C>(c * x1 - sn * x2));
          yv[i2] = convert<T>(static_cast<C>(sn * x1 + c * x2));
        }
        if (yv != xv)
          for (int64_t d = row >= 0 ? p.rotary_dim : 0; d < p.head_size; ++d) yv[d] = xv[d];
      }
    }
}

}  // namespace onnx_aotc::ref
