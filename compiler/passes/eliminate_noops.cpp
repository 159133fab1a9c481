// SPDX-License-Identifier: Apache-2.0
// eliminate-noops: drops nodes whose output 0 is their input 0 unchanged.
//
// A node is a no-op when its output has its input's type and shape and either the op is a view (Identity,
// inference Dropout, Reshape, Flatten, Squeeze, Unsqueeze: same bytes under a shape, here the same shape) or
// its OpDef's `forwards_input` says so (a Cast to the same type, a Slice of everything, zero Pad...). Its
// readers then read the input; a graph output keeps its name by having the input's producer write it.
// Nodes with other outputs in use (Dropout's mask) stay.
#include <algorithm>

#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

bool is_noop(Node& node, const std::map<const Value*, std::vector<Node*>>& users, const Graph& graph) {
  const OpDef* def = find_op(node.domain, node.op_type);
  if (!def || node.inputs.empty() || !node.inputs[0] || node.outputs.empty() || !node.outputs[0]) return false;
  if (!same_type_and_shape(*node.inputs[0], *node.outputs[0]) || !node.subgraphs().empty()) return false;
  for (size_t i = 1; i < node.outputs.size(); ++i) {
    const Value* other = node.outputs[i];
    if (other && (users.count(other) || is_graph_output(graph, other))) return false;
  }
  if (def->traits.view) return true;
  if (!def->forwards_input) return false;
  OpContext ctx(*def, node);
  try {
    return def->forwards_input(ctx);
  } catch (const CompileError&) {
    return false;  // inference accepted the node, so this does not happen; keeping the node is always safe
  }
}

}  // namespace

void eliminate_noops(Graph& graph, Diagnostics& diags) {
  // Bypassing a node moves its readers to its input; no other node's outputs gain or lose readers.
  const auto users = value_users(graph);
  for (Node* node : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : node->subgraphs()) eliminate_noops(*body, diags);
    if (is_noop(*node, users, graph)) bypass_node(graph, node, node->inputs[0], node->outputs[0]);
  }
}

}  // namespace aotc
