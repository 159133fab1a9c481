// SPDX-License-Identifier: Apache-2.0
// fuse-layer-norm: layer normalization spelled out in primitive ops (TensorFlow exports, PyTorch before opset
// 17) becomes one LayerNormalization:
//   mean = ReduceMean(x, trailing axes); d = x - mean; var = ReduceMean(d^2 or d*d, same axes);
//   y = d / Sqrt(var + epsilon) [* gamma] [+ beta]
// Matched from each ReduceMean: keepdims must be 1, the axes the trailing ones, epsilon a scalar a float holds
// exactly, gamma and beta constants that broadcast to x without widening it, every intermediate read only
// inside the pattern, and x float (the fused kernel keeps its statistics in float, as the decomposed graph
// does only for float inputs). The last node becomes ai.onnx LayerNormalization where the model's opset has it
// (17), else com.onnx_aotc.LayerNormalization (docs/fused-ops.md).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "ops/defs/epilogue.h"
#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

using Users = ValueUsers;

/// Readers of `v` (a reader reading it twice counts twice); empty for a graph output.
std::vector<Node*> readers(const Graph& graph, const Users& users, const Value* v) {
  auto it = users.find(v);
  if (it == users.end() || is_graph_output(graph, v)) return {};
  return it->second;
}

/// The first normalized axis if `mean` reduces exactly the trailing axes of its input with keepdims, else -1.
int64_t trailing_axis(const Node& mean) {
  const Attribute* keep = mean.find_attribute("keepdims");
  if ((keep && keep->i != 1) || mean.inputs.empty() || !mean.inputs[0] || !mean.inputs[0]->shape_known) return -1;
  std::vector<int64_t> axes;
  if (mean.opset >= 18) {
    if (mean.inputs.size() < 2 || !mean.inputs[1] || !mean.inputs[1]->is_constant() || mean.inputs[1]->type != DataType::kInt64)
      return -1;
    axes.assign(mean.inputs[1]->constant_data<int64_t>(), mean.inputs[1]->constant_data<int64_t>() + mean.inputs[1]->numel());
  } else if (const Attribute* a = mean.find_attribute("axes")) {
    axes = a->ints;
  }
  const auto rank = static_cast<int64_t>(mean.inputs[0]->shape.size());
  std::set<int64_t> normalized;
  for (int64_t a : axes) normalized.insert(a < 0 ? a + rank : a);
  if (normalized.empty() || *normalized.begin() < 0 || *normalized.rbegin() != rank - 1 ||
      static_cast<int64_t>(normalized.size()) != rank - *normalized.begin())
    return -1;
  return *normalized.begin();
}

bool same_reduction(const Node& a, const Node& b) {
  if (a.opset != b.opset || trailing_axis(a) != trailing_axis(b) || trailing_axis(a) < 0) return false;
  return a.inputs[0]->shape.size() == b.inputs[0]->shape.size();
}

/// A constant that broadcasts to `x` without widening it (gamma, beta).
bool is_affine_constant(const Value* c, const Value& x) {
  if (!c || !c->is_constant() || c->type != x.type || c->shape.size() > x.shape.size()) return false;
  const size_t offset = x.shape.size() - c->shape.size();
  for (size_t i = 0; i < c->shape.size(); ++i)
    if (c->shape[i] != 1 && c->shape[i] != x.shape[offset + i]) return false;
  return true;
}

}  // namespace

