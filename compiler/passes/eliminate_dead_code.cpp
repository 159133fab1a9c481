// SPDX-License-Identifier: Apache-2.0
// eliminate-dead-code: removes nodes whose outputs nobody uses.
//
// One backward walk over the topological order marks the values the graph outputs need (a node's inputs and
// the outer values its subgraphs capture); subgraph bodies are cleaned the same way.
#include <algorithm>
#include <set>

#include "passes/pass.h"

namespace aotc {

void eliminate_dead_code(Graph& graph, Diagnostics& diags) {
  std::set<const Value*> needed(graph.outputs.begin(), graph.outputs.end());
  std::vector<Node*> kept;
  for (auto it = graph.nodes.rbegin(); it != graph.nodes.rend(); ++it) {
    Node* node = *it;
    const bool used = std::any_of(node->outputs.begin(), node->outputs.end(), [&](const Value* v) { return v && needed.count(v); });
    if (!used) continue;
    kept.push_back(node);
    for (Graph* body : node->subgraphs()) eliminate_dead_code(*body, diags);
    for (const Value* in : node->inputs) needed.insert(in);
    for (const Value* in : node->captures()) needed.insert(in);
  }
  graph.nodes.assign(kept.rbegin(), kept.rend());
  graph.erase_unreferenced();
}

}  // namespace aotc
