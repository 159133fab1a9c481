// SPDX-License-Identifier: Apache-2.0
// RE2-syntax regular expressions to Thompson NFA programs, in two steps.
//
// A recursive-descent parser builds a small syntax tree: code point sets (a literal is a set of one,
// or of its case variants under (?i)), assertions, concatenation, alternation and repetition. Groups
// only nest: a full match needs no captures, and lazy quantifiers accept the same strings as greedy
// ones. The parser follows RE2's grammar and error cases (stacked repetition operators, counts over
// 1000, backreferences, unknown escapes...), and reports constructs RE2 has but this compiler does not
// (\p{...}, \C) as unsupported.
//
// The emitter then prints the tree as NFA instructions the textbook way: a split for every choice,
// counted repetition expanded into copies (x{2,4} = x x (x (x)?)?, all optional tails jumping to the
// same end). Copies are what make programs large, so the parser applies RE2's limits on counts and
// the emitter stops at kMaxInstructions / kMaxProgramWords. Class range tables are shared between
// identical classes (x{1000} stores x's table once).
//
// Case folding (?i) is Unicode simple case folding, from a table of orbits (see kFoldRuns).
#include "ops/defs/regex.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <onnx_aotc/ref/regex_full_match.h>

namespace aotc::regex {
namespace {

namespace ref = onnx_aotc::ref;

constexpr int32_t kMaxCodePoint = 0x10FFFF;

/// A set of code points as closed ranges; sorted, disjoint and non-adjacent once normalized.
using Ranges = std::vector<std::pair<int32_t, int32_t>>;

void normalize(Ranges& r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (const auto& [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1) out.back().second = std::max(out.back().second, hi);
    else out.emplace_back(lo, hi);
  }
  r = std::move(out);
}

/// The code points not in `r` (normalized).
Ranges complement(const Ranges& r) {
  Ranges out;
  int32_t next = 0;
  for (const auto& [lo, hi] : r) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) out.emplace_back(next, kMaxCodePoint);
  return out;
}

// ---- case folding -----------------------------------------------------------------------------

/// Unicode simple case folding as RE2 applies it: the code points that fold together form an orbit
/// (k K KELVIN-SIGN, s S LONG-S, ß ẞ, ...), and each entry below maps a run of code points to the next
/// member of their orbit (cycling back to the smallest), by a constant delta or, for kEvenOdd /
/// kOddEven, alternately +1 and -1 (pairs that start at an even or odd code point). The table was
/// generated from Python 3.11's unicodedata (Unicode 14: the single-code-point lower, upper and
/// casefold mappings, without the Turkic dotted and dotless i) plus the three Unicode 15 additions
/// (U+0390/U+1FD3, U+03B0/U+1FE3, U+FB05/U+FB06), and checked against RE2 through ONNX Runtime.
struct FoldRun {
  int32_t lo, hi, delta;
};
constexpr int32_t kEvenOdd = 1 << 30;
constexpr int32_t kOddEven = kEvenOdd + 1;
constexpr FoldRun kFoldRuns[] = {
    {0x0041, 0x005A, 32}, {0x0061, 0x006A, -32}, {0x006B, 0x006B, 8383}, {0x006C, 0x0072, -32},
    {0x0073, 0x0073, 268}, {0x0074, 0x007A, -32}, {0x00B5, 0x00B5, 743}, {0x00C0, 0x00D6, 32}, {0x00D8, 0x00DE, 32},
    {0x00DF, 0x00DF, 7615}, {0x00E0, 0x00E4, -32}, {0x00E5, 0x00E5, 8262}, {0x00E6, 0x00F6, -32},
    {0x00F8, 0x00FE, -32}, {0x00FF, 0x00FF, 121}, {0x0100, 0x012F, kEvenOdd}, {0x0132, 0x0137, kEvenOdd},
    {0x0139, 0x0148, kOddEven}, {0x014A, 0x0177, kEvenOdd}, {0x0178, 0x0178, -121}, {0x0179, 0x017E, kOddEven},
    {0x017F, 0x017F, -300}, {0x0180, 0x0180, 195}, {0x0181, 0x0181, 210}, {0x0182, 0x0185, kEvenOdd},
    {0x0186, 0x0186, 206}, {0x0187, 0x0188, kOddEven}, {0x0189, 0x018A, 205}, {0x018B, 0x018C, kOddEven},
    {0x018E, 0x018E, 79}, {0x018F, 0x018F, 202}, {0x0190, 0x0190, 203}, {0x0191, 0x0192, kOddEven},
    {0x0193, 0x0193, 205}, {0x0194, 0x0194, 207}, {0x0195, 0x0195, 97}, {0x0196, 0x0196, 211}, {0x0197, 0x0197, 209},
    {0x0198, 0x0199, kEvenOdd}, {0x019A, 0x019A, 163}, {0x019C, 0x019C, 211}, {0x019D, 0x019D, 213},
    {0x019E, 0x019E, 130}, {0x019F, 0x019F, 214}, {0x01A0, 0x01A5, kEvenOdd}, {0x01A6, 0x01A6, 218},
    {0x01A7, 0x01A8, kOddEven}, {0x01A9, 0x01A9, 218}, {0x01AC, 0x01AD, kEvenOdd}, {0x01AE, 0x01AE, 218},
    {0x01AF, 0x01B0, kOddEven}, {0x01B1, 0x01B2, 217}, {0x01B3, 0x01B6, kOddEven}, {0x01B7, 0x01B7, 219},
    {0x01B8, 0x01B9, kEvenOdd}, {0x01BC, 0x01BD, kEvenOdd}, {0x01BF, 0x01BF, 56}, {0x01C4, 0x01C5, 1},
    {0x01C6, 0x01C6, -2}, {0x01C7, 0x01C8, 1}, {0x01C9, 0x01C9, -2}, {0x01CA, 0x01CB, 1}, {0x01CC, 0x01CC, -2},
    {0x01CD, 0x01DC, kOddEven}, {0x01DD, 0x01DD, -79}, {0x01DE, 0x01EF, kEvenOdd}, {0x01F1, 0x01F2, 1},
    {0x01F3, 0x01F3, -2}, {0x01F4, 0x01F5, kEvenOdd}, {0x01F6, 0x01F6, -97}, {0x01F7, 0x01F7, -56},
    {0x01F8, 0x021F, kEvenOdd}, {0x0220, 0x0220, -130}, {0x0222, 0x0233, kEvenOdd}, {0x023A, 0x023A, 10795},
    {0x023B, 0x023C, kOddEven}, {0x023D, 0x023D, -163}, {0x023E, 0x023E, 10792}, {0x023F, 0x0240, 10815},
    {0x0241, 0x0242, kOddEven}, {0x0243, 0x0243, -195}, {0x0244, 0x0244, 69}, {0x0245, 0x0245, 71},
    {0x0246, 0x024F, kEvenOdd}, {0x0250, 0x0250, 10783}, {0x0251, 0x0251, 10780}, {0x0252, 0x0252, 10782},
    {0x0253, 0x0253, -210}, {0x0254, 0x0254, -206}, {0x0256, 0x0257, -205}, {0x0259, 0x0259, -202},
    {0x025B, 0x025B, -203}, {0x025C, 0x025C, 42319}, {0x0260, 0x0260, -205}, {0x0261, 0x0261, 42315},
    {0x0263, 0x0263, -207}, {0x0265, 0x0265, 42280}, {0x0266, 0x0266, 42308}, {0x0268, 0x0268, -209},
    {0x0269, 0x0269, -211}, {0x026A, 0x026A, 42308}, {0x026B, 0x026B, 10743}, {0x026C, 0x026C, 42305},
    {0x026F, 0x026F, -211}, {0x0271, 0x0271, 10749}, {0x0272, 0x0272, -213}, {0x0275, 0x0275, -214},
    {0x027D, 0x027D, 10727}, {0x0280, 0x0280, -218}, {0x0282, 0x0282, 42307}, {0x0283, 0x0283, -218},
    {0x0287, 0x0287, 42282}, {0x0288, 0x0288, -218}, {0x0289, 0x0289, -69}, {0x028A, 0x028B, -217},
    {0x028C, 0x028C, -71}, {0x0292, 0x0292, -219}, {0x029D, 0x029D, 42261}, {0x029E, 0x029E, 42258},
    {0x0345, 0x0345, 84}, {0x0370, 0x0373, kEvenOdd}, {0x0376, 0x0377, kEvenOdd}, {0x037B, 0x037D, 130},
    {0x037F, 0x037F, 116}, {0x0386, 0x0386, 38}, {0x0388, 0x038A, 37}, {0x038C, 0x038C, 64}, {0x038E, 0x038F, 63},
    {0x0390, 0x0390, 7235}, {0x0391, 0x03A1, 32}, {0x03A3, 0x03A3, 31}, {0x03A4, 0x03AB, 32}, {0x03AC, 0x03AC, -38},
    {0x03AD, 0x03AF, -37}, {0x03B0, 0x03B0, 7219}, {0x03B1, 0x03B1, -32}, {0x03B2, 0x03B2, 30},
    {0x03B3, 0x03B4, -32}, {0x03B5, 0x03B5, 64}, {0x03B6, 0x03B7, -32}, {0x03B8, 0x03B8, 25}, {0x03B9, 0x03B9, 7173},
    {0x03BA, 0x03BA, 54}, {0x03BB, 0x03BB, -32}, {0x03BC, 0x03BC, -775}, {0x03BD, 0x03BF, -32}, {0x03C0, 0x03C0, 22},
    {0x03C1, 0x03C1, 48}, {0x03C2, 0x03C2, 1}, {0x03C3, 0x03C5, -32}, {0x03C6, 0x03C6, 15}, {0x03C7, 0x03C8, -32},
    {0x03C9, 0x03C9, 7517}, {0x03CA, 0x03CB, -32}, {0x03CC, 0x03CC, -64}, {0x03CD, 0x03CE, -63}, {0x03CF, 0x03CF, 8},
    {0x03D0, 0x03D0, -62}, {0x03D1, 0x03D1, 35}, {0x03D5, 0x03D5, -47}, {0x03D6, 0x03D6, -54}, {0x03D7, 0x03D7, -8},
    {0x03D8, 0x03EF, kEvenOdd}, {0x03F0, 0x03F0, -86}, {0x03F1, 0x03F1, -80}, {0x03F2, 0x03F2, 7},
    {0x03F3, 0x03F3, -116}, {0x03F4, 0x03F4, -92}, {0x03F5, 0x03F5, -96}, {0x03F7, 0x03F8, kOddEven},
    {0x03F9, 0x03F9, -7}, {0x03FA, 0x03FB, kEvenOdd}, {0x03FD, 0x03FF, -130}, {0x0400, 0x040F, 80},
    {0x0410, 0x042F, 32}, {0x0430, 0x0431, -32}, {0x0432, 0x0432, 6222}, {0x0433, 0x0433, -32},
    {0x0434, 0x0434, 6221}, {0x0435, 0x043D, -32}, {0x043E, 0x043E, 6212}, {0x043F, 0x0440, -32},
    {0x0441, 0x0442, 6210}, {0x0443, 0x0449, -32}, {0x044A, 0x044A, 6204}, {0x044B, 0x044F, -32},
    {0x0450, 0x045F, -80}, {0x0460, 0x0462, kEvenOdd}, {0x0463, 0x0463, 6180}, {0x0464, 0x0481, kEvenOdd},
    {0x048A, 0x04BF, kEvenOdd}, {0x04C0, 0x04C0, 15}, {0x04C1, 0x04CE, kOddEven}, {0x04CF, 0x04CF, -15},
    {0x04D0, 0x052F, kEvenOdd}, {0x0531, 0x0556, 48}, {0x0561, 0x0586, -48}, {0x10A0, 0x10C5, 7264},
    {0x10C7, 0x10C7, 7264}, {0x10CD, 0x10CD, 7264}, {0x10D0, 0x10FA, 3008}, {0x10FD, 0x10FF, 3008},
    {0x13A0, 0x13EF, 38864}, {0x13F0, 0x13F5, 8}, {0x13F8, 0x13FD, -8}, {0x1C80, 0x1C80, -6254},
    {0x1C81, 0x1C81, -6253}, {0x1C82, 0x1C82, -6244}, {0x1C83, 0x1C83, -6242}, {0x1C84, 0x1C84, 1},
    {0x1C85, 0x1C85, -6243}, {0x1C86, 0x1C86, -6236}, {0x1C87, 0x1C87, -6181}, {0x1C88, 0x1C88, 35266},
    {0x1C90, 0x1CBA, -3008}, {0x1CBD, 0x1CBF, -3008}, {0x1D79, 0x1D79, 35332}, {0x1D7D, 0x1D7D, 3814},
    {0x1D8E, 0x1D8E, 35384}, {0x1E00, 0x1E60, kEvenOdd}, {0x1E61, 0x1E61, 58}, {0x1E62, 0x1E95, kEvenOdd},
    {0x1E9B, 0x1E9B, -59}, {0x1E9E, 0x1E9E, -7615}, {0x1EA0, 0x1EFF, kEvenOdd}, {0x1F00, 0x1F07, 8},
    {0x1F08, 0x1F0F, -8}, {0x1F10, 0x1F15, 8}, {0x1F18, 0x1F1D, -8}, {0x1F20, 0x1F27, 8}, {0x1F28, 0x1F2F, -8},
    {0x1F30, 0x1F37, 8}, {0x1F38, 0x1F3F, -8}, {0x1F40, 0x1F45, 8}, {0x1F48, 0x1F4D, -8}, {0x1F51, 0x1F51, 8},
    {0x1F53, 0x1F53, 8}, {0x1F55, 0x1F55, 8}, {0x1F57, 0x1F57, 8}, {0x1F59, 0x1F59, -8}, {0x1F5B, 0x1F5B, -8},
    {0x1F5D, 0x1F5D, -8}, {0x1F5F, 0x1F5F, -8}, {0x1F60, 0x1F67, 8}, {0x1F68, 0x1F6F, -8}, {0x1F70, 0x1F71, 74},
    {0x1F72, 0x1F75, 86}, {0x1F76, 0x1F77, 100}, {0x1F78, 0x1F79, 128}, {0x1F7A, 0x1F7B, 112}, {0x1F7C, 0x1F7D, 126},
    {0x1F80, 0x1F87, 8}, {0x1F88, 0x1F8F, -8}, {0x1F90, 0x1F97, 8}, {0x1F98, 0x1F9F, -8}, {0x1FA0, 0x1FA7, 8},
    {0x1FA8, 0x1FAF, -8}, {0x1FB0, 0x1FB1, 8}, {0x1FB3, 0x1FB3, 9}, {0x1FB8, 0x1FB9, -8}, {0x1FBA, 0x1FBB, -74},
    {0x1FBC, 0x1FBC, -9}, {0x1FBE, 0x1FBE, -7289}, {0x1FC3, 0x1FC3, 9}, {0x1FC8, 0x1FCB, -86}, {0x1FCC, 0x1FCC, -9},
    {0x1FD0, 0x1FD1, 8}, {0x1FD3, 0x1FD3, -7235}, {0x1FD8, 0x1FD9, -8}, {0x1FDA, 0x1FDB, -100}, {0x1FE0, 0x1FE1, 8},
    {0x1FE3, 0x1FE3, -7219}, {0x1FE5, 0x1FE5, 7}, {0x1FE8, 0x1FE9, -8}, {0x1FEA, 0x1FEB, -112}, {0x1FEC, 0x1FEC, -7},
    {0x1FF3, 0x1FF3, 9}, {0x1FF8, 0x1FF9, -128}, {0x1FFA, 0x1FFB, -126}, {0x1FFC, 0x1FFC, -9},
    {0x2126, 0x2126, -7549}, {0x212A, 0x212A, -8415}, {0x212B, 0x212B, -8294}, {0x2132, 0x2132, 28},
    {0x214E, 0x214E, -28}, {0x2160, 0x216F, 16}, {0x2170, 0x217F, -16}, {0x2183, 0x2184, kOddEven},
    {0x24B6, 0x24CF, 26}, {0x24D0, 0x24E9, -26}, {0x2C00, 0x2C2F, 48}, {0x2C30, 0x2C5F, -48},
    {0x2C60, 0x2C61, kEvenOdd}, {0x2C62, 0x2C62, -10743}, {0x2C63, 0x2C63, -3814}, {0x2C64, 0x2C64, -10727},
    {0x2C65, 0x2C65, -10795}, {0x2C66, 0x2C66, -10792}, {0x2C67, 0x2C6C, kOddEven}, {0x2C6D, 0x2C6D, -10780},
    {0x2C6E, 0x2C6E, -10749}, {0x2C6F, 0x2C6F, -10783}, {0x2C70, 0x2C70, -10782}, {0x2C72, 0x2C73, kEvenOdd},
    {0x2C75, 0x2C76, kOddEven}, {0x2C7E, 0x2C7F, -10815}, {0x2C80, 0x2CE3, kEvenOdd}, {0x2CEB, 0x2CEE, kOddEven},
    {0x2CF2, 0x2CF3, kEvenOdd}, {0x2D00, 0x2D25, -7264}, {0x2D27, 0x2D27, -7264}, {0x2D2D, 0x2D2D, -7264},
    {0xA640, 0xA64A, kEvenOdd}, {0xA64B, 0xA64B, -35267}, {0xA64C, 0xA66D, kEvenOdd}, {0xA680, 0xA69B, kEvenOdd},
    {0xA722, 0xA72F, kEvenOdd}, {0xA732, 0xA76F, kEvenOdd}, {0xA779, 0xA77C, kOddEven}, {0xA77D, 0xA77D, -35332},
    {0xA77E, 0xA787, kEvenOdd}, {0xA78B, 0xA78C, kOddEven}, {0xA78D, 0xA78D, -42280}, {0xA790, 0xA793, kEvenOdd},
    {0xA794, 0xA794, 48}, {0xA796, 0xA7A9, kEvenOdd}, {0xA7AA, 0xA7AA, -42308}, {0xA7AB, 0xA7AB, -42319},
    {0xA7AC, 0xA7AC, -42315}, {0xA7AD, 0xA7AD, -42305}, {0xA7AE, 0xA7AE, -42308}, {0xA7B0, 0xA7B0, -42258},
    {0xA7B1, 0xA7B1, -42282}, {0xA7B2, 0xA7B2, -42261}, {0xA7B3, 0xA7B3, 928}, {0xA7B4, 0xA7C3, kEvenOdd},
    {0xA7C4, 0xA7C4, -48}, {0xA7C5, 0xA7C5, -42307}, {0xA7C6, 0xA7C6, -35384}, {0xA7C7, 0xA7CA, kOddEven},
    {0xA7D0, 0xA7D1, kEvenOdd}, {0xA7D6, 0xA7D9, kEvenOdd}, {0xA7F5, 0xA7F6, kOddEven}, {0xAB53, 0xAB53, -928},
    {0xAB70, 0xABBF, -38864}, {0xFB05, 0xFB06, kOddEven}, {0xFF21, 0xFF3A, 32}, {0xFF41, 0xFF5A, -32},
    {0x10400, 0x10427, 40}, {0x10428, 0x1044F, -40}, {0x104B0, 0x104D3, 40}, {0x104D8, 0x104FB, -40},
    {0x10570, 0x1057A, 39}, {0x1057C, 0x1058A, 39}, {0x1058C, 0x10592, 39}, {0x10594, 0x10595, 39},
    {0x10597, 0x105A1, -39}, {0x105A3, 0x105B1, -39}, {0x105B3, 0x105B9, -39}, {0x105BB, 0x105BC, -39},
    {0x10C80, 0x10CB2, 64}, {0x10CC0, 0x10CF2, -64}, {0x118A0, 0x118BF, 32}, {0x118C0, 0x118DF, -32},
    {0x16E40, 0x16E5F, 32}, {0x16E60, 0x16E7F, -32}, {0x1E900, 0x1E921, 34}, {0x1E922, 0x1E943, -34},
};

/// The run that holds c, or nullptr.
const FoldRun* fold_run(int32_t c) {
  const auto* end = std::end(kFoldRuns);
  const auto* run = std::lower_bound(std::begin(kFoldRuns), end, c, [](const FoldRun& r, int32_t v) { return r.hi < v; });
  return run != end && run->lo <= c ? run : nullptr;
}

/// The next member of c's orbit (c itself when it has no other case).
int32_t next_in_orbit(int32_t c) {
  const FoldRun* run = fold_run(c);
  if (!run) return c;
  if (run->delta == kEvenOdd) return c % 2 == 0 ? c + 1 : c - 1;
  if (run->delta == kOddEven) return c % 2 != 0 ? c + 1 : c - 1;
  return c + run->delta;
}

/// `r` together with every case variant of its members.
Ranges fold_case(Ranges r) {
  Ranges extra;
  for (const auto& [lo, hi] : r) {
    // Only code points in the table have other cases: walk the runs that overlap [lo, hi].
    const auto* run = std::lower_bound(std::begin(kFoldRuns), std::end(kFoldRuns), lo,
                                       [](const FoldRun& f, int32_t v) { return f.hi < v; });
    for (; run != std::end(kFoldRuns) && run->lo <= hi; ++run)
      for (int32_t c = std::max(lo, run->lo); c <= std::min(hi, run->hi); ++c)
        for (int32_t v = next_in_orbit(c); v != c; v = next_in_orbit(v)) extra.emplace_back(v, v);
  }
  r.insert(r.end(), extra.begin(), extra.end());
  normalize(r);
  return r;
}

// ---- named classes ----------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) { return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }
bool is_ascii_alnum(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
bool is_word_char(char c) { return is_ascii_alnum(c) || c == '_'; }

/// \d \s \w (ASCII, as in RE2: \s is [\t\n\f\r ], without \v).
Ranges perl_ranges(char lower) {
  switch (lower) {
    case 'd': return {{'0', '9'}};
    case 's': return {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}};
    default: return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
  }
}

/// [:name:] inside a bracket expression (ASCII, as in RE2); false for an unknown name.
bool posix_ranges(std::string_view name, Ranges& out) {
  static const std::map<std::string_view, Ranges> kClasses = {
      {"alnum", {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}},
      {"alpha", {{'A', 'Z'}, {'a', 'z'}}},
      {"ascii", {{0, 0x7F}}},
      {"blank", {{'\t', '\t'}, {' ', ' '}}},
      {"cntrl", {{0, 0x1F}, {0x7F, 0x7F}}},
      {"digit", {{'0', '9'}}},
      {"graph", {{'!', '~'}}},
      {"lower", {{'a', 'z'}}},
      {"print", {{' ', '~'}}},
      {"punct", {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}}},
      {"space", {{'\t', '\r'}, {' ', ' '}}},
      {"upper", {{'A', 'Z'}}},
      {"word", {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}},
      {"xdigit", {{'0', '9'}, {'A', 'F'}, {'a', 'f'}}},
  };
  const auto it = kClasses.find(name);
  if (it == kClasses.end()) return false;
  out = it->second;
  return true;
}

