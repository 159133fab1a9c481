// SPDX-License-Identifier: Apache-2.0
// RegexFullMatch: the RE2-syntax compiler (ops/defs/regex.h) together with the reference kernel
// (onnx_aotc/ref/regex_full_match.h), on hand-checked (pattern, input, RE2 FullMatch) cases, plus the
// op definition's inference and lowering.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <onnx_aotc/ref/regex_full_match.h>

#include "ops/defs/regex.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

using namespace std::string_literals;

/// Runs the kernel on `inputs` with the program of `pattern`.
std::vector<bool> full_match_all(std::string_view pattern, const std::vector<std::string>& inputs) {
  const regex::Program program = regex::compile(pattern);
  std::vector<onnx_aotc_string> x;
  for (const std::string& s : inputs) x.push_back({s.empty() ? nullptr : s.data(), static_cast<int64_t>(s.size())});
  const onnx_aotc::ref::RegexFullMatchParams p{static_cast<int64_t>(x.size()), program.instructions,
                                               static_cast<int64_t>(program.words.size())};
  // int64 storage: the kernel's work space holds int64 stamps first.
  std::vector<int64_t> scratch(static_cast<size_t>(onnx_aotc::ref::regex_full_match_scratch_bytes(program.instructions)) / 8 + 1);
  std::unique_ptr<bool[]> y(new bool[inputs.size() + 1]);
  onnx_aotc::ref::regex_full_match(p, x.empty() ? nullptr : x.data(), program.words.data(),
                                   reinterpret_cast<unsigned char*>(scratch.data()), y.get());
  return std::vector<bool>(y.get(), y.get() + inputs.size());
}

bool full_match(std::string_view pattern, const std::string& input) { return full_match_all(pattern, {input})[0]; }

struct Case {
  const char* pattern;
  std::string input;
  bool expected;
};

void check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    bool result = false;
    try {
      result = full_match(c.pattern, c.input);
    } catch (const regex::RegexError& e) {
      ADD_FAILURE() << "pattern '" << c.pattern << "' did not compile: " << e.what() << " at " << e.offset;
      continue;
    }
    EXPECT_EQ(result, c.expected) << "pattern '" << c.pattern << "' on '" << c.input << "'";
  }
}

/// The error a pattern gives (its message, offset and kind), or fails the test if it compiles.
struct ErrorInfo {
  std::string message;
  size_t offset = 0;
  bool unsupported = false;
};
ErrorInfo error_of(std::string_view pattern) {
  try {
    regex::compile(pattern);
  } catch (const regex::RegexError& e) {
    return {e.what(), e.offset, e.unsupported};
  }
  ADD_FAILURE() << "pattern '" << pattern << "' compiled";
  return {};
}

TEST(Regex, Literals) {
  check({
      {"abc", "abc", true},
      {"abc", "abcd", false},
      {"abc", "ab", false},
      {"abc", "xabc", false},
      {"", "", true},
      {"", "a", false},
      {"a", "", false},
      {"]", "]", true},
      {"}", "}", true},
      {"a,b", "a,b", true},
  });
}

TEST(Regex, Escapes) {
  check({
      {R"(a\.b)", "a.b", true},
      {R"(a\.b)", "axb", false},
      {R"(a\\b)", "a\\b", true},
      {R"(\t\n\r\f\v\a)", "\t\n\r\f\v\a", true},
      {R"(\x41\x{263a})", "A\u263A", true},
      {R"(\x{263A})", "\u263A", true},
      {R"(\x{1F600})", "\U0001F600", true},
      {R"(\x{0})", "\0"s, true},
      {R"(\xff)", "\u00FF", true},  // U+00FF, two bytes in UTF-8
      {R"(\xff)", "\xff", false},   // the single byte 0xFF is not UTF-8
      {R"(\101\60)", "A0", true},   // octal
      {R"(\0)", "\0"s, true},
      {R"(\08)", "\0" "8"s, true},   // at most three octal digits, '8' is not one
      {R"(\1234)", "S4", true},      // \123 = 'S'
      {R"(\_)", "_", true},
      {R"(\-\[\]\{\}\(\)\*\+\?\|\^\$\.\/\#\&\~\ )", "-[]{}()*+?|^$./#&~ ", true},
      {R"(\Qa.b*c\E)", "a.b*c", true},
      {R"(\Qa.b*c\E)", "axbbc", false},
      {R"(\Qa.b)", "a.b", true},        // \Q runs to the end without \E
      {R"(\Qab\E+)", "abbb", true},     // the operator applies to the last literal
      {R"(\Qab\E+)", "abab", false},
      {R"(a\x00b)", "a\0b"s, true},
  });
}

