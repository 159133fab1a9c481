// SPDX-License-Identifier: Apache-2.0
// String ops: StringConcat, StringNormalizer, StringSplit. Elements are `onnx_aotc_string` views. An op that
// creates strings writes their characters into `storage`, an arena region the compiler sized for the
// longest string each output element can hold (`slot_bytes`, its NUL included), so nothing is allocated.
#pragma once

#include <cstdint>

#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {
namespace string_detail {

/// Appends `n` bytes at `to + at`, never past `capacity` (the compiler's bound makes that a no-op; it
/// only guards memory if a caller broke the input contract).
inline int64_t append(char* to, int64_t at, int64_t capacity, const char* from, int64_t n) noexcept {
  for (int64_t i = 0; i < n && at < capacity; ++i) to[at++] = from[i];
  return at;
}

/// ASCII whitespace, as Python's str.split() and ONNX Runtime see it.
inline bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/// Case mapping that keeps every character's UTF-8 length (so a string's bound holds): ASCII, Latin-1,
/// Latin Extended-A, Greek and Cyrillic. Other characters are left unchanged.
inline uint32_t change_case(uint32_t c, bool upper) noexcept {
  if (upper) {
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
      return c - 0x20;
    if (c == 0x3C2) return 0x3A3;  // final sigma
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    if (c == 0xFF) return 0x178;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 0x25;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 0x3F;
    if ((c >= 0x100 && c <= 0x137 && c != 0x131) || (c >= 0x14A && c <= 0x177)) return c & ~1u;  // not dotless i: its upper case is ASCII
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1u) ? c : c - 1;
    return c;
  }
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
      (c >= 0x410 && c <= 0x42F))
    return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c == 0x178) return 0xFF;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 0x25;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 0x3F;
  if ((c >= 0x100 && c <= 0x137 && c != 0x130) || (c >= 0x14A && c <= 0x177)) return c | 1u;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1u) ? c + 1 : c;
  return c;
}

/// The unit at s[i]: a one- or two-byte UTF-8 character (its code point) or, for anything else, one byte
/// (returned as 0x100000 + byte, which no mapping touches), so malformed UTF-8 passes through unchanged.
inline uint32_t unit_at(const onnx_aotc_string& s, int64_t i, int64_t& length) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data);
  if (p[i] < 0x80) {
    length = 1;
    return p[i];
  }
  if (p[i] >= 0xC2 && p[i] < 0xE0 && i + 1 < s.size && (p[i + 1] & 0xC0) == 0x80) {
    length = 2;
    return ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
  }
  length = 1;
  return 0x100000u + p[i];
}

