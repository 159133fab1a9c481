// SPDX-License-Identifier: Apache-2.0
// ai.onnx.ml DictVectorizer and CastMap on a map given as two arrays of `pairs` elements, its keys and its
// values (the generated API's form of a map; ZipMap needs no kernel: its output is its input's bytes).
// Keys should be distinct; where one repeats, the last of its pairs wins.
#pragma once

#include <charconv>
#include <cstdint>

#include <onnx_aotc/ref/cast_string.h>
#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

struct DictVectorizerParams {
  int64_t pairs;
  int64_t vocabulary;
};

namespace ml_maps_detail {
/// A value the map does not hold: zero, or the empty string.
template <typename V>
inline V missing() noexcept {
  if constexpr (std::is_same_v<V, onnx_aotc_string>) return make_string("", 0);
  else return V{};
}
}  // namespace ml_maps_detail

/// y[j] = the value of key vocabulary[j] in the map, or zero (the empty string) when it has none.
template <typename K, typename V>
inline void dict_vectorizer(const DictVectorizerParams& p, const K* keys, const V* values, const K* vocabulary, V* y) {
  for (int64_t j = 0; j < p.vocabulary; ++j) {
    V out = ml_maps_detail::missing<V>();
    for (int64_t i = p.pairs - 1; i >= 0; --i) {
      if (keys[i] == vocabulary[j]) {
        out = values[i];
        break;
      }
    }
    y[j] = out;
  }
}

struct CastMapParams {
  int64_t pairs;
  bool dense;       ///< DENSE: the values in ascending key order; SPARSE: y[k] = the value of key k
  int64_t max_map;  ///< SPARSE: the output's length (keys outside [0, max_map) are dropped)
};

/// Bytes of storage for one number cast to a string ("%f" of the largest float is 47).
inline constexpr int64_t kCastMapStringSlot = 64;

namespace ml_maps_detail {

/// One value cast as ONNX Runtime's CastMap does: floats to int64 truncate, to strings print like "%f"
/// (std::to_string). Strings parse as numbers by Cast's rules (the whole string; integers written exactly stay
/// exact), where ONNX Runtime's std::stof and std::stoll read a numeric prefix and throw on none.
template <typename From, typename To>
inline To cast_value(const From& v, char* slot) noexcept {
  if constexpr (std::is_same_v<From, To>) {
    static_cast<void>(slot);
    return v;
  } else if constexpr (std::is_same_v<To, onnx_aotc_string>) {
    const double d = static_cast<double>(v);
    const char* special = d != d ? "nan" : d > 1.7e308 ? "inf" : d < -1.7e308 ? "-inf" : nullptr;
    int64_t n = 0;
    if (special) {
      for (; special[n]; ++n) slot[n] = special[n];
    } else {
      n = std::to_chars(slot, slot + kCastMapStringSlot - 1, d, std::chars_format::fixed, 6).ptr - slot;
    }
    slot[n] = '\0';
    return make_string(slot, n);
  } else if constexpr (std::is_same_v<From, onnx_aotc_string>) {
    static_cast<void>(slot);
    bool exact = false;
    int64_t integer = 0;
    const double d = cast_string_detail::parse(v, exact, integer);
    if constexpr (std::is_same_v<To, int64_t>) {
      if (exact) return integer;
      return d >= -9.2e18 && d <= 9.2e18 ? static_cast<int64_t>(d) : 0;
    } else {
      return static_cast<To>(d);
    }
  } else {
    static_cast<void>(slot);
    if constexpr (std::is_same_v<To, int64_t>) return v >= -9.2e18f && v <= 9.2e18f ? static_cast<int64_t>(v) : 0;
    else return static_cast<To>(v);
  }
}

/// What SPARSE writes where the map has no key: 0, or for strings ONNX Runtime's pad, "0.f".
template <typename To>
inline To pad() noexcept {
  if constexpr (std::is_same_v<To, onnx_aotc_string>) return make_string("0.f", 3);
  else return To{};
}

}  // namespace ml_maps_detail

/// Casts a map<int64, From>'s values to To. `storage` holds strings made from numbers
/// (kCastMapStringSlot bytes per pair), else it is unused.
template <typename From, typename To>
inline void cast_map(const CastMapParams& p, const int64_t* keys, const From* values, To* y, unsigned char* storage) {
  char* slots = reinterpret_cast<char*>(storage);
  if (p.dense) {
    // A pair's place is its key's rank: the number of smaller keys (an equal key earlier counts too).
    for (int64_t i = 0; i < p.pairs; ++i) {
      int64_t rank = 0;
      for (int64_t k = 0; k < p.pairs; ++k) rank += keys[k] < keys[i] || (keys[k] == keys[i] && k < i);
      y[rank] = ml_maps_detail::cast_value<From, To>(values[i], slots ? slots + i * kCastMapStringSlot : nullptr);
    }
    return;
  }
  for (int64_t j = 0; j < p.max_map; ++j) y[j] = ml_maps_detail::pad<To>();
  for (int64_t i = 0; i < p.pairs; ++i)
    if (keys[i] >= 0 && keys[i] < p.max_map)
      y[keys[i]] = ml_maps_detail::cast_value<From, To>(values[i], slots ? slots + i * kCastMapStringSlot : nullptr);
}

}  // namespace onnx_aotc::ref
