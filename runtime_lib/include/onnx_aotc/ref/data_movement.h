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
/// covers `length.d[r]` consecutive inputs of extent `extent.d[r]`; groups g0..g15 hold 8 runs each.
/// Empty inputs (extent 0) are skipped. Split uses the same parameters for its outputs.
struct ConcatRuns {
  Dims extent;  ///< axis extent of each input of the run
  Dims length;  ///< number of consecutive inputs in the run; rank = number of runs in this group
};

struct ConcatRunTable {
  ConcatRuns g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, g14, g15;
  static constexpr int kGroups = 16;
  constexpr const ConcatRuns& group(int i) const {
    switch (i) {
      case 0: return g0; case 1: return g1; case 2: return g2; case 3: return g3;
      case 4: return g4; case 5: return g5; case 6: return g6; case 7: return g7;
      case 8: return g8; case 9: return g9; case 10: return g10; case 11: return g11;
      case 12: return g12; case 13: return g13; case 14: return g14; default: return g15;
    }
  }
  constexpr ConcatRuns& group(int i) { return const_cast<ConcatRuns&>(static_cast<const ConcatRunTable*>(this)->group(i)); }
};

struct ConcatParams {
  int64_t outer;
  int64_t inner;  ///< elements after the axis
  int32_t count;  ///< number of inputs
  ConcatRunTable runs;
};

/// Maximal number of extent runs a ConcatParams describes.
inline constexpr int kConcatMaxRuns = ConcatRunTable::kGroups * kMaxRank;

/// Appends one input's axis extent to `p` (for the compiler); false when the runs are exhausted.
inline bool concat_add_extent(ConcatParams& p, int64_t extent) {
  int runs = 0;
  for (int g = 0; g < ConcatRunTable::kGroups; ++g) runs += p.runs.group(g).length.rank;
  ++p.count;
  if (runs > 0) {
    ConcatRuns& last = p.runs.group((runs - 1) / kMaxRank);
    const int r = (runs - 1) % kMaxRank;
    if (last.extent.d[r] == extent) {
      ++last.length.d[r];
      return true;
    }
  }
  if (runs == kConcatMaxRuns) return false;
  ConcatRuns& g = p.runs.group(runs / kMaxRank);
  const int r = runs % kMaxRank;
  g.extent.d[r] = extent;
  g.length.d[r] = 1;
  g.extent.rank = g.length.rank = r + 1;
  return true;
}

template <typename T>
inline void concat(const ConcatParams& p, const T* const* xs, T* y) {
  for (int64_t o = 0; o < p.outer; ++o) {
    int32_t input = 0;
    for (int gi = 0; gi < ConcatRunTable::kGroups; ++gi) {
      const ConcatRuns& g = p.runs.group(gi);
      for (int r = 0; r < g.length.rank; ++r) {
        const int64_t n = g.extent.d[r] * p.inner;
        for (int64_t k = 0; k < g.length.d[r]; ++k, ++input) {
          if (n > 0) std::memcpy(y, xs[input] + o * n, static_cast<size_t>(n) * sizeof(T));
          y += n;
        }
      }
    }
  }
}

}  // namespace onnx_aotc::ref
