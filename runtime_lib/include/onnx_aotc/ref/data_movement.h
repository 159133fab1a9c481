// SPDX-License-Identifier: Apache-2.0
// Reference kernels that only move bytes: copy (Reshape, Flatten, Identity, ...), Transpose, Concat.
// They are instantiated per element size (uint8_t ... uint64_t), not per type.
#pragma once

#include <cstring>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct CopyParams {
  int64_t count;
};

template <typename T>
inline void copy(const CopyParams& p, const T* x, T* y) {
  if (x != y && p.count > 0) std::memmove(y, x, static_cast<size_t>(p.count) * sizeof(T));
}

struct TransposeParams {
  Dims out;         ///< output shape
  Dims in_strides;  ///< input strides permuted into output axis order
};

template <typename T>
inline void transpose(const TransposeParams& p, const T* x, T* y) {
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = x[0];
    return;
  }
  const int inner_axis = p.out.rank - 1;
  const int64_t inner = p.out.d[inner_axis], stride = p.in_strides.d[inner_axis];
  StridedCursor<1> cursor{p.out, {p.in_strides}};
  for (int64_t base = 0; base < total; base += inner) {
    const T* px = x + cursor.offset[0];
    for (int64_t i = 0; i < inner; ++i) y[base + i] = px[i * stride];
    cursor.next_outer();
  }
}

/// Strided gather: y (shape `out`, row-major) reads x at `offset + sum(index[k] * in_strides[k])`. Strides
/// may be zero (broadcast, Expand) or negative (Slice with negative steps).
struct StridedCopyParams {
  Dims out;
  Dims in_strides;
  int64_t offset;
};

template <typename T>
inline void strided_copy(const StridedCopyParams& p, const T* x, T* y) {
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = x[p.offset];
    return;
  }
  const int inner_axis = p.out.rank - 1;
  const int64_t inner = p.out.d[inner_axis], stride = p.in_strides.d[inner_axis];
  StridedCursor<1> cursor{p.out, {p.in_strides}};
  for (int64_t base = 0; base < total; base += inner) {
    const T* px = x + p.offset + cursor.offset[0];
    for (int64_t i = 0; i < inner; ++i) y[base + i] = px[i * stride];
    cursor.next_outer();
  }
}

/// Concat along an axis: each input is `outer` blocks of (its axis extent x `inner`) elements. The inputs'
/// axis extents are run-length encoded, so that any number of inputs fits a fixed-size aggregate: run r
/// covers `runs_a.length.d[r]` consecutive inputs of extent `runs_a.extent.d[r]` (runs 8..15 in runs_b,
/// 16..23 in runs_c, 24..31 in runs_d). Empty inputs (extent 0) are skipped.
struct ConcatRuns {
  Dims extent;  ///< axis extent of each input of the run
  Dims length;  ///< number of consecutive inputs in the run; rank = number of runs here
};

struct ConcatParams {
  int64_t outer;
  int64_t inner;  ///< elements after the axis
  int32_t count;  ///< number of inputs
  ConcatRuns runs_a, runs_b, runs_c, runs_d;
};

/// Maximal number of extent runs a ConcatParams describes.
inline constexpr int kConcatMaxRuns = 4 * kMaxRank;

/// Appends one input's axis extent to `p` (for the compiler); false when the runs are exhausted.
inline bool concat_add_extent(ConcatParams& p, int64_t extent) {
  ConcatRuns* groups[4] = {&p.runs_a, &p.runs_b, &p.runs_c, &p.runs_d};
  int runs = 0;
  for (const ConcatRuns* g : groups) runs += g->length.rank;
  ++p.count;
  if (runs > 0) {
    ConcatRuns& g = *groups[(runs - 1) / kMaxRank];
    const int r = (runs - 1) % kMaxRank;
    if (g.extent.d[r] == extent) {
      ++g.length.d[r];
      return true;
    }
  }
  if (runs == kConcatMaxRuns) return false;
  ConcatRuns& g = *groups[runs / kMaxRank];
  const int r = runs % kMaxRank;
  g.extent.d[r] = extent;
  g.length.d[r] = 1;
  g.extent.rank = g.length.rank = r + 1;
  return true;
}

template <typename T>
inline void concat(const ConcatParams& p, const T* const* xs, T* y) {
  const ConcatRuns* groups[4] = {&p.runs_a, &p.runs_b, &p.runs_c, &p.runs_d};
  for (int64_t o = 0; o < p.outer; ++o) {
    int32_t input = 0;
    for (const ConcatRuns* g : groups)
      for (int r = 0; r < g->length.rank; ++r) {
        const int64_t n = g->extent.d[r] * p.inner;
        for (int64_t k = 0; k < g->length.d[r]; ++k, ++input) {
          if (n > 0) std::memcpy(y, xs[input] + o * n, static_cast<size_t>(n) * sizeof(T));
          y += n;
        }
      }
  }
}

}  // namespace onnx_aotc::ref
