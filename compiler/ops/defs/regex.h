// SPDX-License-Identifier: Apache-2.0
// A compiler from RE2-syntax regular expressions to the Thompson NFA programs that
// onnx_aotc/ref/regex_full_match.h runs (the program layout is documented there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aotc::regex {

/// Largest count in {n,m}, and largest product of nested counts, as in RE2.
inline constexpr int kMaxRepeat = 1000;
/// Deepest nesting of groups, as in RE2; it also bounds the compiler's recursion.
inline constexpr int kMaxNesting = 1000;
/// Largest program: instructions (each one int64 stamp and three int32 slots of kernel work space)...
inline constexpr int64_t kMaxInstructions = int64_t{1} << 16;
/// ...and int64 words in all, range tables included (the program is emitted as a constant array).
inline constexpr int64_t kMaxProgramWords = int64_t{1} << 18;

/// Why a pattern could not be compiled. `what()` is the message without the position.
class RegexError : public std::runtime_error {
 public:
  static constexpr size_t kWholePattern = static_cast<size_t>(-1);
  RegexError(size_t offset, const std::string& message, bool unsupported)
      : std::runtime_error(message), offset(offset), unsupported(unsupported) {}
  size_t offset;     ///< byte offset in the pattern of the offending construct, or kWholePattern
  bool unsupported;  ///< valid RE2 syntax this compiler does not implement (RE2 would accept it)
};

struct Program {
  std::vector<int64_t> words;  ///< instructions, then range tables
  int64_t instructions = 0;
};

/// Compiles `pattern` (RE2 syntax, UTF-8) into a program that accepts exactly the strings the
/// whole of which match it. Throws RegexError for an invalid or unsupported pattern or one whose
/// program would exceed the limits above.
Program compile(std::string_view pattern);

}  // namespace aotc::regex
