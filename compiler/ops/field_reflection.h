// SPDX-License-Identifier: Apache-2.0
// Visits the fields of a kernel parameter struct (a plain aggregate from runtime_lib) in declaration
// order, so that one struct both drives constant folding and is printed into generated code.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace aotc::reflection {

struct AnyField {
  template <typename T>
  constexpr operator T() const noexcept;  // never defined: only used in unevaluated contexts
};

template <typename T, typename Seq, typename = void>
struct Constructible : std::false_type {};
template <typename T, std::size_t... I>
struct Constructible<T, std::index_sequence<I...>, std::void_t<decltype(T{(void(I), AnyField{})...})>>
    : std::true_type {};

/// Number of fields of aggregate T (fields must not be C arrays: wrap them, as onnx_aotc::Dims does).
template <typename T, std::size_t N = 0>
constexpr std::size_t field_count() {
  if constexpr (N > 40) {
    static_assert(N <= 40, "kernel parameter struct has too many fields");
    return 0;
  } else if constexpr (Constructible<T, std::make_index_sequence<N + 1>>::value) {
    return field_count<T, N + 1>();
  } else {
    return N;
  }
}

#define AOTC_FIELDS_CASE(n, ...)                \
  if constexpr (count == n) {                  \
    const auto& [__VA_ARGS__] = value;         \
    visit_all(visitor, __VA_ARGS__);           \
  } else

template <typename V, typename... F>
void visit_all(V& visitor, const F&... fields) {
  (visitor(fields), ...);
}

/// Calls `visitor(field)` for each field of `value`.
template <typename T, typename V>
void for_each_field(const T& value, V& visitor) {
  constexpr std::size_t count = field_count<T>();
  static_assert(count >= 1, "kernel parameter struct has no fields");
  AOTC_FIELDS_CASE(1, a1)
  AOTC_FIELDS_CASE(2, a1, a2)
  AOTC_FIELDS_CASE(3, a1, a2, a3)
  AOTC_FIELDS_CASE(4, a1, a2, a3, a4)
  AOTC_FIELDS_CASE(5, a1, a2, a3, a4, a5)
  AOTC_FIELDS_CASE(6, a1, a2, a3, a4, a5, a6)
  AOTC_FIELDS_CASE(7, a1, a2, a3, a4, a5, a6, a7)
  AOTC_FIELDS_CASE(8, a1, a2, a3, a4, a5, a6, a7, a8)
  AOTC_FIELDS_CASE(9, a1, a2, a3, a4, a5, a6, a7, a8, a9)
  AOTC_FIELDS_CASE(10, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10)
  AOTC_FIELDS_CASE(11, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11)
  AOTC_FIELDS_CASE(12, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12)
  AOTC_FIELDS_CASE(13, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13)
  AOTC_FIELDS_CASE(14, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14)
  AOTC_FIELDS_CASE(15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
  AOTC_FIELDS_CASE(16, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16)
  AOTC_FIELDS_CASE(17, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17)
  AOTC_FIELDS_CASE(18, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18)
  AOTC_FIELDS_CASE(19, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19)
  AOTC_FIELDS_CASE(20, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20)
  AOTC_FIELDS_CASE(21, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21)
  AOTC_FIELDS_CASE(22, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22)
  AOTC_FIELDS_CASE(23, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23)
  AOTC_FIELDS_CASE(24, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24)
  {
    static_assert(count <= 24, "extend for_each_field for larger parameter structs");
  }
}

#undef AOTC_FIELDS_CASE

}  // namespace aotc::reflection