TEST(Regex, BracesThatAreNotCountsAreLiterals) {
  check({
      {"a{", "a{", true},
      {"a{,3}", "a{,3}", true},
      {"a{01}", "a{01}", true},  // RE2 does not take counts with leading zeros
      {"x{2", "x{2", true},
      {"x{2,3", "x{2,3", true},
      {"{abc", "{abc", true},
      {"a{x}", "a{x}", true},
  });
}

TEST(Regex, Dot) {
  check({
      {".", "a", true},
      {".", "\n", false},
      {"(?s).", "\n", true},
      {".", "", false},
      {".", "\0"s, true},
      {".", "\u00E9", true},
      {"..", "\u00E9", false},  // one code point, two bytes
      {".", "\u263A", true},
      {"...", "\u263A", false},
      {".", "\U0001F600", true},
      {"a.b", "a\0b"s, true},
  });
}

TEST(Regex, MalformedUtf8InputGetsRe2sAnswers) {
  check({
      {".", "\xff", false},
      {".*", "a\xff", false},
      {"[^a]", "\xff", false},
      {R"(\W)", "\xff", false},
      {".", "\xe2\x98", false},   // truncated sequence
      {"..", "\xe2\x98", false},  // its two bytes are two positions, neither matched
      {"..", "\xc0\x80", false},  // overlong
      {".", "\xed\xa0\x80", true},  // a surrogate is its code point to RE2
      {R"(\x{D800})", "\xed\xa0\x80", true},
      {R"([\x{800}-\x{FFFF}])", "\xed\xa0\x80", true},
      {".", "\xe0\x80\x80", true},      // overlong and past-U+10FFFF 3- and 4-byte forms match the classes
      {".", "\xf0\x80\x80\x80", true},  // RE2 compiles loosely (all of U+0080..U+10FFFF)...
      {".", "\xf4\x90\x80\x80", true},
      {"[^a]", "\xe0\x80\x80", true},
      {R"(\W)", "\xe0\x80\x80", true},
      {R"([^\x{10FFFF}])", "\xe0\x80\x80", false},  // ...and no others
      {R"([\x{80}-\x{FFFF}])", "\xe0\x80\x80", false},
      {R"(\w)", "\xe0\x80\x80", false},
      {".", "\xf5\x80\x80\x80", false},  // F5 starts no sequence
      {".", "\xe0\x80", false},
      {"a*", "a\x80", false},
      {R"(a\b.)", "a\xff", false},  // nothing consumes an invalid byte, so such strings never match
      {R"(\B.*)", "\xff", false},
  });
  // Many invalid bytes and truncated sequences at the very end must not read past the string.
  const std::string tail = "abc\xf0\x9f\x98";
  EXPECT_FALSE(full_match("abc.", tail));
  EXPECT_FALSE(full_match(".*", tail));
}

TEST(Regex, Classes) {
  check({
      {"[abc]+", "abccba", true},
      {"[abc]+", "abd", false},
      {"[a-z]+", "hello", true},
      {"[a-z]+", "Hello", false},
      {"[^a-z]", "A", true},
      {"[^a-z]", "a", false},
      {"[^a]", "\n", true},  // negated classes include \n in RE2
      {"[]a]+", "]a]", true},
      {"[^]a]", "b", true},
      {"[^]a]", "]", false},
      {"[a-]+", "a-a", true},
      {"[-a]+", "-a", true},
      {"[a-c-e]+", "b-e", true},
      {"[a-c-e]", "d", false},
      {R"([\d.]+)", "3.14", true},
      {R"([\]\\]+)", "]\\", true},
      {R"([\x41-\x43]+)", "ABC", true},
      {R"([\x41-\x43])", "D", false},
      {R"([\n])", "\n", true},
      {R"([.])", "a", false},
      {"[\u03B1-\u03C9]+", "\u03B1\u03B2\u03B3", true},
      {"[\u03B1-\u03C9]", "a", false},
      {"[\u00E9]", "\u00E9", true},
      {"[\u00E9]", "e", false},
      {"[a\u263A]+", "a\u263A\u263Aa", true},
      {R"([\x{0}-\x{10FFFF}]+)", "any\u263A\0"s, true},
      {"[[:a]", ":", true},  // no ":]": the '[' is a literal
      {"[[:a]", "[", true},
  });
}

