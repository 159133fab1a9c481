// SPDX-License-Identifier: Apache-2.0
// collapse-views: a view of a view becomes one Reshape of the first view's input.
//
// Views (Reshape, Flatten, Squeeze, Unsqueeze, Identity...) keep the bytes and change the shape, so a chain of
// them is one Reshape from the first input to the last shape. Walking in topological order, each view whose
// input comes from another view is rewritten into a Reshape reading that view's input; the earlier view
// dies if nothing else reads it. Skipped for opsets before Reshape took its shape as an input (5) and for
// shapes with a 0 extent (Reshape would read a 0 as "copy this dim" without allowzero).
#include <algorithm>
#include <cstring>

#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

bool is_tensor_view(const Node* node) {
  if (!node || node->outputs.empty() || !node->outputs[0] || node->inputs.empty() || !node->inputs[0]) return false;
  const OpDef* def = find_op(node->domain, node->op_type);
  return def && def->traits.view && node->inputs[0]->is_tensor() && node->outputs[0]->is_tensor() &&
         node->inputs[0]->shape_known && node->outputs[0]->shape_known;
}

}  // namespace

void collapse_views(Graph& graph, Diagnostics& diags) {
  for (Node* node : graph.nodes) {
    for (Graph* body : node->subgraphs()) collapse_views(*body, diags);
    if (!is_tensor_view(node) || node->domain != "" || node->opset < 5) continue;
    const Node* producer = node->inputs[0]->producer;
    if (!is_tensor_view(producer) || std::find(graph.nodes.begin(), graph.nodes.end(), producer) == graph.nodes.end()) continue;
    if (std::count(node->outputs.begin(), node->outputs.end(), nullptr) + 1 != static_cast<long>(node->outputs.size())) continue;
    const Shape& shape = node->outputs[0]->shape;
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) continue;
    std::vector<uint8_t> bytes(shape.size() * sizeof(int64_t));
    if (!shape.empty()) std::memcpy(bytes.data(), shape.data(), bytes.size());
    Value* target = add_constant(graph, node->outputs[0]->name + "_shape", DataType::kInt64,
                                 {static_cast<int64_t>(shape.size())}, std::move(bytes));
    node->op_type = "Reshape";
    node->attributes.clear();
    node->inputs = {producer->inputs[0], target};
  }
}

}  // namespace aotc