// ---- syntax tree --------------------------------------------------------------------------------

struct Node {
  enum class Kind { kEmpty, kSet, kAssert, kConcat, kAlternate, kRepeat };
  Kind kind = Kind::kEmpty;
  Ranges set;                  ///< kSet: normalized
  int64_t assertion = 0;       ///< kAssert: ref::kRegexBeginText...
  std::vector<Node> children;  ///< kConcat, kAlternate; kRepeat: the one repeated node
  int min = 0, max = 0;        ///< kRepeat; max -1: unbounded
  bool counted = false;        ///< kRepeat written as {n,m} (RE2's nesting limit applies)
};

Node set_node(Ranges set) {
  Node n;
  n.kind = Node::Kind::kSet;
  n.set = std::move(set);
  return n;
}

Node assert_node(int64_t assertion) {
  Node n;
  n.kind = Node::Kind::kAssert;
  n.assertion = assertion;
  return n;
}

/// RE2's limit on nested counted repetition: a budget of kMaxRepeat, divided by each count on the way
/// down (x{m,} counts m), must stay above zero along every path. Returns the smallest budget left.
int repeat_budget(const Node& n, int budget) {
  if (n.kind == Node::Kind::kRepeat && n.counted) {
    const int m = n.max < 0 ? n.min : n.max;
    if (m > 0) budget /= m;
  }
  int least = budget;
  for (const Node& child : n.children) least = std::min(least, repeat_budget(child, budget));
  return least;
}