TEST(Regex, PosixClasses) {
  check({
      {"[[:alpha:]]+", "abcXYZ", true},
      {"[[:alpha:]]", "1", false},
      {"[[:^alpha:]]", "1", true},
      {"[[:^alpha:]]", "a", false},
      {"[[:digit:][:upper:]]+", "A1B2", true},
      {"[[:alnum:]]+", "a1Z", true},
      {"[[:punct:]]+", "!/:@[`{~", true},
      {"[[:punct:]]", "a", false},
      {"[[:space:]]+", " \t\n\v\f\r", true},
      {"[[:xdigit:]]+", "09afAF", true},
      {"[[:xdigit:]]", "g", false},
      {"[[:word:]]+", "a_1", true},
      {"[[:blank:]]+", " \t", true},
      {"[[:blank:]]", "\n", false},
      {"[[:cntrl:]]", "\x7f", true},
      {"[[:ascii:]]", "\x7f", true},
      {"[[:ascii:]]", "\u00E9", false},
      {"[[:print:]]", " ", true},
      {"[[:graph:]]", " ", false},
      {"[[:lower:]]", "A", false},
      {"[[:upper:]x]+", "AxB", true},
      {"[^[:digit:]]", "5", false},
      {"[^[:digit:]]", "x", true},
  });
}

TEST(Regex, PerlClasses) {
  check({
      {R"(\d+)", "0123456789", true},
      {R"(\d)", "a", false},
      {R"(\d)", "\u0663", false},  // ARABIC-INDIC DIGIT THREE: \d is ASCII
      {R"(\D)", "a", true},
      {R"(\D)", "5", false},
      {R"(\s+)", " \t\n\f\r", true},
      {R"(\s)", "\v", false},  // RE2's \s has no \v
      {R"(\S)", "x", true},
      {R"(\S)", " ", false},
      {R"(\w+)", "abc_XYZ_019", true},
      {R"(\w)", "\u00E9", false},
      {R"(\W)", "\u00E9", true},
      {R"(\W)", "-", true},
      {R"(\W)", "_", false},
      {R"([\w-]+)", "a-b_c", true},
      {R"([\W\d]+)", "-1 2", true},
      {R"([\W\d])", "a", false},
      {R"([^\d\s]+)", "ab", true},
      {R"([^\d\s])", "1", false},
  });
}

TEST(Regex, Anchors) {
  check({
      {"^abc$", "abc", true},
      {"^abc", "abc", true},
      {"abc$", "abc", true},
      {"a^b", "ab", false},
      {"a$b", "ab", false},
      {R"(\Aabc\z)", "abc", true},
      {"abc$", "abc\n", false},  // $ is the end of text only, unlike Perl
      {R"(abc\n$)", "abc\n", true},
      {"^", "", true},
      {"$", "", true},
      {"^$", "", true},
      {"^$", "a", false},
      {R"(a$\n^b)", "a\nb", false},      // without (?m), ^ and $ are text anchors
      {R"((?m)a$\n^b)", "a\nb", true},
      {"(?m)^a$", "a", true},
      {R"((?m)\Aa$\n\z)", "a\n", true},
      {R"((?m)a\z\n)", "a\n", false},
      {"^*a", "a", true},  // RE2 allows repeating an assertion
      {"(^)*$", "", true},
      {"(^|a)+", "aaa", true},
      {"(a|^)+b", "aab", true},
      {"$a", "a", false},
      {"a*$", "aaa", true},
      {"(a$)*", "", true},
      {"(a$)*", "a", true},
      {"(a$)*", "aa", false},
  });
}

TEST(Regex, WordBoundaries) {
  check({
      {R"(\bfoo\b)", "foo", true},
      {R"(foo\b)", "foo", true},
      {R"(\bfoo)", "foo", true},
      {R"(foo\bbar)", "foobar", false},
      {R"(foo\Bbar)", "foobar", true},
      {R"(foo\b-bar)", "foo-bar", true},
      {R"(foo\B-bar)", "foo-bar", false},
      {R"(\b)", "", false},  // no word character on either side
      {R"(\B)", "", true},
      {R"(\b.\b)", "\u00E9", false},  // word characters are ASCII only
      {R"(\B.\B)", "\u00E9", true},
      {R"(\B-\B)", "-", true},
      {R"(a\b)", "a", true},
      {R"( \b)", " ", false},
      {R"(\b \b)", " ", false},
      {R"(\b_\b)", "_", true},
      {R"(\bx*\b)", "", false},
      {R"(\bx*\b)", "xx", true},
  });
}

