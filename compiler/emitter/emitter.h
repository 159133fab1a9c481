// SPDX-License-Identifier: Apache-2.0
// Emits a planned, lowered graph as C++ sources: header, source, weights.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "planner/memory_planner.h"

namespace aotc {

enum class WeightsMode { kEmbed, kIncbin, kFile };

struct EmitOptions {
  std::string name;        ///< C identifier; namespace and file prefix
  std::string model_file;  ///< base name of the model, for the banner (no directories: determinism)
  WeightsMode weights = WeightsMode::kEmbed;
};

struct EmittedFile {
  std::string name;  ///< file name without directory
  std::string content;
};

/// Emits `<name>.h`, `<name>.cpp` and the weights (`<name>_weights.cpp`, or `.S` + `.bin`, or `.bin`).
std::vector<EmittedFile> emit_model(const Graph& graph, const std::vector<LoweredNode>& nodes, const MemoryPlan& plan,
                                    const EmitOptions& options);

/// A `main` for `onnx-aotc run`: reads raw inputs, runs, writes raw outputs.
EmittedFile emit_run_main(const EmitOptions& options);

/// Turns any string into a C identifier that is not a C/C++ keyword and not in `taken`; adds it to `taken`.
/// Identifiers handed out so far (make_identifier keeps them unique).
struct IdentifierSet {
  std::set<std::string> used;
  std::map<std::string, int> next_suffix;  ///< per base identifier, the next "_N" to try
};
std::string make_identifier(const std::string& name, IdentifierSet& taken);

/// Escapes a string for a C++ string literal (printable ASCII kept; everything else as octal escapes).
std::string escape_string_literal(const std::string& s);

/// Makes a string safe inside a // comment: no newlines, no control characters, no trailing backslash.
std::string comment_safe(const std::string& s);

}  // namespace aotc