// ---- parser -------------------------------------------------------------------------------------

struct Flags {
  bool fold = false;        ///< (?i)
  bool dot_nl = false;      ///< (?s): . matches \n
  bool multi_line = false;  ///< (?m): ^ and $ match at line breaks
};

class Parser {
 public:
  explicit Parser(std::string_view pattern) : p_(pattern) {}

  Node parse() {
    Node root = parse_alternation();
    if (!at_end()) fail(pos_, "unexpected )");  // only a ')' ends the top level early
    return root;
  }

 private:
  [[noreturn]] void fail(size_t at, const std::string& message) const { throw RegexError(at, message, false); }
  [[noreturn]] void unsupported(size_t at, const std::string& message) const { throw RegexError(at, message, true); }

  bool at_end() const { return pos_ >= p_.size(); }
  bool at(char c) const { return !at_end() && p_[pos_] == c; }
  bool starts_with(std::string_view s) const { return p_.substr(pos_, s.size()) == s; }
  /// The pattern's bytes [from, to), extended to whole UTF-8 sequences, for messages.
  std::string snippet(size_t from, size_t to) const {
    while (to < p_.size() && (static_cast<unsigned char>(p_[to]) & 0xC0) == 0x80) ++to;
    return std::string(p_.substr(from, to - from));
  }