TEST(Regex, Groups) {
  check({
      {"(?P<n>a)(?P<n>b)", "ab", true},  // RE2 allows duplicate names
      {"(abc)", "abc", true},
      {"(?:abc)+", "abcabc", true},
      {"(?:abc)+", "abcab", false},
      {R"((?P<word>\w+)-(?P<num>\d+))", "ab-12", true},
      {R"((?P<word>\w+)-(?P<num>\d+))", "ab-1x", false},
      {"(?<x>a)b", "ab", true},
      {"((a|b)(c|d))+", "acbdad", true},
      {"((a|b)(c|d))+", "acb", false},
      {"(a(b(c(d)?)?)?)?", "abc", true},
      {"(a(b(c(d)?)?)?)?", "abd", false},
      {"(a(b(c(d)?)?)?)?", "", true},
      {"(((((((((((x)))))))))))", "x", true},
      {"()", "", true},
      {"()+", "", true},
      {"()*a", "a", true},
      {"(|a)", "a", true},
      {"(|a)+", "aa", true},
      {"a|", "", true},
      {"|a", "", true},
      {"a||b", "", true},
      {"(?:)", "", true},
  });
}

TEST(Regex, Alternation) {
  check({
      {"cat|dog", "dog", true},
      {"cat|dog", "cat", true},
      {"cat|dog", "cats", false},
      {"ab|abc", "abc", true},  // the whole string must match, whichever alternative a search prefers
      {"a(b|bc)d", "abcd", true},
      {"a(b|bc)d", "abd", true},
      {"a(b|bc)d", "acd", false},
      {"x|y|z", "y", true},
      {"x|y|z", "w", false},
      {"^a|b$", "a", true},
  });
}

TEST(Regex, Quantifiers) {
  check({
      {"a*", "", true},
      {"a*", "aaaa", true},
      {"a*", "aab", false},
      {"a+", "", false},
      {"a+", "aa", true},
      {"a?", "", true},
      {"a?", "a", true},
      {"a?", "aa", false},
      {"a*?", "aaa", true},  // lazy forms accept the same strings
      {"a+?", "aaa", true},
      {"a??", "a", true},
      {"a{2,5}?", "aaa", true},
      {"a{2,}?", "aaaa", true},
      {"x*y*z*", "xxzz", true},
      {"x*y*z*", "xzy", false},
      {"(ab)*", "ababab", true},
      {"(ab)*", "ababa", false},
      {"(a*)*", "aaa", true},
      {"(a*)+", "", true},
      {"(a?)*b", "aab", true},
      {"\u263A+", "\u263A\u263A\u263A", true},  // applies to the whole code point, not its last byte
      {"\u263A+", "\u263A\x98\xba", false},
  });
}

TEST(Regex, CountedRepetition) {
  check({
      {"a{0}", "", true},
      {"a{0}", "a", false},
      {"a{0,0}", "", true},
      {"(abc){0,0}x", "x", true},
      {"(abc){0,0}x", "abcx", false},
      {"a{3}", "aaa", true},
      {"a{3}", "aa", false},
      {"a{3}", "aaaa", false},
      {"a{2,5}", "a", false},
      {"a{2,5}", "aa", true},
      {"a{2,5}", "aaa", true},
      {"a{2,5}", "aaaaa", true},
      {"a{2,5}", "aaaaaa", false},
      {"a{2,}", "a", false},
      {"a{2,}", "aa", true},
      {"a{2,}", "aaaaaaaaaa", true},
      {"a{0,}", "", true},
      {"a{1,}", "", false},
      {"a{1,1}", "a", true},
      {"a{1}", "aa", false},
      {"(ab){2}", "abab", true},
      {"(ab){2}", "ab", false},
      {"(a|bc){2,3}", "bca", true},
      {"(a|bc){2,3}", "bcbcbc", true},
      {"(a|bc){2,3}", "abcabc", false},
      {"(a{2}){3}", "aaaaaa", true},
      {"(a{2}){3}", "aaaaa", false},
      {"(a{1,2}){2}", "aaa", true},
      {"(a{1,2}){2}", "a", false},
      {"[ab]{3}c", "bacc", false},
      {"[ab]{3}c", "bac", false},
      {"[ab]{3}c", "babc", true},
  });
  EXPECT_TRUE(full_match("a{1000}", std::string(1000, 'a')));
  EXPECT_FALSE(full_match("a{1000}", std::string(999, 'a')));
  EXPECT_TRUE(full_match("(?:a{10}){100}", std::string(1000, 'a')));
  EXPECT_FALSE(full_match("(?:a{10}){100}", std::string(1001, 'a')));
  EXPECT_TRUE(full_match("(?:a{2}){500}", std::string(1000, 'a')));  // nested counts at RE2's limit
}

