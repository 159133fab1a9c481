// SPDX-License-Identifier: Apache-2.0
// Col2Im: sums the sliding blocks of x ([N, C * prod(block), L], L = prod(cols)) into an image
// [N, C, image...]. Block positions falling into the padding are dropped.
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct Col2ImParams {
  int64_t batch, channels;
  Dims image;       ///< spatial output shape
  Dims block;       ///< block shape
  Dims cols;        ///< number of block positions per spatial dim
  Dims strides;
  Dims dilations;
  Dims pads_begin;
};

template <typename T>
inline void col2im(const Col2ImParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  const int rank = p.image.rank;
  const int64_t image_size = p.image.numel(), block_size = p.block.numel(), col_size = p.cols.numel();
  const Dims image_strides = strides_of(p.image);
  for (int64_t i = 0; i < p.batch * p.channels * image_size; ++i) y[i] = convert<T>(0);
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc) {
    T* img = y + nc * image_size;
    const T* src = x + nc * block_size * col_size;
    int64_t k[kMaxRank] = {};
    for (int64_t kb = 0; kb < block_size; ++kb) {
      int64_t c[kMaxRank] = {};
      for (int64_t l = 0; l < col_size; ++l) {
        int64_t off = 0;
        bool inside = true;
        for (int a = 0; a < rank; ++a) {
          const int64_t pos = c[a] * p.strides.d[a] - p.pads_begin.d[a] + k[a] * p.dilations.d[a];
          if (pos < 0 || pos >= p.image.d[a]) inside = false;
          off += pos * image_strides.d[a];
        }
        if (inside) img[off] = convert<T>(static_cast<C>(convert<C>(img[off]) + convert<C>(src[kb * col_size + l])));
        for (int a = rank - 1; a >= 0; --a) {
          if (++c[a] < p.cols.d[a]) break;
          c[a] = 0;
        }
      }
      for (int a = rank - 1; a >= 0; --a) {
        if (++k[a] < p.block.d[a]) break;
        k[a] = 0;
      }
    }
  }
}

}  // namespace onnx_aotc::ref