  /// The code point at pos_ (the pattern must be valid UTF-8, as RE2 requires).
  int32_t next_code_point() {
    int64_t length = 0;
    const int32_t c = ref::detail::regex_decode_utf8(reinterpret_cast<const unsigned char*>(p_.data() + pos_),
                                                     static_cast<int64_t>(p_.size() - pos_), length);
    if (c < 0 || c > kMaxCodePoint) fail(pos_, "invalid UTF-8");
    pos_ += static_cast<size_t>(length);
    return c;
  }

  Node literal(int32_t c) const {
    Ranges r{{c, c}};
    return set_node(flags_.fold ? fold_case(std::move(r)) : std::move(r));
  }

  Node parse_alternation() {
    std::vector<Node> alternatives;
    alternatives.push_back(parse_concatenation());
    while (at('|')) {
      ++pos_;
      alternatives.push_back(parse_concatenation());
    }
    if (alternatives.size() == 1) return std::move(alternatives[0]);
    Node n;
    n.kind = Node::Kind::kAlternate;
    n.children = std::move(alternatives);
    return n;
  }

  Node parse_concatenation() {
    std::vector<Node> items;
    constexpr size_t kNone = std::string_view::npos;
    size_t last_repeat = kNone;  // where the previous token began, if it was a repetition operator
    while (!at_end() && !at('|') && !at(')')) {
      const size_t start = pos_;
      int min = 0, max = 0;
      bool counted = false;
      if (parse_repeat_operator(min, max, counted)) {
        const std::string op = snippet(start, pos_);
        if (items.empty()) fail(start, "missing argument to repetition operator: " + op);
        // Perl (and RE2) reject stacked operators: a** is an error, not (a*)*.
        if (last_repeat != kNone) fail(last_repeat, "bad repetition operator: " + snippet(last_repeat, pos_));
        if (counted && (min > kMaxRepeat || max > kMaxRepeat || (max != -1 && max < min)))
          fail(start, "bad repetition operator: " + op);
        Node repeat;
        repeat.kind = Node::Kind::kRepeat;
        repeat.min = min;
        repeat.max = max;
        repeat.counted = counted;
        repeat.children.push_back(std::move(items.back()));
        if (counted && (min >= 2 || max >= 2) && repeat_budget(repeat, kMaxRepeat) == 0)
          fail(start, "bad repetition operator: " + op + " (nested counts multiply to more than 1000)");
        items.back() = std::move(repeat);
        last_repeat = start;
        continue;
      }
      last_repeat = kNone;
      parse_atom(items);
    }
    if (items.size() == 1) return std::move(items[0]);
    Node n;
    n.kind = items.empty() ? Node::Kind::kEmpty : Node::Kind::kConcat;
    n.children = std::move(items);
    return n;
  }

