// SPDX-License-Identifier: Apache-2.0
// The compilation pipeline from a loaded model to lowered kernel calls.
#pragma once

#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"
#include "support/diagnostics.h"

namespace aotc {

/// Infers types and shapes node by node in topological order, folding nodes whose inputs are all
/// constant with the reference kernels. Records unsupported ops, attributes and types and invalid nodes
/// in `diags` and keeps going, so that every problem of a model is reported at once.
void infer_shapes(Graph& graph, Diagnostics& diags);

/// Replaces each sequence or optional graph output by its tensors, named "name[i]" in the generated API.
void flatten_sequence_outputs(Graph& graph);

/// Removes nodes whose outputs nobody uses.
void eliminate_dead_code(Graph& graph);

/// A node with the kernel call it lowers to.
struct LoweredNode {
  const Node* node;
  KernelCall call;
  bool is_view;  ///< output 0 may alias input 0 (the planner decides)
  /// The lowered bodies of the call's region operands (If branches, Loop and Scan bodies), in operand order.
  std::vector<std::vector<LoweredNode>> regions;
};

/// Lowers every node; records what cannot be lowered in `diags`.
std::vector<LoweredNode> lower_graph(const Graph& graph, Diagnostics& diags);

}  // namespace aotc
