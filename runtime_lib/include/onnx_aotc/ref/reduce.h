// SPDX-License-Identifier: Apache-2.0
// Reference reductions (ReduceSum, ReduceMean, ReduceMax, ...). The compiler splits the input's
// dimensions into kept ones (the output's index space, in order) and reduced ones; each output element
// folds the reduced sub-space at its offset. A reduction over nothing (noop_with_empty_axes) folds one
// element, which gives the spec's elementwise result (ReduceSumSquare squares, ReduceL1 takes |x|...).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

/// Walks a row-major index space of `dims` step by step while tracking N strided offsets.
template <int N>
struct OffsetWalker {
  Dims dims;
  Dims strides[N];
  int64_t index[kMaxRank] = {};
  int64_t offset[N] = {};

  /// Advances to the next index (wrapping to all zeros after the last).
  void step() {
    for (int axis = dims.rank - 1; axis >= 0; --axis) {
      ++index[axis];
      for (int k = 0; k < N; ++k) offset[k] += strides[k].d[axis];
      if (index[axis] < dims.d[axis]) return;
      for (int k = 0; k < N; ++k) offset[k] -= strides[k].d[axis] * dims.d[axis];
      index[axis] = 0;
    }
  }
};

/// Calls fn(offset) for every index of `dims`, offset = base + sum(index * strides).
template <typename Fn>
inline void for_each_offset(const Dims& dims, const Dims& strides, int64_t base, Fn&& fn) {
  const int64_t n = dims.numel();
  if (n == 0) return;
  if (dims.rank == 0) {
    fn(base);
    return;
  }
  OffsetWalker<1> walk{dims, {strides}};
  const int last = dims.rank - 1;
  const int64_t inner = dims.d[last], inner_stride = strides.d[last];
  for (int64_t done = 0; done < n; done += inner) {
    const int64_t start = base + walk.offset[0];
    for (int64_t i = 0; i < inner; ++i) fn(start + i * inner_stride);
    // Skip the innermost dimension: jump to the next outer index.
    walk.index[last] = inner - 1;
    walk.offset[0] += (inner - 1) * inner_stride;
    walk.step();
  }
}

/// Reduction kinds (ReduceParams::mode).
inline constexpr int32_t kReduceSum = 0;
inline constexpr int32_t kReduceMean = 1;
inline constexpr int32_t kReduceMax = 2;
inline constexpr int32_t kReduceMin = 3;
inline constexpr int32_t kReduceProd = 4;
inline constexpr int32_t kReduceL1 = 5;
inline constexpr int32_t kReduceL2 = 6;
inline constexpr int32_t kReduceLogSum = 7;
inline constexpr int32_t kReduceLogSumExp = 8;
inline constexpr int32_t kReduceSumSquare = 9;

struct ReduceParams {
  Dims kept;             ///< kept dimensions: the output's index space (row-major, contiguous output)
  Dims kept_strides;     ///< input strides of the kept dimensions
  Dims reduced;          ///< reduced dimensions
  Dims reduced_strides;  ///< input strides of the reduced dimensions
  int32_t mode;
};