  /// * + ? {n} {n,} {n,m}, each optionally followed by ? (lazy: the same full matches). A '{' that
  /// does not start a count is a literal, as in RE2.
  bool parse_repeat_operator(int& min, int& max, bool& counted) {
    const char c = p_[pos_];
    if (c == '*' || c == '+' || c == '?') {
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
      ++pos_;
    } else if (c == '{') {
      size_t q = pos_ + 1;
      if (!parse_count(q, min, max)) return false;
      counted = true;
      pos_ = q;
    } else {
      return false;
    }
    if (at('?')) ++pos_;
    return true;
  }

  bool parse_count(size_t& q, int& min, int& max) const {
    if (!parse_int(q, min)) return false;
    max = min;
    if (q < p_.size() && p_[q] == ',') {
      ++q;
      if (q < p_.size() && p_[q] == '}') max = -1;
      else if (!parse_int(q, max)) return false;
    }
    if (q >= p_.size() || p_[q] != '}') return false;
    ++q;
    return true;
  }

  /// A decimal count without leading zeros (RE2 treats "{01}" as literal text).
  bool parse_int(size_t& q, int& n) const {
    if (q >= p_.size() || !is_digit(p_[q])) return false;
    if (p_[q] == '0' && q + 1 < p_.size() && is_digit(p_[q + 1])) return false;
    n = 0;
    for (; q < p_.size() && is_digit(p_[q]); ++q) {
      if (n >= 100000000) return false;
      n = n * 10 + (p_[q] - '0');
    }
    return true;
  }

