// SPDX-License-Identifier: Apache-2.0
// fuse-gelu: the erf form of Gelu that exporters spell out, x * 0.5 * (1 + erf(x / sqrt(2))), becomes one Gelu.
//
// Matched from each Erf: its input is Div(x, sqrt 2) or Mul(x, 1/sqrt 2); then Add(., 1); then the two
// multiplications by x and by 0.5 in any of the orders PyTorch and TensorFlow write them. Every intermediate
// must have that single reader (and not be a graph output), constants must be scalars within 1e-6 of the
// expected values, and the result must have x's type and shape. The node becomes ai.onnx Gelu where the
// model's opset has it (20), else com.onnx_aotc.Gelu (same semantics, docs/fused-ops.md).
#include <cmath>

#include "ops/defs/epilogue.h"
#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

using Users = ValueUsers;

bool is_scalar(const Value* v, double expected) {
  const auto c = scalar_constant(v);
  return c && close_to(*c, expected);
}

/// x when `erf_in` is x / sqrt(2) or x * (1 / sqrt(2)).
Value* scaled_input(const Graph& graph, const Value* erf_in) {
  if (Node* div = producer_op(graph, erf_in, "Div"); div && div->inputs.size() == 2 && is_scalar(div->inputs[1], std::sqrt(2.0)))
    return div->inputs[0];
  if (Node* mul = producer_op(graph, erf_in, "Mul"); mul && mul->inputs.size() == 2) {
    if (is_scalar(mul->inputs[1], std::sqrt(0.5))) return mul->inputs[0];
    if (is_scalar(mul->inputs[0], std::sqrt(0.5))) return mul->inputs[1];
  }
  return nullptr;
}

/// The node computing x * 0.5 * a, given a = 1 + erf(...), or nullptr.
Node* gelu_output(const Graph& graph, const Users& users, Value* x, Value* a) {
  Node* first = only_reader_op(graph, users, a, "Mul");
  if (!first) return nullptr;
  Value* other = other_operand(*first, a);
  if (other == x) {  // (x * a) * 0.5
    Node* second = only_reader_op(graph, users, first->outputs[0], "Mul");
    return second && is_scalar(other_operand(*second, first->outputs[0]), 0.5) ? second : nullptr;
  }
  if (is_scalar(other, 0.5)) {  // (a * 0.5) * x
    Node* second = only_reader_op(graph, users, first->outputs[0], "Mul");
    return second && other_operand(*second, first->outputs[0]) == x ? second : nullptr;
  }
  if (Node* half = producer_op(graph, other, "Mul"); half && half->inputs.size() == 2) {  // (x * 0.5) * a
    if (only_reader(graph, users, other) == first && other_operand(*half, x) != x && is_scalar(other_operand(*half, x), 0.5) &&
        (half->inputs[0] == x || half->inputs[1] == x))
      return first;
  }
  return nullptr;
}

}  // namespace

void fuse_gelu(Graph& graph, Diagnostics& diags) {
  const Users users = value_users(graph);
  bool fused = false;
  for (Node* erf : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : erf->subgraphs()) fuse_gelu(*body, diags);
    if (!erf->domain.empty() || erf->op_type != "Erf" || erf->inputs.empty() || !erf->outputs[0]) continue;
    Value* x = scaled_input(graph, erf->inputs[0]);
    if (!x || !x->shape_known) continue;
    if (only_reader(graph, users, erf->inputs[0]) != erf) continue;
    Node* add = only_reader_op(graph, users, erf->outputs[0], "Add");
    if (!add || !is_scalar(other_operand(*add, erf->outputs[0]), 1.0)) continue;
    Node* out = gelu_output(graph, users, x, add->outputs[0]);
    if (!out || !same_type_and_shape(*out->outputs[0], *x)) continue;
    const int opset = out->opset;
    out->domain = opset >= 20 ? "" : kFusedDomain;
    out->opset = opset >= 20 ? opset : 1;
    out->op_type = "Gelu";
    out->inputs = {x};
    out->attributes.clear();
    fused = true;
  }
  // The bypassed Div/Erf/Add/Mul nodes have no readers left; dropping them now keeps --print-after honest.
  if (fused) eliminate_dead_code(graph, diags);
}

}  // namespace aotc