TEST(Regex, CaseInsensitive) {
  check({
      {"(?i)abc", "AbC", true},
      {"(?i)abc", "abd", false},
      {"(?i)[a-c]+", "ABCabc", true},
      {"(?i)[^a]", "A", false},
      {"(?i)[^a]", "b", true},
      {"(?i)[[:upper:]]", "a", true},
      {"(?i)[[:lower:]]+", "aZ", true},
      {R"((?i)\x41)", "a", true},
      {"(?i)k", "\u212A", true},  // KELVIN SIGN folds with k in RE2
      {"(?i)\u212A", "K", true},
      {"(?i)s", "\u017F", true},  // LATIN SMALL LETTER LONG S
      {R"((?i)\w)", "\u212A", true},
      {R"((?i)\W)", "\u212A", false},
      {"(?i)\u00E9", "\u00C9", true},
      {"(?i)\u00C5", "\u212B", true},  // ANGSTROM SIGN
      {"(?i)\u00FF", "\u0178", true},
      {"(?i)\u00B5", "\u039C", true},  // MICRO SIGN, GREEK CAPITAL MU
      {"(?i)\u00D7", "\u00F7", false},  // x and ÷ are not letters
      {"(?i)\u03C9", "\u03A9", true},
      {"(?i)\u03C3", "\u03C2", true},  // sigma, final sigma
      {"(?i)\u044F", "\u042F", true},  // Cyrillic ya
      {"(?i)\u0451", "\u0401", true},  // Cyrillic io
      {"(?i)\u0101", "\u0100", true},  // a macron
      {"(?i)\u0142", "\u0141", true},  // l stroke
      {"(?i)[\u0100-\u0101]", "\u0101", true},
      {"a(?i)b", "aB", true},
      {"a(?i)b", "AB", false},
      {"(?i:a)b", "Ab", true},
      {"(?i:a)b", "AB", false},
      {"(?i)a(?-i)b", "Ab", true},
      {"(?i)a(?-i)b", "AB", false},
      {"(a(?i)b)c", "aBc", true},
      {"(a(?i)b)c", "aBC", false},  // the flag ends with its group
      {"(?i)a|b", "B", true},       // and lasts across alternatives
      {"(?i)ab|cd", "CD", true},
      {"(?i)\u263A", "\u263A", true},
      // Unicode simple case folding beyond the alphabets above.
      {"(?i)\u00DF", "\u1E9E", true},             // sharp s, capital sharp s
      {"(?i)\u00DF", "SS", false},                 // no multi-character folding
      {"(?i)\u03B8", "\u03D1", true},             // theta, theta symbol
      {"(?i)\u03D1", "\u03F4", true},             // theta symbol, capital theta symbol (an orbit of four)
      {"(?i)\u01C5", "\u01C4", true},             // title case Dz
      {"(?i)\u01C5", "\u01C6", true},
      {"(?i)\u1E00", "\u1E01", true},             // alternating pairs
      {"(?i)\u24B6", "\u24D0", true},             // circled letters
      {"(?i)\u13A0", "\uAB70", true},             // Cherokee
      {"(?i)\U0001E900", "\U0001E922", true},     // Adlam
      {"(?i)\u0390", "\u1FD3", true},             // a Unicode 15 addition
      {"(?i)\u0131", "I", false},                  // no Turkic dotless/dotted i
      {"(?i)\u0130", "i", false},
      {"(?i)i", "\u0131", false},
      {"(?i)[\u0400-\u04FF]+", "\u0416\u0436\u04C1\u04C2", true},
      {"(?i)[^\u0436]", "\u0416", false},
  });
}

TEST(Regex, OtherFlags) {
  check({
      {"(?s:.)", "\n", true},
      {"(?s-s:.)", "\n", false},
      {"(?is)A.", "a\n", true},
      {"(?U)a+", "aaa", true},
      {"(?U)a+?", "aaa", true},
      {"(?sm)^.$", "\n", true},
      {"(?i-s:a.)", "A\n", false},
  });
}