  /// One atom; a flag group such as (?i) adds nothing.
  void parse_atom(std::vector<Node>& items) {
    switch (p_[pos_]) {
      case '(':
        if (std::optional<Node> group = parse_group()) items.push_back(std::move(*group));
        return;
      case '[': items.push_back(set_node(parse_class())); return;
      case '.':
        ++pos_;
        items.push_back(set_node(flags_.dot_nl ? Ranges{{0, kMaxCodePoint}} : Ranges{{0, '\n' - 1}, {'\n' + 1, kMaxCodePoint}}));
        return;
      case '^':
        ++pos_;
        items.push_back(assert_node(flags_.multi_line ? ref::kRegexBeginLine : ref::kRegexBeginText));
        return;
      case '$':
        ++pos_;
        items.push_back(assert_node(flags_.multi_line ? ref::kRegexEndLine : ref::kRegexEndText));
        return;
      case '\\': parse_escape_atom(items); return;
      default: items.push_back(literal(next_code_point())); return;
    }
  }

  /// A group, or nullopt for a flag setting "(?flags)", which lasts to the end of the enclosing group.
  std::optional<Node> parse_group() {
    const size_t start = pos_++;
    if (++depth_ > kMaxNesting) fail(start, "expression nests too deeply");
    const Flags saved = flags_;
    if (at('?')) {
      if (starts_with("?P<") || (starts_with("?<") && !starts_with("?<=") && !starts_with("?<!"))) {
        parse_group_name(start);
      } else if (starts_with("?P")) {
        fail(start, "invalid named capture group: " + snippet(start, std::min(p_.size(), pos_ + 3)));
      } else if (!parse_flags(start)) {
        --depth_;
        return std::nullopt;
      }
    }
    Node body = parse_alternation();
    if (!at(')')) fail(start, "missing )");
    ++pos_;
    flags_ = saved;
    --depth_;
    return body;
  }

