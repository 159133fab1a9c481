// SPDX-License-Identifier: Apache-2.0
// eliminate-common-subexpressions: nodes that apply the same op, with the same attributes, to the same
// inputs compute the same outputs; later ones are dropped and their readers read the first one's outputs.
//
// Run after share-constants, so that equal constants are the same value. Nodes with subgraphs are left
// alone, as is a duplicate whose outputs are graph outputs (they keep their own names in the API). Every
// op we compile is deterministic (random ops are not supported), so equal inputs mean equal outputs.
#include <map>
#include <set>
#include <tuple>

#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

bool same_attribute(const Attribute& a, const Attribute& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Attribute::Kind::kFloat: return a.f == b.f || (a.f != a.f && b.f != b.f);
    case Attribute::Kind::kInt: return a.i == b.i;
    case Attribute::Kind::kString: return a.s == b.s;
    case Attribute::Kind::kFloats: return a.floats == b.floats;
    case Attribute::Kind::kInts: return a.ints == b.ints;
    case Attribute::Kind::kStrings: return a.strings == b.strings;
    case Attribute::Kind::kTensor: return a.tensor == b.tensor;
    default: return false;  // graphs, lists of tensors or graphs
  }
}

bool same_computation(const Node& a, const Node& b) {
  if (a.domain != b.domain || a.op_type != b.op_type || a.opset != b.opset || a.inputs != b.inputs ||
      a.outputs.size() != b.outputs.size() || a.attributes.size() != b.attributes.size())
    return false;
  for (size_t i = 0; i < a.outputs.size(); ++i)
    if ((a.outputs[i] == nullptr) != (b.outputs[i] == nullptr)) return false;
  for (const auto& [name, attr] : a.attributes) {
    const Attribute* other = b.find_attribute(name);
    if (!other || !same_attribute(attr, *other)) return false;
  }
  return true;
}

}  // namespace

void eliminate_common_subexpressions(Graph& graph, Diagnostics& diags) {
  // Candidates are bucketed by op and first input, so each node is compared with few others. Readers of a
  // dropped node's outputs are redirected through one map as the walk reaches them (the order is
  // topological), and subgraph bodies at the end: linear in the graph's size.
  std::map<std::tuple<std::string, std::string, const Value*>, std::vector<Node*>> seen;
  std::map<const Value*, Value*> replacement;
  const std::set<const Value*> graph_outputs(graph.outputs.begin(), graph.outputs.end());
  std::vector<Node*> kept;
  for (Node* node : graph.nodes) {
    for (Value*& in : node->inputs)
      if (auto it = in ? replacement.find(in) : replacement.end(); it != replacement.end()) in = it->second;
    for (Graph* body : node->subgraphs()) {
      remap_uses(*body, replacement);
      eliminate_common_subexpressions(*body, diags);
    }
    Node* first = nullptr;
    const bool candidate = node->subgraphs().empty();
    auto& bucket = seen[{node->domain, node->op_type, node->inputs.empty() ? nullptr : node->inputs[0]}];
    if (candidate)
      for (Node* earlier : bucket)
        if (same_computation(*earlier, *node)) first = earlier;
    bool outputs_free = true;
    for (const Value* out : node->outputs) outputs_free = outputs_free && !(out && graph_outputs.count(out));
    if (!first || !outputs_free) {
      if (candidate) bucket.push_back(node);
      kept.push_back(node);
      continue;
    }
    for (size_t i = 0; i < node->outputs.size(); ++i)
      if (node->outputs[i]) replacement[node->outputs[i]] = first->outputs[i];
  }
  graph.nodes = std::move(kept);
}

}  // namespace aotc
