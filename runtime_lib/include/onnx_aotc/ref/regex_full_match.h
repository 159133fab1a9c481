// SPDX-License-Identifier: Apache-2.0
// RegexFullMatch: y[i] = whether the whole string x[i] matches a regular expression.
//
// The compiler parses the pattern (RE2 syntax) once and hands the kernel a Thompson NFA program; the
// kernel simulates it over the string's code points, keeping the set of live states per position, so
// matching takes O(length * instructions) time whatever the pattern (no backtracking blow-up) and
// never allocates: the state sets live in `scratch`. The full-match result does not depend on
// which alternative or repetition count "wins", so threads carry no priority or captures.
//
// Program layout (int64 words): `instructions` fixed-size instructions of 3 words {opcode, a, b},
// instruction 0 first to run, followed by the range tables that class instructions point to.
//   kRegexChar   a = code point
//   kRegexClass  a = word offset of a table {n, lo_0, hi_0, ..., lo_n-1, hi_n-1} (sorted, disjoint)
//   kRegexSplit  continue at instructions a and b
//   kRegexJump   continue at instruction a
//   kRegexAssert a = one of kRegexBeginText..kRegexNotWordBoundary; continue at the next instruction
//   kRegexMatch  the pattern matched (counts only at the end of the string)
// Strings are decoded as UTF-8 the way RE2's byte automata read them, so that malformed input gets
// RE2's answers: a surrogate (ED A0..BF xx) is its code point; an overlong 3- or 4-byte form or one
// past U+10FFFF (E0 80..9F xx, F0 80..8F xx xx, F4 90..BF xx xx) is one kRegexMalformedChar, which only
// classes containing all of U+0080..U+10FFFF match (RE2 compiles those loosely: ., [^a], \W); any
// other byte that does not start a complete sequence is one position that nothing matches. Bad input
// therefore never makes the kernel read out of bounds. Word characters (\b) are ASCII [0-9A-Za-z_].
#pragma once

#include <cstdint>

#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

inline constexpr int64_t kRegexChar = 0;
inline constexpr int64_t kRegexClass = 1;
inline constexpr int64_t kRegexSplit = 2;
inline constexpr int64_t kRegexJump = 3;
inline constexpr int64_t kRegexAssert = 4;
inline constexpr int64_t kRegexMatch = 5;
inline constexpr int64_t kRegexInstructionWords = 3;
/// The "code point" of a well-formed-looking sequence that encodes none (see above); a class range
/// ending here instead of at U+10FFFF matches it.
inline constexpr int32_t kRegexMalformedChar = 0x110000;

inline constexpr int64_t kRegexBeginText = 0;      ///< \A, and ^ without (?m)
inline constexpr int64_t kRegexEndText = 1;        ///< \z, and $ without (?m)
inline constexpr int64_t kRegexBeginLine = 2;      ///< ^ with (?m): start of text or after '\n'
inline constexpr int64_t kRegexEndLine = 3;        ///< $ with (?m): end of text or before '\n'
inline constexpr int64_t kRegexWordBoundary = 4;   ///< \b
inline constexpr int64_t kRegexNotWordBoundary = 5;  ///< \B

struct RegexFullMatchParams {
  int64_t count;         ///< elements of x and y
  int64_t instructions;  ///< instructions in the program (sizes the scratch state sets)
  int64_t program_size;  ///< int64 words in the program, range tables included
};

/// Bytes of work space for a program of `instructions` instructions: one int64 "last visited" stamp
/// and three int32 slots (current list, next list, closure stack) per instruction.
constexpr int64_t regex_full_match_scratch_bytes(int64_t instructions) {
  return instructions * static_cast<int64_t>(sizeof(int64_t) + 3 * sizeof(int32_t));
}