  /// (?P<name> or (?<name> ; names are checked (word characters; RE2 allows duplicates) but otherwise unused.
  void parse_group_name(size_t start) {
    pos_ += p_[pos_ + 1] == 'P' ? 3 : 2;
    const size_t close = p_.find('>', pos_);
    if (close == std::string_view::npos) fail(start, "invalid named capture group: " + snippet(start, p_.size()));
    const std::string_view name = p_.substr(pos_, close - pos_);
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
      unsupported(start, "capture group names other than ASCII word characters are not supported: " + snippet(start, close + 1));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_word_char))
      fail(start, "invalid named capture group: " + snippet(start, close + 1));
    pos_ = close + 1;
  }

  /// Flags after "(?": [imsU]*(-[imsU]+)? then ':' (true: a group follows) or ')' (false). Anything
  /// else, lookaround included, is not RE2 syntax.
  bool parse_flags(size_t start) {
    ++pos_;  // '?'
    Flags f = flags_;
    bool negated = false, saw_flag = false;
    auto bad = [&]() { fail(start, "invalid or unsupported Perl syntax: " + snippet(start, std::min(pos_, p_.size()))); };
    while (true) {
      if (at_end()) fail(start, "missing )");
      const char c = p_[pos_++];
      switch (c) {
        case 'i': f.fold = !negated; saw_flag = true; break;
        case 's': f.dot_nl = !negated; saw_flag = true; break;
        case 'm': f.multi_line = !negated; saw_flag = true; break;
        case 'U': saw_flag = true; break;  // ungreedy: the same full matches
        case '-':
          if (negated) bad();
          negated = true;
          saw_flag = false;
          break;
        case ':':
        case ')':
          if (negated && !saw_flag) bad();
          flags_ = f;
          return c == ':';
        default: bad();
      }
    }
  }

  /// An escape outside brackets: an assertion, \Q...\E, a Perl class or one code point.
  void parse_escape_atom(std::vector<Node>& items) {
    const size_t start = pos_;
    if (pos_ + 1 >= p_.size()) fail(start, "trailing \\");
    const char e = p_[pos_ + 1];
    switch (e) {
      case 'A': pos_ += 2; items.push_back(assert_node(ref::kRegexBeginText)); return;
      case 'z': pos_ += 2; items.push_back(assert_node(ref::kRegexEndText)); return;
      case 'b': pos_ += 2; items.push_back(assert_node(ref::kRegexWordBoundary)); return;
      case 'B': pos_ += 2; items.push_back(assert_node(ref::kRegexNotWordBoundary)); return;
      case 'Q':  // literal text up to \E or the end
        pos_ += 2;
        while (!at_end() && !starts_with("\\E")) items.push_back(literal(next_code_point()));
        if (!at_end()) pos_ += 2;
        return;
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        pos_ += 2;
        items.push_back(set_node(perl_class(e)));
        return;
      default: items.push_back(literal(parse_escape())); return;
    }
  }

  /// \d \D \s \S \w \W; under (?i) the positive class is folded before negation, as in RE2.
  Ranges perl_class(char e) const {
    const bool negated = e >= 'A' && e <= 'Z';
    Ranges r = perl_ranges(static_cast<char>(e | 0x20));
    if (flags_.fold) r = fold_case(std::move(r));
    return negated ? complement(r) : r;
  }

  /// An escape that stands for one code point (pos_ at the backslash): octal, \x, control letters,
  /// escaped punctuation. \1..\9 alone would be backreferences, which RE2 does not have.
  int32_t parse_escape() {
    const size_t start = pos_++;
    if (at_end()) fail(start, "trailing \\");
    auto bad = [&]() { bad_escape(start); };
    if (is_unsupported_escape(p_[pos_])) unsupported(start, unsupported_escape_message(p_[pos_]));
    const char e = p_[pos_];
    if (e >= '1' && e <= '7' && !(pos_ + 1 < p_.size() && is_octal(p_[pos_ + 1]))) bad();
    if (is_octal(e)) {  // up to three octal digits
      int32_t v = 0;
      for (int k = 0; k < 3 && at_end() == false && is_octal(p_[pos_]); ++k) v = v * 8 + (p_[pos_++] - '0');
      return v;
    }
    if (e == 'x') {
      ++pos_;
      int32_t v = 0;
      if (at('{')) {  // \x{h...}: any number of hex digits up to U+10FFFF
        ++pos_;
        int digits = 0;
        for (; !at_end() && is_hex(p_[pos_]); ++pos_, ++digits) {
          v = v * 16 + hex_value(p_[pos_]);
          if (v > kMaxCodePoint) bad();
        }
        if (!at('}') || digits == 0) bad();
        ++pos_;
        return v;
      }
      for (int k = 0; k < 2; ++k, ++pos_) {  // \xhh: exactly two
        if (at_end() || !is_hex(p_[pos_])) bad();
        v = v * 16 + hex_value(p_[pos_]);
      }
      return v;
    }
    switch (e) {
      case 'a': ++pos_; return 7;
      case 'f': ++pos_; return '\f';
      case 'n': ++pos_; return '\n';
      case 'r': ++pos_; return '\r';
      case 't': ++pos_; return '\t';
      case 'v': ++pos_; return '\v';
      default: break;
    }
    // Escaped ASCII punctuation stands for itself (so does \_, which RE2 accepts); letters, digits
    // and non-ASCII characters have no other meaning here.
    if (static_cast<unsigned char>(e) < 0x80 && !is_ascii_alnum(e)) {
      ++pos_;
      return static_cast<unsigned char>(e);
    }
    bad_escape(start);
  }

  /// Reports the escape that starts at `start` and ends at pos_ (inclusive).
  [[noreturn]] void bad_escape(size_t start) const {
    fail(start, "invalid escape sequence: " + snippet(start, std::min(pos_ + 1, p_.size())));
  }

  static bool is_unsupported_escape(char e) { return e == 'p' || e == 'P' || e == 'C'; }
  static std::string unsupported_escape_message(char e) {
    return e == 'C' ? "\\C (any single byte) is not supported"
                    : "Unicode character classes (\\p and \\P) are not supported";
  }

  /// A bracket expression [...] or [^...] (pos_ at '['). ']' first is a literal, '-' is a literal
  /// where it cannot form a range, and a negated class includes \n, as in RE2.
  Ranges parse_class() {
    const size_t start = pos_++;
    const bool negated = at('^');
    if (negated) ++pos_;
    Ranges set;
    for (bool first = true;; first = false) {
      if (at_end()) fail(start, "missing closing ]");
      if (at(']') && !first) break;
      if (starts_with("[:") && parse_posix_class(set)) continue;
      if (at('\\') && pos_ + 1 < p_.size()) {
        const char e = p_[pos_ + 1];
        if (e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W') {
          pos_ += 2;
          const Ranges r = perl_class(e);
          set.insert(set.end(), r.begin(), r.end());
          continue;
        }
      }
      const size_t item = pos_;
      const int32_t lo = parse_class_char();
      int32_t hi = lo;
      if (pos_ + 1 < p_.size() && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        hi = parse_class_char();
        if (hi < lo) fail(item, "invalid character class range: " + snippet(item, pos_));
      }
      Ranges r{{lo, hi}};
      if (flags_.fold) r = fold_case(std::move(r));
      set.insert(set.end(), r.begin(), r.end());
    }
    ++pos_;  // ']'
    normalize(set);
    return negated ? complement(set) : set;
  }

  int32_t parse_class_char() { return at('\\') ? parse_escape() : next_code_point(); }

  /// [:name:] or [:^name:] at pos_; false if no ":]" follows (the '[' is then a literal).
  bool parse_posix_class(Ranges& set) {
    const size_t close = p_.find(":]", pos_ + 2);
    if (close == std::string_view::npos) return false;
    std::string_view name = p_.substr(pos_ + 2, close - pos_ - 2);
    const bool negated = !name.empty() && name[0] == '^';
    if (negated) name.remove_prefix(1);
    Ranges r;
    if (!posix_ranges(name, r)) fail(pos_, "invalid character class range: " + snippet(pos_, close + 2));
    if (flags_.fold) r = fold_case(std::move(r));
    if (negated) r = complement(r);
    set.insert(set.end(), r.begin(), r.end());
    pos_ = close + 2;
    return true;
  }

  std::string_view p_;
  size_t pos_ = 0;
  Flags flags_;
  int depth_ = 0;
};