TEST(Regex, OnnxConformancePatterns) {
  // test_regex_full_match_basic
  EXPECT_EQ(full_match_all(R"(www\.[\w.-]+\.\bcom\b)", {"www.google.com", "www.facebook.com", "www.bbc.co.uk"}),
            (std::vector<bool>{true, true, false}));
  // test_regex_full_match_email_domain (and _empty, which has no elements)
  const char* email = R"((\W|^)[\w.\-]{0,25}@(yahoo|gmail)\.com(\W|$))";
  EXPECT_EQ(full_match_all(email, {"account@gmail.com", "account@hotmail.com", "not email", "account2@yahoo.com"}),
            (std::vector<bool>{true, false, false, true}));
  EXPECT_EQ(full_match_all(email, std::vector<std::string>{}), std::vector<bool>{});
  check({
      {email, " a.b-c@gmail.com ", true},
      {email, "abcdefghijklmnopqrstuvwxyz@gmail.com", false},  // 26 > 25 characters before @
      {email, "abcdefghijklmnopqrstuvwxy@gmail.com", true},
      {email, "@yahoo.com", true},
      {email, "a@gmail.co", false},
      {R"(www\.[\w.-]+\.\bcom\b)", "www..com", false},
      {R"(www\.[\w.-]+\.\bcom\b)", "www.a.com", true},
  });
}

TEST(Regex, PathologicalPatternsRunInLinearTime) {
  const std::string a5000(5000, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(full_match("(a*)*b", a5000));
  EXPECT_TRUE(full_match("(a*)*b", a5000 + "b"));
  EXPECT_FALSE(full_match("(a|a)*b", a5000));
  EXPECT_FALSE(full_match("(a|aa)*c", a5000));
  EXPECT_TRUE(full_match("(a|aa)*", a5000));
  EXPECT_FALSE(full_match("(x+x+)+y", std::string(5000, 'x')));
  EXPECT_FALSE(full_match(R"((\w+\s?)*$)", std::string(2500, 'a') + " " + std::string(2500, 'b') + "!"));
  EXPECT_FALSE(full_match("(a?){50}a{50}", std::string(49, 'a')));
  EXPECT_TRUE(full_match("(a?){50}a{50}", std::string(50, 'a')));
  EXPECT_TRUE(full_match("(.*)*(.*)*(.*)*x", a5000 + "x"));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);  // a backtracking engine would take astronomically long; this takes milliseconds
}

TEST(Regex, ManyStringsShareTheWorkSpace) {
  std::vector<std::string> inputs;
  std::vector<bool> expected;
  for (int i = 0; i < 300; ++i) {
    inputs.push_back(std::string(static_cast<size_t>(i % 7), 'a') + (i % 3 == 0 ? "b" : ""));
    expected.push_back(i % 3 == 0 && i % 7 >= 2);
  }
  EXPECT_EQ(full_match_all("a{2,}b", inputs), expected);
}

TEST(Regex, EmptyAndNullStrings) {
  const regex::Program program = regex::compile("a*");
  const onnx_aotc_string x[] = {{nullptr, 0}, {"", 0}, {"aa", 2}, {nullptr, -5}};  // a negative size is read as empty
  const onnx_aotc::ref::RegexFullMatchParams p{4, program.instructions, static_cast<int64_t>(program.words.size())};
  std::vector<int64_t> scratch(static_cast<size_t>(onnx_aotc::ref::regex_full_match_scratch_bytes(program.instructions)) / 8 + 1);
  bool y[4] = {false, false, false, false};
  onnx_aotc::ref::regex_full_match(p, x, program.words.data(), reinterpret_cast<unsigned char*>(scratch.data()), y);
  EXPECT_TRUE(y[0] && y[1] && y[2] && y[3]);
  // No elements: nothing is read, nothing written.
  const onnx_aotc::ref::RegexFullMatchParams none{0, program.instructions, static_cast<int64_t>(program.words.size())};
  onnx_aotc::ref::regex_full_match(none, nullptr, program.words.data(),
                                                     reinterpret_cast<unsigned char*>(scratch.data()), nullptr);
}

TEST(Regex, ProgramsAreCompact) {
  // Identical classes share one range table: x{1000} stores \w's four ranges once.
  const regex::Program program = regex::compile(R"(\w{1000})");
  EXPECT_EQ(program.instructions, 1001);
  EXPECT_EQ(program.words.size(), 1001u * 3 + 1 + 4 * 2);
}