namespace reduce_detail {

template <typename T>
constexpr bool is_floating_v = is_onnx_float_v<T> || std::is_floating_point_v<T>;

/// Converts a double result to T; for integers NaN gives 0 and out-of-range values saturate.
template <typename T>
inline T from_double(double v) {
  if constexpr (is_floating_v<T>) {
    return convert<T>(v);
  } else if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else {
    return saturate_cast<T>(v);
  }
}

template <typename C>
inline bool is_nan(C v) {
  if constexpr (std::is_floating_point_v<C>) return std::isnan(v);
  else return false;
}

template <typename T>
inline T reduce_max_min(const ReduceParams& p, const T* x, int64_t base, bool is_max) {
  using C = compute_t<T>;
  // The identity of an empty reduction: -inf / +inf for floats, the type's extremes otherwise.
  C acc;
  if constexpr (std::numeric_limits<C>::has_infinity)
    acc = is_max ? -std::numeric_limits<C>::infinity() : std::numeric_limits<C>::infinity();
  else
    acc = is_max ? std::numeric_limits<C>::lowest() : std::numeric_limits<C>::max();
  for_each_offset(p.reduced, p.reduced_strides, base, [&](int64_t o) {
    const C v = convert<C>(x[o]);
    if (is_nan(acc)) return;
    if (is_nan(v) || (is_max ? v > acc : v < acc)) acc = v;
  });
  return convert<T>(acc);
}

/// Sum, product, mean, L1, sum of squares for integers, with wrap-around arithmetic in 64 bits.
template <typename T>
inline T reduce_integer(const ReduceParams& p, const T* x, int64_t base, int64_t count) {
  uint64_t acc = p.mode == kReduceProd ? 1u : 0u;
  for_each_offset(p.reduced, p.reduced_strides, base, [&](int64_t o) {
    const uint64_t v = static_cast<uint64_t>(x[o]);  // two's complement for signed types
    switch (p.mode) {
      case kReduceProd: acc *= v; break;
      case kReduceL1: acc += (std::is_signed_v<T> && x[o] < T(0)) ? uint64_t(0) - v : v; break;
      case kReduceSumSquare: acc += v * v; break;
      default: acc += v; break;  // sum, mean
    }
  });
  if (p.mode == kReduceMean) {
    if (count == 0) return T(0);
    if constexpr (std::is_signed_v<T>) return static_cast<T>(static_cast<int64_t>(acc) / count);
    else return static_cast<T>(acc / static_cast<uint64_t>(count));
  }
  return static_cast<T>(acc);
}

/// Every other case, accumulated in double.
template <typename T>
inline T reduce_double(const ReduceParams& p, const T* x, int64_t base, int64_t count) {
  double acc = p.mode == kReduceProd ? 1.0 : 0.0;
  if (p.mode == kReduceLogSumExp) {
    double max = -std::numeric_limits<double>::infinity();
    for_each_offset(p.reduced, p.reduced_strides, base, [&](int64_t o) {
      const double v = convert<double>(x[o]);
      if (v > max) max = v;
    });
    if (std::isinf(max)) return from_double<T>(max);  // empty, all -inf, or some +inf
    for_each_offset(p.reduced, p.reduced_strides, base,
                    [&](int64_t o) { acc += std::exp(convert<double>(x[o]) - max); });
    return from_double<T>(max + std::log(acc));
  }
  for_each_offset(p.reduced, p.reduced_strides, base, [&](int64_t o) {
    const double v = convert<double>(x[o]);
    switch (p.mode) {
      case kReduceProd: acc *= v; break;
      case kReduceL1: acc += std::fabs(v); break;
      case kReduceL2:
      case kReduceSumSquare: acc += v * v; break;
      default: acc += v; break;  // sum, mean, log-sum
    }
  });
  switch (p.mode) {
    case kReduceMean: acc /= static_cast<double>(count); break;
    case kReduceL2: acc = std::sqrt(acc); break;
    case kReduceLogSum: acc = std::log(acc); break;
    default: break;
  }
  return from_double<T>(acc);
}

}  // namespace reduce_detail

template <typename T>
inline void reduce(const ReduceParams& p, const T* x, T* y) {
  const int64_t count = p.reduced.numel();
  int64_t out = 0;
  for_each_offset(p.kept, p.kept_strides, 0, [&](int64_t base) {
    T r;
    if (p.mode == kReduceMax || p.mode == kReduceMin) {
      r = reduce_detail::reduce_max_min(p, x, base, p.mode == kReduceMax);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (p.mode == kReduceSum || p.mode == kReduceMean || p.mode == kReduceProd || p.mode == kReduceL1 ||
          p.mode == kReduceSumSquare)
        r = reduce_detail::reduce_integer(p, x, base, count);
      else
        r = reduce_detail::reduce_double(p, x, base, count);
    } else {
      r = reduce_detail::reduce_double(p, x, base, count);
    }
    y[out++] = r;
  });
}

}  // namespace onnx_aotc::ref
