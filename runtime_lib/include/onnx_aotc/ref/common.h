// SPDX-License-Identifier: Apache-2.0
// Shared vocabulary of the reference kernels: compile-time shapes and index helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "onnx_aotc/model_api.h"
#include "onnx_aotc/numeric_types.h"

namespace onnx_aotc {

static_assert(sizeof(onnx_aotc_string) == 16, "string elements are planned as 16 bytes");

/// Largest tensor rank a kernel call can describe.
inline constexpr int kMaxRank = 8;

/// A tensor shape known when the model is compiled. Generated code passes these as
/// `static constexpr` values so that the C++ compiler can specialize the loops.
struct Dims {
  int32_t rank;
  int64_t d[kMaxRank];

  constexpr int64_t operator[](int i) const { return d[i]; }
  constexpr int64_t numel() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= d[i];
    return n;
  }
};

/// Row-major element strides of `dims`.
constexpr Dims strides_of(const Dims& dims) {
  Dims s{dims.rank, {}};
  int64_t stride = 1;
  for (int i = dims.rank - 1; i >= 0; --i) {
    s.d[i] = stride;
    stride *= dims.d[i];
  }
  return s;
}

/// Strides of `in` when read as if broadcast (numpy rules) to `out`; size-1 and missing dims get stride 0.
constexpr Dims broadcast_strides(const Dims& in, const Dims& out) {
  Dims s{out.rank, {}};
  const Dims own = strides_of(in);
  const int offset = out.rank - in.rank;
  for (int i = 0; i < out.rank; ++i) {
    const int j = i - offset;
    s.d[i] = (j < 0 || in.d[j] == 1) ? 0 : own.d[j];
  }
  return s;
}

/// Walks a row-major index space of `dims` while tracking up to N strided linear offsets.
/// Used by broadcasting and transposing kernels; the innermost dimension is the caller's loop.
template <int N>
struct StridedCursor {
  Dims dims;
  Dims strides[N];
  int64_t index[kMaxRank] = {};
  int64_t offset[N] = {};

  /// Advances all offsets by one step of dimension `rank - 2` and above (the outer loops).
  void next_outer() {
    for (int axis = dims.rank - 2; axis >= 0; --axis) {
      ++index[axis];
      for (int k = 0; k < N; ++k) offset[k] += strides[k].d[axis];
      if (index[axis] < dims.d[axis]) return;
      for (int k = 0; k < N; ++k) offset[k] -= strides[k].d[axis] * dims.d[axis];
      index[axis] = 0;
    }
  }
};

/// Type arithmetic is done in: float for the narrow float types, the type itself otherwise.
template <typename T>
using compute_t = std::conditional_t<is_onnx_float_v<T>, float, T>;

/// Floating point to integer: truncates toward zero, saturates at the type's range, NaN gives 0 (a plain
/// conversion of a value out of range is undefined behaviour in C++; ONNX leaves it unspecified).
template <typename I, typename F>
constexpr I saturate_cast(F v) {
  static_assert(std::is_integral_v<I> && std::is_floating_point_v<F>, "floating point to integer only");
  if (v != v) return I(0);
  if (v <= static_cast<F>(std::numeric_limits<I>::lowest())) return std::numeric_limits<I>::lowest();
  if (v >= static_cast<F>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(v);
}

/// Converts between element types with C++ semantics, going through float for narrow floats; floating point
/// to integer saturates (`saturate_cast`).
template <typename To, typename From>
constexpr To convert(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (is_onnx_float_v<From> || is_onnx_subbyte_int_v<From>) {
    return convert<To>(static_cast<float>(v));
  } else if constexpr (is_onnx_float_v<To>) {
    return To(static_cast<float>(v));
  } else if constexpr (std::is_integral_v<To> && !std::is_same_v<To, bool> && std::is_floating_point_v<From>) {
    return saturate_cast<To>(v);
  } else {
    return static_cast<To>(v);
  }
}

/// Integer arithmetic that wraps (two's complement) instead of overflowing; plain arithmetic otherwise.
template <typename C>
constexpr C wrap_add(C a, C b) {
  if constexpr (std::is_integral_v<C> && !std::is_same_v<C, bool>)
    return static_cast<C>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  else
    return a + b;
}
template <typename C>
constexpr C wrap_sub(C a, C b) {
  if constexpr (std::is_integral_v<C>)
    return static_cast<C>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
  else
    return a - b;
}
template <typename C>
constexpr C wrap_mul(C a, C b) {
  if constexpr (std::is_integral_v<C>)
    return static_cast<C>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  else
    return a * b;
}
template <typename C>
constexpr C wrap_neg(C a) {
  if constexpr (std::is_integral_v<C>)
    return static_cast<C>(uint64_t{0} - static_cast<uint64_t>(a));
  else
    return -a;
}

}  // namespace onnx_aotc

/// A string element viewing `size` bytes at `data` (the padding of 32-bit targets stays zero).
inline onnx_aotc_string make_string(const char* data, int64_t size) noexcept {
  onnx_aotc_string s{};
  s.data = data;
  s.size = size;
  return s;
}

/// String elements compare by their bytes (Equal, Unique...). Global, beside the C struct, so that
/// argument-dependent lookup finds it from any namespace.
inline bool operator==(const onnx_aotc_string& a, const onnx_aotc_string& b) noexcept {
  if (a.size != b.size) return false;
  for (int64_t i = 0; i < a.size; ++i)
    if (a.data[i] != b.data[i]) return false;
  return true;
}
inline bool operator!=(const onnx_aotc_string& a, const onnx_aotc_string& b) noexcept { return !(a == b); }
