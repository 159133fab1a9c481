// SPDX-License-Identifier: Apache-2.0
// fuse-attention: scaled dot-product attention written out as exporters write it becomes one Attention:
//   scores = MatMul(Q, Transpose(K)); scaled = scores / c (or * c, or neither); [masked = scaled + mask];
//   probs = Softmax(., last axis); Y = MatMul(probs, V)
// with Q [B, H, Sq, D], K [B, H, Skv, D], V [B, H, Skv, Dv]. Matched from each Softmax over the last axis of a
// 4-D float tensor; every intermediate must be read only inside the pattern (and not be a graph output), the
// scale a scalar constant, the mask broadcast to the scores' shape without widening it. K's transpose is
// usually fused into the head split (perm [0,2,3,1] of [B, S, H, D]); K itself is then that input with the
// last two axes of the perm swapped, a new Transpose unless that is the identity. The result is ai.onnx
// Attention where the model's opset has it (23), else com.onnx_aotc.Attention (docs/optimizer.md).
#include <algorithm>

#include "ops/defs/epilogue.h"
#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

using Users = ValueUsers;

bool single_reader(const Graph& graph, const Users& users, const Value* v) { return only_reader(graph, users, v) != nullptr; }

bool is_float4d(const Value* v) { return v && v->type == DataType::kFloat && v->shape_known && v->shape.size() == 4; }

/// Softmax over the last axis (opset 13+: axis; before: the flattened axis, the same when it is the last).
bool softmax_over_last_axis(const Node& softmax) {
  const Attribute* a = softmax.find_attribute("axis");
  const int64_t axis = a ? a->i : (softmax.opset >= 13 ? -1 : 1);
  return axis == -1 || axis == 3;
}

/// Whether `v` is Q*K^T, possibly scaled by a constant: the side of the mask Add that is not the mask.
bool is_scores(const Graph& graph, const Value* v) {
  if (producer_op(graph, v, "MatMul")) return true;
  const Node* scale = producer_op(graph, v, "Div");
  if (!scale) scale = producer_op(graph, v, "Mul");
  if (!scale || scale->inputs.size() != 2) return false;
  return (scalar_constant(scale->inputs[1]) && producer_op(graph, scale->inputs[0], "MatMul")) ||
         (scale->op_type == "Mul" && scalar_constant(scale->inputs[0]) && producer_op(graph, scale->inputs[1], "MatMul"));
}

}  // namespace