/// Writes `s` case-mapped into `to` (same length).
inline void map_case(const onnx_aotc_string& s, char* to, bool upper) noexcept {
  for (int64_t i = 0, n = 0; i < s.size; i += n) {
    const uint32_t u = unit_at(s, i, n);
    const uint32_t c = u >= 0x100000u ? u : change_case(u, upper);
    if (n == 1) {
      to[i] = static_cast<char>(c & 0xFF);
    } else {
      to[i] = static_cast<char>(0xC0 | (c >> 6));
      to[i + 1] = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

/// Byte equality, optionally ignoring case (through the same mapping).
inline bool same(const onnx_aotc_string& a, const onnx_aotc_string& b, bool case_sensitive) noexcept {
  if (a.size != b.size) return false;
  if (case_sensitive) return a == b;
  for (int64_t i = 0, na = 0, nb = 0; i < a.size; i += na) {
    const uint32_t ua = unit_at(a, i, na), ub = unit_at(b, i, nb);
    if (na != nb) return false;
    if (ua != ub && (ua >= 0x100000u || ub >= 0x100000u || change_case(ua, false) != change_case(ub, false))) return false;
  }
  return true;
}

}  // namespace string_detail

// ---- StringConcat --------------------------------------------------------------------------------

struct StringConcatParams {
  Dims out;
  Dims a_strides;  ///< over the output's index space (0 on broadcast axes)
  Dims b_strides;
  int64_t slot_bytes;  ///< storage per output element: the longest a + b, plus the NUL
};

inline void string_concat(const StringConcatParams& p, const onnx_aotc_string* a, const onnx_aotc_string* b,
                          onnx_aotc_string* y, unsigned char* storage) {
  const int64_t total = p.out.numel();
  int64_t index[kMaxRank] = {};
  int64_t ia = 0, ib = 0;
  for (int64_t k = 0; k < total; ++k) {
    char* to = reinterpret_cast<char*>(storage) + k * p.slot_bytes;
    int64_t n = string_detail::append(to, 0, p.slot_bytes - 1, a[ia].data, a[ia].size);
    n = string_detail::append(to, n, p.slot_bytes - 1, b[ib].data, b[ib].size);
    to[n] = '\0';
    y[k] = make_string(to, n);
    for (int d = p.out.rank - 1; d >= 0; --d) {
      ia += p.a_strides.d[d];
      ib += p.b_strides.d[d];
      if (++index[d] < p.out.d[d]) break;
      ia -= p.a_strides.d[d] * p.out.d[d];
      ib -= p.b_strides.d[d] * p.out.d[d];
      index[d] = 0;
    }
  }
}

// ---- StringNormalizer ----------------------------------------------------------------------------

enum : int32_t { kCaseNone = 0, kCaseLower = 1, kCaseUpper = 2 };

struct StringNormalizerParams {
  int64_t count;           ///< elements of X ([C] or [1, C])
  int32_t two_dim;         ///< X is [1, C]: so is Y
  int32_t case_change;     ///< kCaseNone / kCaseLower / kCaseUpper
  int32_t case_sensitive;  ///< stopword matching
  int64_t stopword_count;
  int64_t slot_bytes;  ///< storage per element when the case changes (longest input + NUL); 0 otherwise
};

/// Drops stopwords, then changes case. Y's length is data-dependent (reported in y_dims); when every
/// element is dropped, Y is one empty string, as ONNX Runtime does.
inline void string_normalizer(const StringNormalizerParams& p, const onnx_aotc_string* x, const onnx_aotc_string* stopwords,
                              onnx_aotc_string* y, int64_t* y_dims, unsigned char* storage) {
  int64_t kept = 0;
  for (int64_t i = 0; i < p.count; ++i) {
    bool stop = false;
    for (int64_t s = 0; s < p.stopword_count && !stop; ++s) stop = string_detail::same(x[i], stopwords[s], p.case_sensitive != 0);
    if (stop) continue;
    if (p.case_change == kCaseNone) {
      y[kept] = x[i];
    } else {
      char* to = reinterpret_cast<char*>(storage) + kept * p.slot_bytes;
      const int64_t n = x[i].size < p.slot_bytes ? x[i].size : p.slot_bytes - 1;
      string_detail::map_case(make_string(x[i].data, n), to, p.case_change == kCaseUpper);
      to[n] = '\0';
      y[kept] = make_string(to, n);
    }
    ++kept;
  }
  if (kept == 0) y[kept++] = make_string("", 0);
  y_dims[0] = p.two_dim ? 1 : kept;
  y_dims[1] = kept;
}

// ---- StringSplit ---------------------------------------------------------------------------------

struct StringSplitParams {
  int64_t count;           ///< elements of X
  int64_t max_parts;       ///< Y's last dimension as compiled (an upper bound)
  int64_t maxsplit;        ///< -1: no limit
  int32_t rank;            ///< X's rank; Y has one more axis
  Dims x_shape;
};

/// Python's str.split semantics: with a delimiter, every occurrence splits (empty parts kept); without
/// one, runs of whitespace split and leading/trailing whitespace is dropped. Y rows are padded with empty
/// strings to the longest row, whose length is reported as Y's last dim. Substrings are views of X.
inline void string_split(const StringSplitParams& p, const onnx_aotc_string* x, const onnx_aotc_string* delimiter,
                         onnx_aotc_string* y, int64_t* y_dims, int64_t* z) {
  const onnx_aotc_string d = *delimiter;
  auto split = [&](const onnx_aotc_string& s, auto&& emit) {
    int64_t parts = 0;
    if (d.size > 0) {
      int64_t start = 0;
      for (int64_t i = 0; i + d.size <= s.size && (p.maxsplit < 0 || parts < p.maxsplit);) {
        bool match = true;
        for (int64_t k = 0; k < d.size && match; ++k) match = s.data[i + k] == d.data[k];
        if (!match) {
          ++i;
          continue;
        }
        emit(parts++, make_string(s.data + start, i - start));
        i += d.size;
        start = i;
      }
      emit(parts++, make_string(s.data + start, s.size - start));
      return parts;
    }
    int64_t i = 0;
    while (i < s.size) {
      while (i < s.size && string_detail::is_space(s.data[i])) ++i;
      if (i == s.size) break;
      int64_t end = i;
      if (p.maxsplit >= 0 && parts == p.maxsplit) {
        end = s.size;  // the rest, trailing whitespace included, as Python keeps it
      } else {
        while (end < s.size && !string_detail::is_space(s.data[end])) ++end;
      }
      emit(parts++, make_string(s.data + i, end - i));
      i = end;
    }
    return parts;
  };
  int64_t longest = 0;
  for (int64_t i = 0; i < p.count; ++i) {
    z[i] = split(x[i], [](int64_t, const onnx_aotc_string&) {});
    if (z[i] > longest) longest = z[i];
  }
  if (longest > p.max_parts) longest = p.max_parts;  // cannot happen within the compiled bound
  for (int64_t i = 0; i < p.count; ++i) {
    onnx_aotc_string* row = y + i * longest;
    for (int64_t k = 0; k < longest; ++k) row[k] = make_string("", 0);
    split(x[i], [&](int64_t k, const onnx_aotc_string& part) {
      if (k < longest) row[k] = part;
    });
  }
  for (int32_t a = 0; a < p.rank; ++a) y_dims[a] = p.x_shape.d[a];
  y_dims[p.rank] = longest;
}

}  // namespace onnx_aotc::ref