void fuse_layer_norm(Graph& graph, Diagnostics& diags) {
  const Users users = value_users(graph);
  bool fused = false;
  for (Node* mean : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : mean->subgraphs()) fuse_layer_norm(*body, diags);
    if (!mean->domain.empty() || mean->op_type != "ReduceMean" || !mean->outputs[0]) continue;
    const int64_t axis = trailing_axis(*mean);
    Value* x = mean->inputs[0];
    if (axis < 0 || x->type != DataType::kFloat) continue;
    Node* sub = only_reader_op(graph, users, mean->outputs[0], "Sub");
    if (!sub || sub->inputs[0] != x || sub->inputs[1] != mean->outputs[0] || !same_type_and_shape(*sub->outputs[0], *x)) continue;
    Value* d = sub->outputs[0];
    // d is read by the square (Pow(d, 2), or Mul(d, d) which reads it twice) and by the Div.
    Node* square = nullptr;
    Node* div = nullptr;
    for (Node* r : readers(graph, users, d)) {
      if (r->domain.empty() && r->op_type == "Div" && r->inputs.size() == 2 && r->inputs[0] == d) div = r;
      else if (r->domain.empty() && ((r->op_type == "Pow" && r->inputs.size() == 2 && r->inputs[0] == d) ||
                                     (r->op_type == "Mul" && r->inputs.size() == 2 && r->inputs[0] == d && r->inputs[1] == d)))
        square = r;
    }
    const auto d_reads = readers(graph, users, d).size();
    if (!square || !div || d_reads != (square->op_type == "Mul" ? 3u : 2u)) continue;
    if (square->op_type == "Pow" && !(scalar_constant(square->inputs[1]) && *scalar_constant(square->inputs[1]) == 2.0)) continue;
    Node* var = only_reader_op(graph, users, square->outputs[0], "ReduceMean");
    if (!var || var->inputs[0] != square->outputs[0] || !same_reduction(*mean, *var)) continue;
    Node* add_eps = only_reader_op(graph, users, var->outputs[0], "Add");
    if (!add_eps) continue;
    const auto epsilon = scalar_constant(other_operand(*add_eps, var->outputs[0]));
    if (!epsilon || *epsilon < 0 || static_cast<double>(static_cast<float>(*epsilon)) != *epsilon) continue;
    Node* sqrt = only_reader_op(graph, users, add_eps->outputs[0], "Sqrt");
    if (!sqrt || only_reader_op(graph, users, sqrt->outputs[0], "Div") != div || div->inputs[1] != sqrt->outputs[0]) continue;
    // Optional gamma, then optional beta.
    Node* last = div;
    Value* gamma = nullptr;
    Value* beta = nullptr;
    if (Node* mul = only_reader_op(graph, users, last->outputs[0], "Mul");
        mul && is_affine_constant(other_operand(*mul, last->outputs[0]), *x) && same_type_and_shape(*mul->outputs[0], *x)) {
      gamma = other_operand(*mul, last->outputs[0]);
      last = mul;
    }
    if (Node* add = only_reader_op(graph, users, last->outputs[0], "Add");
        add && is_affine_constant(other_operand(*add, last->outputs[0]), *x) && same_type_and_shape(*add->outputs[0], *x)) {
      beta = other_operand(*add, last->outputs[0]);
      last = add;
    }
    if (!gamma) {
      const float one = 1.0f;
      std::vector<uint8_t> bytes(sizeof one);
      std::memcpy(bytes.data(), &one, sizeof one);
      gamma = add_constant(graph, "layer_norm_scale", DataType::kFloat, {}, std::move(bytes));
    }
    const int opset = last->opset;
    last->domain = opset >= 17 ? "" : kFusedDomain;
    last->opset = opset >= 17 ? opset : 1;
    last->op_type = "LayerNormalization";
    last->inputs = {x, gamma};
    if (beta) last->inputs.push_back(beta);
    last->attributes.clear();
    Attribute axis_attr;
    axis_attr.kind = Attribute::Kind::kInt;
    axis_attr.i = axis;
    last->attributes["axis"] = axis_attr;
    Attribute eps_attr;
    eps_attr.kind = Attribute::Kind::kFloat;
    eps_attr.f = *epsilon;
    last->attributes["epsilon"] = eps_attr;
    fused = true;
  }
  if (fused) eliminate_dead_code(graph, diags);
}

}  // namespace aotc