void fuse_attention(Graph& graph, Diagnostics& diags) {
  const Users users = value_users(graph);
  bool fused = false;
  for (Node* softmax : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : softmax->subgraphs()) fuse_attention(*body, diags);
    if (!softmax->domain.empty() || softmax->op_type != "Softmax" || !is_float4d(softmax->inputs[0]) ||
        !softmax_over_last_axis(*softmax) || !single_reader(graph, users, softmax->outputs[0]))
      continue;
    Node* out = users.at(softmax->outputs[0])[0];
    if (!out->domain.empty() || out->op_type != "MatMul" || out->inputs[0] != softmax->outputs[0] || !is_float4d(out->inputs[1]))
      continue;
    Value* v = out->inputs[1];
    // Walk back from the softmax input: [Add mask] [Div/Mul scale] MatMul.
    Value* cursor = softmax->inputs[0];
    if (!single_reader(graph, users, cursor)) continue;
    Value* mask = nullptr;
    if (Node* add = producer_op(graph, cursor, "Add"); add && add->inputs.size() == 2) {
      for (int side = 0; side < 2 && !mask; ++side) {
        if (is_scores(graph, add->inputs[side]) && !is_scores(graph, add->inputs[1 - side])) {
          mask = add->inputs[1 - side];
          cursor = add->inputs[side];
        }
      }
      // Attention takes a mask of rank 2 to 4 that broadcasts to [B, H, Sq, Skv] (the scores' shape, unwidened).
      if (!mask || mask->type != DataType::kFloat || mask->shape.size() < 2 || !single_reader(graph, users, cursor) ||
          !same_type_and_shape(*add->outputs[0], *cursor))
        continue;
    }
    double scale = 1.0;
    if (Node* div = producer_op(graph, cursor, "Div"); div && div->inputs.size() == 2) {
      const auto c = scalar_constant(div->inputs[1]);
      if (!c || *c == 0) continue;
      scale = 1.0 / *c;
      cursor = div->inputs[0];
    } else if (Node* mul = producer_op(graph, cursor, "Mul"); mul && mul->inputs.size() == 2) {
      const int constant_side = scalar_constant(mul->inputs[1]) ? 1 : scalar_constant(mul->inputs[0]) ? 0 : -1;
      if (constant_side < 0) continue;
      scale = *scalar_constant(mul->inputs[constant_side]);
      cursor = mul->inputs[1 - constant_side];
    }
    if (cursor != softmax->inputs[0] && !single_reader(graph, users, cursor)) continue;
    Node* scores = producer_op(graph, cursor, "MatMul");
    if (!scores || !is_float4d(scores->inputs[0]) || !is_float4d(scores->inputs[1])) continue;
    Value* q = scores->inputs[0];
    Node* transpose = producer_op(graph, scores->inputs[1], "Transpose");
    const Attribute* perm = transpose ? transpose->find_attribute("perm") : nullptr;
    if (!perm || perm->ints.size() != 4 || !is_float4d(transpose->inputs[0])) continue;
    const std::vector<int64_t> k_perm{perm->ints[0], perm->ints[1], perm->ints[3], perm->ints[2]};
    const Shape& kt = scores->inputs[1]->shape;
    const Shape k_shape{kt[0], kt[1], kt[3], kt[2]};
    // Same batch and heads everywhere (no broadcasting between Q, K and V), and K's head size is Q's.
    if (q->shape[0] != k_shape[0] || q->shape[1] != k_shape[1] || q->shape[3] != k_shape[3] || v->shape[0] != q->shape[0] ||
        v->shape[1] != q->shape[1] || v->shape[2] != k_shape[2])
      continue;
    if (static_cast<double>(static_cast<float>(scale)) != scale && !close_to(static_cast<float>(scale), scale)) continue;
    Value* k = transpose->inputs[0];
    if (k_perm != std::vector<int64_t>{0, 1, 2, 3}) {
      Node* kt_node = graph.add_node();
      kt_node->name = (transpose->name.empty() ? std::string("k") : transpose->name) + "_heads";
      kt_node->op_type = "Transpose";
      kt_node->opset = transpose->opset;
      Attribute kp;
      kp.kind = Attribute::Kind::kInts;
      kp.ints = k_perm;
      kt_node->attributes["perm"] = kp;
      kt_node->inputs = {transpose->inputs[0]};
      k = graph.add_value(fresh_value_name(graph, scores->inputs[1]->name + "_untransposed"));
      k->type = DataType::kFloat;
      k->shape = k_shape;
      k->shape_known = true;
      k->producer = kt_node;
      kt_node->outputs = {k};
      graph.nodes.insert(std::find(graph.nodes.begin(), graph.nodes.end(), out), kt_node);
    }
    const int opset = out->opset;
    out->domain = opset >= 23 ? "" : kFusedDomain;
    out->opset = opset >= 23 ? opset : 1;
    out->op_type = "Attention";
    out->inputs = {q, k, v};
    if (mask) out->inputs.push_back(mask);
    out->attributes.clear();
    Attribute scale_attr;
    scale_attr.kind = Attribute::Kind::kFloat;
    scale_attr.f = static_cast<float>(scale);
    out->attributes["scale"] = scale_attr;
    fused = true;
  }
  if (fused) eliminate_dead_code(graph, diags);
}

}  // namespace aotc