TEST(Regex, InvalidPatternsAreErrors) {
  struct Bad {
    const char* pattern;
    size_t offset;
    const char* message;  // a substring of the message
  };
  const std::vector<Bad> cases = {
      {"a**", 1, "bad repetition operator: **"},
      {"ab*+", 2, "bad repetition operator: *+"},
      {"a{2}{3}", 1, "bad repetition operator: {2}{3}"},
      {"a{2}*", 1, "bad repetition operator"},
      {"a*??", 1, "bad repetition operator"},
      {"*a", 0, "missing argument to repetition operator: *"},
      {"+", 0, "missing argument to repetition operator"},
      {"a|?", 2, "missing argument to repetition operator"},
      {"(*)", 1, "missing argument to repetition operator"},
      {"{2}", 0, "missing argument to repetition operator: {2}"},
      {"(?i)*", 4, "missing argument to repetition operator"},
      {"a{1001}", 1, "bad repetition operator: {1001}"},
      {"a{0,1001}", 1, "bad repetition operator"},
      {"a{5,3}", 1, "bad repetition operator: {5,3}"},
      {"(a{2}){501}", 6, "bad repetition operator"},
      {"((a{10}){10}){11}", 13, "bad repetition operator"},
      {"(abc", 0, "missing )"},
      {"a(b(c)", 1, "missing )"},
      {"abc)", 3, "unexpected )"},
      {"[abc", 0, "missing closing ]"},
      {"[]", 0, "missing closing ]"},
      {"x[^]", 1, "missing closing ]"},
      {"[z-a]", 1, "invalid character class range: z-a"},
      {"[[:foo:]]", 1, "invalid character class range: [:foo:]"},
      {"\\", 0, "trailing \\"},
      {"a\\", 1, "trailing \\"},
      {"(a)\\1", 3, "invalid escape sequence: \\1"},
      {"\\8", 0, "invalid escape sequence: \\8"},
      {"\\Z", 0, "invalid escape sequence: \\Z"},
      {"\\q", 0, "invalid escape sequence"},
      {"\\\u00E9", 0, "invalid escape sequence: \\\u00E9"},
      {"[\\b]", 1, "invalid escape sequence"},
      {"[a-\\d]", 3, "invalid escape sequence"},
      {"\\x{110000}", 0, "invalid escape sequence"},
      {"\\x{}", 0, "invalid escape sequence"},
      {"\\x{41", 0, "invalid escape sequence"},
      {"\\xg1", 0, "invalid escape sequence"},
      {"\\x4", 0, "invalid escape sequence"},
      {"(?=a)", 0, "invalid or unsupported Perl syntax: (?="},
      {"(?!a)", 0, "invalid or unsupported Perl syntax"},
      {"x(?<=a)", 1, "invalid or unsupported Perl syntax"},
      {"(?<!a)", 0, "invalid or unsupported Perl syntax"},
      {"(?x)", 0, "invalid or unsupported Perl syntax"},
      {"(?i-)", 0, "invalid or unsupported Perl syntax"},
      {"(?-)", 0, "invalid or unsupported Perl syntax"},
      {"(?i--s)", 0, "invalid or unsupported Perl syntax"},
      {"(?i", 0, "missing )"},
      {"(?P=name)", 0, "invalid named capture group"},
      {"(?P<>a)", 0, "invalid named capture group"},
      {"(?P<a-b>x)", 0, "invalid named capture group"},
      {"(?P<name", 0, "invalid named capture group"},
      {"a\xff", 1, "invalid UTF-8"},
      {"[\xc3]", 1, "invalid UTF-8"},
  };
  for (const Bad& b : cases) {
    const ErrorInfo e = error_of(b.pattern);
    EXPECT_FALSE(e.unsupported) << b.pattern;
    EXPECT_EQ(e.offset, b.offset) << b.pattern << ": " << e.message;
    EXPECT_NE(e.message.find(b.message), std::string::npos) << b.pattern << ": " << e.message;
  }
  // Nesting: RE2's depth limit is 1000.
  EXPECT_NO_THROW(regex::compile(std::string(1000, '(') + std::string(1000, ')')));
  EXPECT_NE(error_of(std::string(1001, '(') + std::string(1001, ')')).message.find("nests too deeply"), std::string::npos);
}