// ---- emitter ------------------------------------------------------------------------------------

class Emitter {
 public:
  Program finish(const Node& root) {
    emit(root);
    add(ref::kRegexMatch);
    Program program;
    program.instructions = static_cast<int64_t>(instructions_.size());
    const int64_t base = program.instructions * ref::kRegexInstructionWords;  // where the range tables start
    if (base + static_cast<int64_t>(tables_.size()) > kMaxProgramWords) too_large();
    for (const auto& inst : instructions_) {
      program.words.push_back(inst[0]);
      program.words.push_back(inst[0] == ref::kRegexClass ? inst[1] + base : inst[1]);
      program.words.push_back(inst[2]);
    }
    program.words.insert(program.words.end(), tables_.begin(), tables_.end());
    return program;
  }

 private:
  [[noreturn]] static void too_large() {
    throw RegexError(RegexError::kWholePattern,
                     fmt::format("the pattern needs more than {} NFA instructions or {} program words (counted "
                                 "repetitions are expanded into copies)",
                                 kMaxInstructions, kMaxProgramWords),
                     true);
  }

  int64_t here() const { return static_cast<int64_t>(instructions_.size()); }

  int64_t add(int64_t op, int64_t a = 0, int64_t b = 0) {
    if (here() >= kMaxInstructions) too_large();
    instructions_.push_back({op, a, b});
    return here() - 1;
  }

  /// The offset of `set`'s range table among the tables, adding it if it is new.
  int64_t table(const Ranges& set) {
    if (const auto it = table_of_.find(set); it != table_of_.end()) return it->second;
    const auto offset = static_cast<int64_t>(tables_.size());
    if (offset + 1 + 2 * static_cast<int64_t>(set.size()) > kMaxProgramWords) too_large();
    tables_.push_back(static_cast<int64_t>(set.size()));
    for (const auto& [lo, hi] : set) {
      tables_.push_back(lo);
      tables_.push_back(hi);
    }
    table_of_.emplace(set, offset);
    return offset;
  }

  void emit(const Node& n) {
    switch (n.kind) {
      case Node::Kind::kEmpty: return;
      case Node::Kind::kSet: {
        if (n.set.size() == 1 && n.set[0].first == n.set[0].second) {
          add(ref::kRegexChar, n.set[0].first);
          return;
        }
        // RE2 compiles a class holding all of U+0080..U+10FFFF loosely, accepting malformed 3- and
        // 4-byte sequences too; the kernel reads those as kRegexMalformedChar, just past the range.
        Ranges set = n.set;
        if (!set.empty() && set.back().first <= 0x80 && set.back().second == kMaxCodePoint)
          set.back().second = ref::kRegexMalformedChar;
        add(ref::kRegexClass, table(set));
        return;
      }
      case Node::Kind::kAssert: add(ref::kRegexAssert, n.assertion); return;
      case Node::Kind::kConcat:
        for (const Node& child : n.children) emit(child);
        return;
      case Node::Kind::kAlternate: {
        // split(first, rest); first; jump end; rest: split(second, rest')...; last; end:
        std::vector<int64_t> exits;
        for (size_t i = 0; i + 1 < n.children.size(); ++i) {
          const int64_t split = add(ref::kRegexSplit);
          instructions_[static_cast<size_t>(split)][1] = here();
          emit(n.children[i]);
          exits.push_back(add(ref::kRegexJump));
          instructions_[static_cast<size_t>(split)][2] = here();
        }
        emit(n.children.back());
        for (int64_t exit : exits) instructions_[static_cast<size_t>(exit)][1] = here();
        return;
      }
      case Node::Kind::kRepeat: emit_repeat(n.children[0], n.min, n.max); return;
    }
  }

  void emit_repeat(const Node& body, int min, int max) {
    if (max < 0 && min == 0) {  // loop: split(body, end); body; jump loop; end:
      const int64_t loop = add(ref::kRegexSplit);
      instructions_[static_cast<size_t>(loop)][1] = here();
      emit(body);
      add(ref::kRegexJump, loop);
      instructions_[static_cast<size_t>(loop)][2] = here();
      return;
    }
    if (max < 0) {  // min - 1 copies, then body; split(body, end)
      for (int k = 1; k < min; ++k) emit(body);
      const int64_t again = here();
      emit(body);
      const int64_t split = here();
      add(ref::kRegexSplit, again, split + 1);
      return;
    }
    for (int k = 0; k < min; ++k) emit(body);
    std::vector<int64_t> skips;  // each optional copy may be skipped, ending the repetition
    for (int k = min; k < max; ++k) {
      skips.push_back(add(ref::kRegexSplit));
      instructions_[static_cast<size_t>(skips.back())][1] = here();
      emit(body);
    }
    for (int64_t skip : skips) instructions_[static_cast<size_t>(skip)][2] = here();
  }

  std::vector<std::array<int64_t, 3>> instructions_;
  std::vector<int64_t> tables_;
  std::map<Ranges, int64_t> table_of_;
};

}  // namespace

Program compile(std::string_view pattern) {
  const Node root = Parser(pattern).parse();
  return Emitter().finish(root);
}

}  // namespace aotc::regex
