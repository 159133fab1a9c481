// SPDX-License-Identifier: Apache-2.0
// The compilation pipeline: graph-to-graph passes (one per file, each with a flag), then lowering.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"
#include "ops/op_def.h"
#include "support/diagnostics.h"

namespace aotc {

// ---- passes, in pipeline order (see pipeline() for their flags and levels) ----------------------

/// Infers types and shapes node by node in topological order, folding nodes whose inputs are all
/// constant with the reference kernels. Records unsupported ops, attributes and types and invalid nodes
/// in `diags` and keeps going, so that every problem of a model is reported at once.
void infer_shapes(Graph& graph, Diagnostics& diags);
/// Replaces each sequence or optional graph output by its tensors, named "name[i]" in the generated API.
void flatten_sequence_outputs(Graph& graph, Diagnostics& diags);
/// A view of a view (Reshape, Flatten, Squeeze, Unsqueeze chains) becomes one Reshape of the first input.
void collapse_views(Graph& graph, Diagnostics& diags);
/// Drops nodes whose output 0 is their input 0 unchanged (Identity, inference Dropout, a Cast to the same
/// type, a Reshape to the same shape...).
void eliminate_noops(Graph& graph, Diagnostics& diags);
/// Merges constants with the same type, shape and bytes.
void share_constants(Graph& graph, Diagnostics& diags);
/// Merges nodes that compute the same op with the same attributes on the same inputs.
void eliminate_common_subexpressions(Graph& graph, Diagnostics& diags);
/// Folds per-channel BatchNormalization, Mul and Add after a Conv into its weights and bias.
void fold_conv_affine(Graph& graph, Diagnostics& diags);
/// A MatMul of two matrices followed by a bias Add that does not widen it becomes one Gemm.
void fuse_matmul_add(Graph& graph, Diagnostics& diags);
/// Layer normalization spelled out in primitives (ReduceMean, Sub, Pow, Sqrt, Div...) becomes LayerNormalization.
void fuse_layer_norm(Graph& graph, Diagnostics& diags);
/// x * 0.5 * (1 + erf(x / sqrt(2))) spelled out in primitives becomes Gelu.
void fuse_gelu(Graph& graph, Diagnostics& diags);
/// Scaled dot-product attention spelled out (MatMul, Div, Add mask, Softmax, MatMul) becomes Attention.
void fuse_attention(Graph& graph, Diagnostics& diags);
/// A Conv or Gemm with the residual Add and the activation after it becomes one FusedConv / FusedGemm.
void fuse_epilogues(Graph& graph, Diagnostics& diags);
/// Removes nodes whose outputs nobody uses.
void eliminate_dead_code(Graph& graph, Diagnostics& diags);

/// One registered pass: `name` is its flag (--passes, --print-after) and the name of its file and lit test.
struct PassInfo {
  std::string_view name;
  std::string_view description;
  int level;  ///< lowest -O level that runs it; 0: always runs (the rest of the compiler relies on it)
  void (*run)(Graph&, Diagnostics&);
};

/// Every pass, in the order the pipeline runs them.
const std::vector<PassInfo>& pipeline();

struct PipelineOptions {
  int opt_level = 2;
  /// Non-empty: run exactly these optional passes (in pipeline order) instead of the level's.
  std::vector<std::string> passes;
  /// Pass names after which `print` is called; "all" for every pass.
  std::vector<std::string> print_after;
  std::function<void(std::string_view pass, const Graph& graph)> print;
};

/// Throws CompileError naming an unknown pass (with the list of known ones).
void check_pass_names(const PipelineOptions& options);

/// Runs the pipeline. Stops at the first pass that reports a problem (the graph may then hold nodes without
/// shapes, which no later pass should see).
void run_pipeline(Graph& graph, Diagnostics& diags, const PipelineOptions& options);

// ---- lowering ------------------------------------------------------------------------------------

/// A node with the kernel call it lowers to.
struct LoweredNode {
  const Node* node;
  KernelCall call;
  bool is_view;  ///< output 0 may alias input 0 (the planner decides)
  /// The lowered bodies of the call's region operands (If branches, Loop and Scan bodies), in operand order.
  std::vector<std::vector<LoweredNode>> regions;
  bool in_place = false;  ///< output 0 may share input 0's buffer when that input dies here (the planner decides)
};

/// Lowers every node for `provider`; records what cannot be lowered in `diags`.
std::vector<LoweredNode> lower_graph(const Graph& graph, Diagnostics& diags, Provider provider = Provider::kRef);

}  // namespace aotc