TEST(Regex, UnsupportedConstructsAndLimits) {
  for (const char* pattern : {"\\pL", "\\p{Greek}", "\\PL", "[\\p{L}]", "\\C", "(?P<n\u00E9>a)"}) {
    const ErrorInfo e = error_of(pattern);
    EXPECT_TRUE(e.unsupported) << pattern << ": " << e.message;
  }
  // 66 copies of a{1000}: every count is legal, but the program exceeds kMaxInstructions.
  std::string large;
  for (int i = 0; i < 66; ++i) large += "a{1000}";
  const ErrorInfo e = error_of(large);
  EXPECT_TRUE(e.unsupported);
  EXPECT_EQ(e.offset, regex::RegexError::kWholePattern);
  EXPECT_NE(e.message.find("NFA instructions"), std::string::npos) << e.message;
  std::string fits;
  for (int i = 0; i < 65; ++i) fits += "a{1000}";
  EXPECT_EQ(regex::compile(fits).instructions, 65001);
}

// ---- the op definition ----------------------------------------------------------------------------

struct OpFixture {
  Graph graph;
  Node* node = nullptr;

  explicit OpFixture(const char* pattern, DataType input_type = DataType::kString) {
    Value* x = graph.add_value("x");
    x->type = input_type;
    x->shape = {2, 2};
    x->shape_known = true;
    Value* y = graph.add_value("y");
    node = graph.add_node();
    node->name = "match";
    node->op_type = "RegexFullMatch";
    node->opset = 20;
    node->inputs = {x};
    node->outputs = {y};
    if (pattern) {
      Attribute a;
      a.kind = Attribute::Kind::kString;
      a.s = pattern;
      node->attributes["pattern"] = a;
    }
  }
};

TEST(RegexFullMatchOp, InfersBoolOfTheInputShapeAndLowersToTheKernel) {
  const OpDef* def = find_op("", "RegexFullMatch");
  ASSERT_NE(def, nullptr);
  OpFixture f(R"((\W|^)[\w.\-]{0,25}@(yahoo|gmail)\.com(\W|$))");
  OpContext ctx(*def, *f.node);
  def->infer(ctx);
  EXPECT_EQ(f.node->outputs[0]->type, DataType::kBool);
  EXPECT_EQ(f.node->outputs[0]->shape, (Shape{2, 2}));

  const KernelCall call = def->lower(ctx);
  EXPECT_EQ(call.header, "onnx_aotc/ref/regex_full_match.h");
  EXPECT_EQ(call.function, "onnx_aotc::ref::regex_full_match");
  ASSERT_EQ(call.operands.size(), 4u);
  EXPECT_TRUE(call.operands[1].is_literal);
  EXPECT_GT(call.operands[2].scratch_bytes, 0u);
  EXPECT_EQ(call.operand_types[0], "onnx_aotc_string");

  // Evaluate the call as the constant folder does (the conformance inputs).
  const std::string s[] = {"account@gmail.com", "account@hotmail.com", "not email", "account2@yahoo.com"};
  onnx_aotc_string x[4];
  for (int i = 0; i < 4; ++i) x[i] = {s[i].data(), static_cast<int64_t>(s[i].size())};
  std::vector<int64_t> scratch(call.operands[2].scratch_bytes / 8 + 1);
  bool y[4] = {};
  call.evaluate({{x}, {const_cast<int64_t*>(call.operands[1].literal.data())}, {scratch.data()}, {y}});
  EXPECT_TRUE(y[0]);
  EXPECT_FALSE(y[1]);
  EXPECT_FALSE(y[2]);
  EXPECT_TRUE(y[3]);
}

TEST(RegexFullMatchOp, ReportsBadPatternsAndInputs) {
  const OpDef* def = find_op("", "RegexFullMatch");
  ASSERT_NE(def, nullptr);
  {
    OpFixture f("ab**");
    OpContext ctx(*def, *f.node);
    try {
      def->infer(ctx);
      ADD_FAILURE() << "no error";
    } catch (const UnsupportedError& e) {
      ADD_FAILURE() << "reported as unsupported: " << e.what();
    } catch (const CompileError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("'match'"), std::string::npos) << message;
      EXPECT_NE(message.find("at byte 2: bad repetition operator: **"), std::string::npos) << message;
    }
  }
  {
    OpFixture f("\\p{Greek}");
    OpContext ctx(*def, *f.node);
    EXPECT_THROW(def->infer(ctx), UnsupportedError);
  }
  {
    OpFixture f("a", DataType::kFloat);
    OpContext ctx(*def, *f.node);
    try {
      def->infer(ctx);
      ADD_FAILURE() << "no error";
    } catch (const CompileError& e) {
      EXPECT_NE(std::string(e.what()).find("must be a string tensor"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace aotc