namespace detail {

inline constexpr int32_t kRegexInvalidByte = -1;  ///< a byte that starts no valid UTF-8 sequence
inline constexpr int32_t kRegexNoChar = -2;       ///< before the start or past the end of the string

/// Decodes the code point at s[0..n) (n >= 1); sets `length` to the bytes it takes.
inline int32_t regex_decode_utf8(const unsigned char* s, int64_t n, int64_t& length) noexcept {
  const unsigned b0 = s[0];
  length = 1;
  if (b0 < 0x80) return static_cast<int32_t>(b0);
  int64_t need = 0;
  unsigned lo = 0x80, hi = 0xBF;  // second bytes that make a shortest-form sequence of at most U+10FFFF
  uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return kRegexInvalidByte;
  }
  if (n <= need) return kRegexInvalidByte;
  for (int64_t k = 1; k <= need; ++k) {
    const unsigned b = s[k];
    if (b < 0x80 || b > 0xBF) return kRegexInvalidByte;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  length = need + 1;
  return s[1] < lo || s[1] > hi ? kRegexMalformedChar : static_cast<int32_t>(cp);
}

inline bool regex_is_word(int32_t c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

/// Whether assertion `kind` holds between code points `prev` and `next` (kRegexNoChar at the ends).
inline bool regex_assertion_holds(int64_t kind, int32_t prev, int32_t next) noexcept {
  switch (kind) {
    case kRegexBeginText: return prev == kRegexNoChar;
    case kRegexEndText: return next == kRegexNoChar;
    case kRegexBeginLine: return prev == kRegexNoChar || prev == '\n';
    case kRegexEndLine: return next == kRegexNoChar || next == '\n';
    case kRegexWordBoundary: return regex_is_word(prev) != regex_is_word(next);
    case kRegexNotWordBoundary: return regex_is_word(prev) == regex_is_word(next);
    default: return false;
  }
}

/// Whether the consuming instruction at `inst` accepts code point c.
inline bool regex_consumes(const int64_t* program, const int64_t* inst, int32_t c) noexcept {
  if (inst[0] == kRegexChar) return inst[1] == c;
  const int64_t* table = program + inst[1];
  // Binary search over the sorted, disjoint ranges for the last one starting at or below c.
  int64_t lo = 0, hi = table[0];
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (table[1 + 2 * mid] <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && c <= table[2 * lo];
}

/// The state sets of one simulation, carved out of the scratch area.
struct RegexStates {
  int64_t* stamp;  ///< per instruction: the last step that added it to a list
  int32_t* current;
  int32_t* next;
  int32_t* stack;  ///< pending instructions of an epsilon closure
};

/// Adds to `list` every consuming or match instruction reachable from `start` without consuming input,
/// given the code points around the position. Each instruction is pushed at most once per step (the
/// stamp), so the stack never holds more than `instructions` entries and loops of empty steps end.
inline void regex_add_closure(const int64_t* program, RegexStates& s, int32_t* list, int64_t& size, int64_t start,
                              int64_t step, int32_t prev, int32_t next) noexcept {
  int64_t top = 0;
  auto push = [&](int64_t pc) {
    if (s.stamp[pc] == step) return;
    s.stamp[pc] = step;
    s.stack[top++] = static_cast<int32_t>(pc);
  };
  push(start);
  while (top > 0) {
    const int64_t pc = s.stack[--top];
    const int64_t* inst = program + pc * kRegexInstructionWords;
    switch (inst[0]) {
      case kRegexSplit:
        push(inst[1]);
        push(inst[2]);
        break;
      case kRegexJump: push(inst[1]); break;
      case kRegexAssert:
        if (regex_assertion_holds(inst[1], prev, next)) push(pc + 1);
        break;
      default: list[size++] = static_cast<int32_t>(pc); break;  // char, class, match
    }
  }
}

/// The code point at byte `pos` of a string of `n` bytes (kRegexNoChar at the end); sets its length.
inline int32_t regex_char_at(const unsigned char* bytes, int64_t n, int64_t pos, int64_t& length) noexcept {
  length = 0;
  return pos < n ? regex_decode_utf8(bytes + pos, n - pos, length) : kRegexNoChar;
}

}  // namespace detail

/// `scratch` holds regex_full_match_scratch_bytes(p.instructions) bytes, 8-byte aligned.
inline void regex_full_match(const RegexFullMatchParams& p, const onnx_aotc_string* x, const int64_t* program,
                             unsigned char* scratch, bool* y) {
  detail::RegexStates s{};
  s.stamp = reinterpret_cast<int64_t*>(scratch);
  s.current = reinterpret_cast<int32_t*>(scratch + p.instructions * static_cast<int64_t>(sizeof(int64_t)));
  s.next = s.current + p.instructions;
  s.stack = s.next + p.instructions;
  for (int64_t k = 0; k < p.instructions; ++k) s.stamp[k] = -1;
  int64_t step = 0;  // one per position of every string, so stamps never need clearing again
  for (int64_t i = 0; i < p.count; ++i) {
    const int64_t n = x[i].size > 0 ? x[i].size : 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(x[i].data);
    int64_t pos = 0, length = 0;
    int32_t c = detail::regex_char_at(bytes, n, pos, length);
    int64_t current_size = 0;
    detail::regex_add_closure(program, s, s.current, current_size, 0, step++, detail::kRegexNoChar, c);
    while (c != detail::kRegexNoChar && current_size > 0) {
      const int64_t consumed = length;
      const int32_t next = detail::regex_char_at(bytes, n, pos + consumed, length);
      int64_t next_size = 0;
      for (int64_t k = 0; k < current_size; ++k) {
        const int64_t pc = s.current[k];
        const int64_t* inst = program + pc * kRegexInstructionWords;
        if (inst[0] != kRegexMatch && detail::regex_consumes(program, inst, c))
          detail::regex_add_closure(program, s, s.next, next_size, pc + 1, step, c, next);
      }
      ++step;
      pos += consumed;
      c = next;
      int32_t* swap = s.current;
      s.current = s.next;
      s.next = swap;
      current_size = next_size;
    }
    bool matched = false;
    if (c == detail::kRegexNoChar)
      for (int64_t k = 0; k < current_size && !matched; ++k)
        matched = program[s.current[k] * kRegexInstructionWords] == kRegexMatch;
    y[i] = matched;
  }
}

}  // namespace onnx_aotc::ref
