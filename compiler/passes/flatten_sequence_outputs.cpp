// SPDX-License-Identifier: Apache-2.0
// flatten-sequence-outputs: sequence and optional graph outputs become one output per tensor.
//
// Sequences exist only at compile time (see ValueKind), so a sequence output of N tensors is returned as N
// outputs "name[0]".."name[N-1]"; an optional output as zero or one.

#include "passes/pass.h"

namespace aotc {
namespace {
/// Outputs of the generated API, after flattening (each is a parameter of `run`; SECURITY.md).
constexpr size_t kMaxOutputs = 4096;
}  // namespace

void flatten_sequence_outputs(Graph& graph, Diagnostics& diags) {
  std::vector<Value*> outputs;
  std::vector<std::string> names;
  bool flattened = false;
  for (Value* v : graph.outputs) {
    if (v->is_tensor()) {
      outputs.push_back(v);
      names.push_back(v->name);
      continue;
    }
    flattened = true;
    for (size_t i = 0; i < v->elements.size(); ++i) {
      outputs.push_back(v->elements[i]);
      names.push_back(fmt::format("{}[{}]", v->name, i));
    }
  }
  if (!flattened) return;
  if (outputs.size() > kMaxOutputs) {
    diags.errors.push_back(fmt::format("the sequence outputs hold {} tensors; the generated API takes at most {} outputs",
                                       outputs.size(), kMaxOutputs));
    return;
  }
  graph.outputs = std::move(outputs);
  graph.output_names = std::move(names);
}

}  // namespace aotc
