// SPDX-License-Identifier: Apache-2.0
// Errors the compiler reports to users. Every message names the file, node or tensor it is about.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace aotc {

/// A fatal problem with the input model or the options; the CLI prints it and exits non-zero.
class CompileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A valid construct the compiler does not implement (an op, attribute, type or feature).
class UnsupportedError : public CompileError {
 public:
  using CompileError::CompileError;
};

/// Thrown to stop work on a node whose problem has already been reported (e.g. inside its subgraph).
struct AlreadyReported {};
/// Thrown by an op that rewrote its node: inference runs again on what the node became.
struct InferAgain {};

template <typename... Args>
[[noreturn]] void unsupported(fmt::format_string<Args...> format, Args&&... args) {
  throw UnsupportedError(fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw CompileError(fmt::format(format, std::forward<Args>(args)...));
}

/// Problems collected across a whole model so that users see all of them at once.
struct Diagnostics {
  std::vector<std::string> unsupported;  ///< ops, attributes or types we do not implement
  std::vector<std::string> errors;       ///< the model itself is invalid

  bool ok() const { return unsupported.empty() && errors.empty(); }
  /// Throws a CompileError listing every problem, if there are any.
  void throw_if_any() const;
};

}  // namespace aotc
