// SPDX-License-Identifier: Apache-2.0
// Small graph-editing helpers the optimization passes share.
#include "passes/rewrite.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>
#include <onnx_aotc/numeric_types.h>

namespace aotc {

ValueUsers value_users(const Graph& graph) {
  ValueUsers users;
  for (Node* n : graph.nodes) {
    for (const Value* in : n->inputs)
      if (in) users[in].push_back(n);
    for (const Value* captured : n->captures()) users[captured].push_back(n);
  }
  return users;
}

Node* only_reader(const Graph& graph, const ValueUsers& users, const Value* v) {
  auto it = users.find(v);
  if (it == users.end() || it->second.size() != 1 || is_graph_output(graph, v)) return nullptr;
  return it->second[0];
}

Node* only_reader_op(const Graph& graph, const ValueUsers& users, const Value* v, const char* op) {
  Node* n = only_reader(graph, users, v);
  return n && n->domain.empty() && n->op_type == op && !n->outputs.empty() && n->outputs[0] ? n : nullptr;
}

Value* other_operand(const Node& n, const Value* v) { return n.inputs[0] == v ? n.inputs[1] : n.inputs[0]; }

bool is_graph_output(const Graph& graph, const Value* value) {
  return std::find(graph.outputs.begin(), graph.outputs.end(), value) != graph.outputs.end();
}

namespace {
void replace_in_subgraphs(Node* node, const Value* from, Value* to) {
  for (Graph* body : node->subgraphs()) {
    for (Node* inner : body->nodes) {
      std::replace(inner->inputs.begin(), inner->inputs.end(), const_cast<Value*>(from), to);
      replace_in_subgraphs(inner, from, to);
    }
    std::replace(body->outputs.begin(), body->outputs.end(), const_cast<Value*>(from), to);
  }
}
}  // namespace

void replace_uses(Graph& graph, const Value* from, Value* to) {
  for (Node* n : graph.nodes) {
    std::replace(n->inputs.begin(), n->inputs.end(), const_cast<Value*>(from), to);
    replace_in_subgraphs(n, from, to);
  }
}

void remap_uses(Graph& graph, const std::map<const Value*, Value*>& replacement) {
  if (replacement.empty()) return;
  auto remap = [&](Value*& v) {
    auto it = v ? replacement.find(v) : replacement.end();
    if (it != replacement.end()) v = it->second;
  };
  for (Node* n : graph.nodes) {
    for (Value*& in : n->inputs) remap(in);
    for (Graph* body : n->subgraphs()) {
      remap_uses(*body, replacement);
      for (Value*& out : body->outputs) remap(out);
    }
  }
}

bool bypass_node(Graph& graph, Node* node, Value* in, Value* out) {
  auto erase_node = [&] { graph.nodes.erase(std::find(graph.nodes.begin(), graph.nodes.end(), node)); };
  if (!is_graph_output(graph, out)) {
    replace_uses(graph, out, in);
    erase_node();
    return true;
  }
  // `out` must keep its name in the API: let `in`'s producer write it, if `in` is an ordinary intermediate.
  Node* producer = in->producer;
  if (!producer || in->is_constant() || !graph.owns(in) || is_graph_output(graph, in) ||
      std::find(graph.nodes.begin(), graph.nodes.end(), producer) == graph.nodes.end())
    return false;
  erase_node();
  replace_uses(graph, in, out);
  std::replace(producer->outputs.begin(), producer->outputs.end(), in, out);
  out->producer = producer;
  in->producer = nullptr;
  return true;
}

std::string fresh_value_name(const Graph& graph, const std::string& base) {
  if (!graph.find_value(base)) return base;
  for (int i = 1;; ++i) {
    std::string name = fmt::format("{}_{}", base, i);
    if (!graph.find_value(name)) return name;
  }
}

Value* add_constant(Graph& graph, const std::string& name_base, DataType type, Shape shape, std::vector<uint8_t> bytes) {
  Value* v = graph.add_value(fresh_value_name(graph, name_base));
  v->type = type;
  v->shape = std::move(shape);
  v->shape_known = true;
  v->constant = std::make_shared<OwnedBuffer>(std::move(bytes));
  return v;
}

bool same_type_and_shape(const Value& a, const Value& b) {
  return a.is_tensor() && b.is_tensor() && a.shape_known && b.shape_known && a.type == b.type && a.shape == b.shape;
}

Node* producer_op(const Graph& graph, const Value* v, const char* op) {
  if (!v || !v->producer || !v->producer->domain.empty() || v->producer->op_type != op) return nullptr;
  return std::find(graph.nodes.begin(), graph.nodes.end(), v->producer) == graph.nodes.end() ? nullptr : v->producer;
}

std::optional<double> scalar_constant(const Value* v) {
  if (!v) return std::nullopt;
  const std::vector<double> values = constant_as_doubles(*v);
  if (values.size() != 1) return std::nullopt;
  return values[0];
}

bool close_to(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::fabs(b); }

std::vector<double> constant_as_doubles(const Value& v) {
  if (!v.is_constant() || !v.is_tensor()) return {};
  const auto n = static_cast<size_t>(v.numel());
  std::vector<double> out(n);
  switch (v.type) {
    case DataType::kFloat: for (size_t i = 0; i < n; ++i) out[i] = v.constant_data<float>()[i]; break;
    case DataType::kDouble: for (size_t i = 0; i < n; ++i) out[i] = v.constant_data<double>()[i]; break;
    case DataType::kFloat16: for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(v.constant_data<onnx_aotc::float16>()[i]); break;
    case DataType::kBFloat16: for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(v.constant_data<onnx_aotc::bfloat16>()[i]); break;
    default: return {};
  }
  return out;
}

}  // namespace aotc
