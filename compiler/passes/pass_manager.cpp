// SPDX-License-Identifier: Apache-2.0
// The pass pipeline: which passes run at each -O level, in which order, and printing after them.
//
// -O0 runs only what the rest of the compiler needs (inference with folding, sequence outputs, dead code);
// -O1 adds the cleanups; -O2 (the default) adds the fusions. Each pass runs once, in the order below:
// cleanups first, so that fusions see canonical patterns, and dead code last, to drop what they bypassed.
#include <algorithm>

#include <fmt/format.h>

#include "passes/pass.h"

namespace aotc {

const std::vector<PassInfo>& pipeline() {
  static const std::vector<PassInfo> passes{
      {"infer-shapes", "infer types and shapes, folding constant nodes", 0, infer_shapes},
      {"flatten-sequence-outputs", "return sequence outputs as one output per tensor", 0, flatten_sequence_outputs},
      {"collapse-views", "turn chains of Reshape/Flatten/Squeeze/Unsqueeze into one Reshape", 1, collapse_views},
      {"eliminate-noops", "drop nodes that return their input unchanged", 1, eliminate_noops},
      {"share-constants", "merge identical constants", 1, share_constants},
      {"eliminate-common-subexpressions", "merge nodes that compute the same thing", 1, eliminate_common_subexpressions},
      {"fold-conv-affine", "fold BatchNormalization, Mul and Add by per-channel constants into Conv", 2, fold_conv_affine},
      {"fuse-matmul-add", "a 2-D MatMul plus a bias becomes Gemm", 2, fuse_matmul_add},
      {"fuse-layer-norm", "decomposed layer normalization becomes one LayerNormalization", 2, fuse_layer_norm},
      {"fuse-gelu", "the erf form of Gelu spelled out in primitives becomes one Gelu", 2, fuse_gelu},
      {"fuse-attention", "MatMul, scale, mask, Softmax, MatMul become one Attention", 2, fuse_attention},
      {"fuse-epilogues", "Conv/Gemm + residual Add + activation become one FusedConv/FusedGemm call", 2, fuse_epilogues},
      {"eliminate-dead-code", "remove nodes whose outputs are unused", 0, eliminate_dead_code},
  };
  return passes;
}

void check_pass_names(const PipelineOptions& options) {
  auto known = [](const std::string& name) {
    return std::any_of(pipeline().begin(), pipeline().end(), [&](const PassInfo& p) { return p.name == name; });
  };
  std::vector<std::string> unknown;
  for (const std::string& name : options.passes)
    if (!known(name)) unknown.push_back(name);
  for (const std::string& name : options.print_after)
    if (name != "all" && !known(name)) unknown.push_back(name);
  if (unknown.empty()) return;
  std::vector<std::string_view> names;
  for (const PassInfo& p : pipeline()) names.push_back(p.name);
  throw CompileError(fmt::format("unknown pass '{}'; the passes are: {}", fmt::join(unknown, "', '"), fmt::join(names, ", ")));
}

void run_pipeline(Graph& graph, Diagnostics& diags, const PipelineOptions& options) {
  check_pass_names(options);
  auto listed = [](const std::vector<std::string>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (const PassInfo& pass : pipeline()) {
    const bool selected = pass.level == 0 || (options.passes.empty() ? pass.level <= options.opt_level : listed(options.passes, pass.name));
    if (!selected) continue;
    // Passes assume a fully inferred graph: a model with problems only gets them reported.
    if (!diags.ok()) return;
    pass.run(graph, diags);
    if (options.print && (listed(options.print_after, "all") || listed(options.print_after, pass.name))) options.print(pass.name, graph);
  }
}

}  // namespace aotc
