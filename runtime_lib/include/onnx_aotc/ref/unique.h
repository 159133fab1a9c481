// SPDX-License-Identifier: Apache-2.0
// Unique: the distinct slices along an axis (or distinct elements of the flattened input), sorted
// ascending or in order of first occurrence, with the index of each one's first occurrence, the inverse
// mapping and the counts. Outputs are sized for every slice being distinct; the kernel reports the
// distinct count in dims. Work space: `scratch` holds 3 * length + 1 int64 values (std::sort is in place).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

struct UniqueParams {
  int64_t outer, length, inner;  ///< the input as [outer, length, inner] around the axis
  int64_t axis;                  ///< the axis of Y whose dim is the distinct count
  int64_t sorted;
  Dims bound;                    ///< Y's largest shape
};

namespace detail {
/// Three-way comparison of slices a and b (NaN after every number, NaNs equal).
template <typename T>
inline int compare_slices(const UniqueParams& p, const T* x, int64_t a, int64_t b) {
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const auto u = convert<compute_t<T>>(x[(o * p.length + a) * p.inner + i]);
      const auto v = convert<compute_t<T>>(x[(o * p.length + b) * p.inner + i]);
      const bool u_nan = u != u, v_nan = v != v;
      if (u_nan || v_nan) {
        if (u_nan != v_nan) return u_nan ? 1 : -1;
        continue;
      }
      if (u < v) return -1;
      if (v < u) return 1;
    }
  return 0;
}
}  // namespace detail

template <typename T>
inline void unique(const UniqueParams& p, const T* x, T* y, int64_t* y_dims, int64_t* indices, int64_t* indices_dims,
                   int64_t* inverse, int64_t* counts, int64_t* counts_dims, unsigned char* scratch) {
  auto* order = reinterpret_cast<int64_t*>(scratch);  // slices sorted by value, then by position
  int64_t* group_start = order + p.length;             // per distinct value: its first position in `order`
  int64_t* by_output = group_start + p.length + 1;     // per output place: its group
  for (int64_t k = 0; k < p.length; ++k) order[k] = k;
  std::sort(order, order + p.length, [&](int64_t a, int64_t b) {
    const int c = detail::compare_slices(p, x, a, b);
    return c < 0 || (c == 0 && a < b);
  });
  int64_t groups = 0;
  for (int64_t k = 0; k < p.length; ++k)
    if (k == 0 || detail::compare_slices(p, x, order[k - 1], order[k]) != 0) group_start[groups++] = k;
  group_start[groups] = p.length;
  // Output order: by value (sorted) or by first occurrence, which is order[group_start[g]].
  for (int64_t g = 0; g < groups; ++g) by_output[g] = g;
  if (!p.sorted)
    std::sort(by_output, by_output + groups, [&](int64_t a, int64_t b) { return order[group_start[a]] < order[group_start[b]]; });
  for (int64_t u = 0; u < groups; ++u) {
    const int64_t g = by_output[u];
    const int64_t first = order[group_start[g]];
    if (y)
      for (int64_t o = 0; o < p.outer; ++o)
        std::memcpy(y + (o * groups + u) * p.inner, x + (o * p.length + first) * p.inner, static_cast<size_t>(p.inner) * sizeof(T));
    if (indices) indices[u] = first;
    if (counts) counts[u] = group_start[g + 1] - group_start[g];
    if (inverse)
      for (int64_t k = group_start[g]; k < group_start[g + 1]; ++k) inverse[order[k]] = u;
  }
  if (y_dims)
    for (int i = 0; i < p.bound.rank; ++i) y_dims[i] = i == p.axis ? groups : p.bound.d[i];
  if (indices_dims) indices_dims[0] = groups;
  if (counts_dims) counts_dims[0] = groups;
}

}  // namespace onnx_aotc::ref
