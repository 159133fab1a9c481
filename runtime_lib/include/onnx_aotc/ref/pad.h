// SPDX-License-Identifier: Apache-2.0
// Pad (and CenterCropPad): y has x's data shifted by `pads_begin` per axis; negative pads crop. Positions
// outside x are filled per mode: constant value, reflect (mirror without repeating the edge), edge (repeat
// the edge), wrap (periodic).
#pragma once

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

inline constexpr int32_t kPadConstant = 0, kPadReflect = 1, kPadEdge = 2, kPadWrap = 3;

struct PadParams {
  Dims in;
  Dims out;
  Dims pads_begin;  ///< may be negative (cropping)
  int32_t mode;
  bool use_attr_value;  ///< Pad-2's `value` attribute, else the optional constant_value input (default 0)
  double attr_value;
};

/// Input coordinate for output coordinate `c` shifted by the pad; -1 means "the constant".
inline int64_t pad_source(int64_t c, int64_t n, int32_t mode) {
  if (c >= 0 && c < n) return c;
  if (mode == kPadConstant || n == 0) return -1;
  if (mode == kPadEdge) return c < 0 ? 0 : n - 1;
  if (mode == kPadWrap) return ((c % n) + n) % n;
  if (n == 1) return 0;  // reflect
  const int64_t period = 2 * (n - 1);
  int64_t m = ((c % period) + period) % period;
  return m < n ? m : period - m;
}

template <typename T>
inline void pad(const PadParams& p, const T* x, const T* constant_value, T* y) {
  const T value = p.use_attr_value ? convert<T>(p.attr_value) : (constant_value ? constant_value[0] : T{});
  const int64_t total = p.out.numel();
  if (total == 0) return;
  if (p.out.rank == 0) {
    y[0] = x[0];
    return;
  }
  const Dims strides = strides_of(p.in);
  const int last = p.out.rank - 1;
  const int64_t inner = p.out.d[last];
  int64_t index[kMaxRank] = {};
  for (int64_t base = 0; base < total; base += inner) {
    int64_t row = 0;
    bool outside = false;
    for (int a = 0; a < last; ++a) {
      const int64_t s = pad_source(index[a] - p.pads_begin.d[a], p.in.d[a], p.mode);
      if (s < 0) outside = true;
      row += s * strides.d[a];
    }
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t s = outside ? -1 : pad_source(i - p.pads_begin.d[last], p.in.d[last], p.mode);
      y[base + i] = s < 0 ? value : x[row + s];
    }
    for (int a = last - 1; a >= 0; --a) {
      if (++index[a] < p.out.d[a]) break;
      index[a] = 0;
    }
  }
}

}  // namespace onnx_aotc::ref
