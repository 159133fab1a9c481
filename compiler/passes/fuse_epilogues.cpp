// SPDX-License-Identifier: Apache-2.0
// fuse-epilogues: a Conv or Gemm, the residual Add after it and the activation after that become one
// com.onnx_aotc FusedConv / FusedGemm call (docs/fused-ops.md), whose kernel applies them to each output tile.
//
// Walking in topological order, a Conv whose only reader is an Add of a tensor with exactly the output's
// type and shape takes that tensor as its residual Z; then a Conv or Gemm whose only reader is an activation
// takes it as its epilogue. Readers that are graph outputs, broadcasting Adds, activations with run-time
// parameters (Clip bounds) or parameters a float cannot hold exactly are left alone. The residual may be
// computed after the Conv, so the graph is re-sorted.
#include <cmath>
#include <limits>
#include <optional>

#include "ops/defs/epilogue.h"
#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

struct Activation {
  std::string name;  ///< as the fused ops' `activation` attribute spells it
  std::vector<double> params;
};

double float_attr(const Node& node, const char* name, double fallback) {
  const Attribute* a = node.find_attribute(name);
  return a ? a->f : fallback;
}

/// A Clip bound: a constant scalar input (opset 11+), an attribute (before), or none (infinite).
std::optional<double> clip_bound(const Node& node, size_t input, const char* attribute, double none) {
  if (node.opset < 11) return float_attr(node, attribute, none);
  if (input >= node.inputs.size() || !node.inputs[input]) return none;
  const std::vector<double> v = constant_as_doubles(*node.inputs[input]);
  if (v.size() != 1) return std::nullopt;
  return v[0];
}

std::optional<Activation> activation_of(const Node& node) {
  if (!node.domain.empty() || node.inputs.empty()) return std::nullopt;
  const std::string& op = node.op_type;
  if (op == "Relu" || op == "Sigmoid" || op == "Tanh" || op == "HardSwish") return Activation{op, {}};
  if (op == "LeakyRelu") return Activation{op, {float_attr(node, "alpha", 0.01)}};
  if (op == "HardSigmoid") return Activation{op, {float_attr(node, "alpha", 0.2), float_attr(node, "beta", 0.5)}};
  if (op == "Gelu") {
    const Attribute* approximate = node.find_attribute("approximate");
    return Activation{approximate && approximate->s == "tanh" ? "GeluTanh" : "Gelu", {}};
  }
  if (op == "Clip") {
    const double inf = std::numeric_limits<double>::infinity();
    const auto lo = clip_bound(node, 1, "min", -inf), hi = clip_bound(node, 2, "max", inf);
    if (!lo || !hi) return std::nullopt;
    return Activation{op, {*lo, *hi}};
  }
  return std::nullopt;
}

/// The epilogue parameters are floats: a double parameter that a float cannot hold would change results.
bool float_exact(const std::vector<double>& params) {
  for (double p : params)
    if (!std::isnan(p) && static_cast<double>(static_cast<float>(p)) != p) return false;
  return true;
}

bool is_float_type(const Value& v) {
  return v.type == DataType::kFloat || v.type == DataType::kDouble || v.type == DataType::kFloat16 || v.type == DataType::kBFloat16;
}

using Users = ValueUsers;

void make_fused(Node& node, const char* fused_op) {
  if (node.domain == kFusedDomain) return;
  node.domain = kFusedDomain;
  node.op_type = fused_op;
  node.opset = 1;
}

}  // namespace

void fuse_epilogues(Graph& graph, Diagnostics& diags) {
  bool residuals = false;
  // Readers are recomputed only after a rewrite, which moves them: one walk per fusion, not per node.
  Users users = value_users(graph);
  for (Node* node : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : node->subgraphs()) fuse_epilogues(*body, diags);
    const bool conv = node->domain.empty() && node->op_type == "Conv";
    const bool gemm = node->domain.empty() && node->op_type == "Gemm" && node->opset >= 7;
    if ((!conv && !gemm) || node->outputs.empty() || !node->outputs[0] || !is_float_type(*node->outputs[0])) continue;
    Value* out = node->outputs[0];
    const char* fused_op = conv ? "FusedConv" : "FusedGemm";
    if (Node* add = conv ? only_reader(graph, users, out) : nullptr;
        add && add->domain.empty() && add->op_type == "Add" && add->inputs.size() == 2 && add->outputs[0]) {
      Value* residual = add->inputs[0] == out ? add->inputs[1] : add->inputs[0];
      if (residual && residual != out && same_type_and_shape(*residual, *out) && same_type_and_shape(*add->outputs[0], *out)) {
        Value* sum = add->outputs[0];
        if (bypass_node(graph, add, out, sum)) {
          make_fused(*node, fused_op);
          node->inputs.resize(3, nullptr);
          node->inputs.push_back(residual);
          out = node->outputs[0];
          residuals = true;
          users = value_users(graph);
        }
      }
    }
    Node* reader = only_reader(graph, users, out);
    const std::optional<Activation> activation = reader ? activation_of(*reader) : std::nullopt;
    if (!activation || !float_exact(activation->params) || reader->inputs[0] != out || !reader->outputs[0] ||
        !same_type_and_shape(*reader->outputs[0], *out))
      continue;
    if (!bypass_node(graph, reader, out, reader->outputs[0])) continue;
    users = value_users(graph);
    make_fused(*node, fused_op);
    Attribute name;
    name.kind = Attribute::Kind::kString;
    name.s = activation->name;
    node->attributes["activation"] = name;
    if (!activation->params.empty()) {
      Attribute params;
      params.kind = Attribute::Kind::kFloats;
      params.floats = activation->params;
      node->attributes["activation_params"] = params;
    }
  }
  if (residuals) graph.sort_topologically();
}

}  // namespace aotc
