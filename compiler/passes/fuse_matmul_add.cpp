// SPDX-License-Identifier: Apache-2.0
// fuse-matmul-add: Y = MatMul(A, B) + C, with A [M,K], B [K,N] and C broadcasting to [M,N] without widening
// it, becomes Gemm(A, B, C): one kernel call, and the form optimized providers fuse epilogues into.
//
// Only float and double (Gemm's types that MatMul shares), only when the MatMul's result has no other reader
// and is not a graph output. Higher-rank MatMuls are left alone: Gemm is two-dimensional.
#include <algorithm>

#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

bool is_op(const Node* node, const char* op) { return node && node->domain.empty() && node->op_type == op; }

}  // namespace

void fuse_matmul_add(Graph& graph, Diagnostics& diags) {
  auto users = value_users(graph);
  bool changed = false;
  for (Node* add : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : add->subgraphs()) fuse_matmul_add(*body, diags);
    if (!is_op(add, "Add") || add->inputs.size() != 2 || !add->inputs[0] || !add->inputs[1] || !add->outputs[0] || add->opset < 7)
      continue;
    for (size_t side = 0; side < 2; ++side) {
      Value* product = add->inputs[side];
      Value* bias = add->inputs[1 - side];
      Node* matmul = product->producer;
      if (!is_op(matmul, "MatMul") || matmul->inputs.size() != 2 || product == bias) continue;
      const Value* a = matmul->inputs[0];
      const Value* b = matmul->inputs[1];
      if (a->shape.size() != 2 || b->shape.size() != 2 || (a->type != DataType::kFloat && a->type != DataType::kDouble)) continue;
      if (bias->type != a->type || bias->shape.size() > 2 || !same_type_and_shape(*add->outputs[0], *product)) continue;
      if (users[product].size() != 1 || is_graph_output(graph, product)) continue;
      // C must broadcast unidirectionally to [M, N]: Gemm-7+ accepts [N], [1,N], [M,1], [M,N] and scalars.
      matmul->op_type = "Gemm";
      matmul->opset = add->opset;
      matmul->inputs.push_back(bias);
      matmul->outputs[0] = add->outputs[0];
      add->outputs[0]->producer = matmul;
      graph.nodes.erase(std::find(graph.nodes.begin(), graph.nodes.end(), add));
      users = value_users(graph);
      changed = true;
      break;
    }
  }
  // The Gemm sits where the MatMul was; a bias computed after that point must come first.
  if (changed) graph.sort_topologically();
}

}  // namespace aotc
