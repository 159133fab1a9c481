// SPDX-License-Identifier: Apache-2.0
#include "ir/graph.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "support/diagnostics.h"

namespace aotc {

int64_t shape_numel(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string shape_to_string(const Shape& shape) { return fmt::format("[{}]", fmt::join(shape, ",")); }

StringBuffer::StringBuffer(std::vector<std::string> strings) : strings_(std::move(strings)) {
  views_.reserve(strings_.size());
  for (const std::string& s : strings_) views_.push_back({s.c_str(), static_cast<int64_t>(s.size())});
}

std::shared_ptr<StringBuffer> StringBuffer::copy_of(const onnx_aotc_string* views, size_t count) {
  std::vector<std::string> strings;
  strings.reserve(count);
  for (size_t i = 0; i < count; ++i)
    strings.emplace_back(views[i].size > 0 ? std::string(views[i].data, static_cast<size_t>(views[i].size)) : std::string());
  return std::make_shared<StringBuffer>(std::move(strings));
}

int64_t Value::string_bound() const {
  const auto* strings = dynamic_cast<const StringBuffer*>(constant.get());
  if (!strings) return max_string_bytes;
  int64_t longest = 0;
  for (const std::string& s : strings->strings()) longest = std::max(longest, static_cast<int64_t>(s.size()));
  return longest;
}

size_t Value::byte_size() const { return static_cast<size_t>(numel()) * data_type_size(type); }

const char* attribute_kind_name(Attribute::Kind kind) {
  switch (kind) {
    case Attribute::Kind::kFloat: return "float";
    case Attribute::Kind::kInt: return "int";
    case Attribute::Kind::kString: return "string";
    case Attribute::Kind::kTensor: return "tensor";
    case Attribute::Kind::kGraph: return "graph";
    case Attribute::Kind::kFloats: return "floats";
    case Attribute::Kind::kInts: return "ints";
    case Attribute::Kind::kStrings: return "strings";
    case Attribute::Kind::kTensors: return "tensors";
    case Attribute::Kind::kGraphs: return "graphs";
  }
  return "?";
}

const Attribute* Node::find_attribute(const std::string& key) const {
  auto it = attributes.find(key);
  return it == attributes.end() ? nullptr : &it->second;
}

std::vector<Graph*> Node::subgraphs() const {
  std::vector<Graph*> graphs;
  for (const auto& [key, attr] : attributes)
    if (attr.kind == Attribute::Kind::kGraph && attr.graph) graphs.push_back(attr.graph.get());
  return graphs;
}

namespace {
void collect_captures(const Graph& graph, std::vector<Value*>& out, std::set<const Value*>& seen) {
  auto consider = [&](Value* v) {
    if (v && !graph.owns(v) && seen.insert(v).second) out.push_back(v);
  };
  for (const Node* n : graph.nodes) {
    for (Value* in : n->inputs) consider(in);
    for (Value* captured : n->captures()) consider(captured);
  }
  for (Value* out_value : graph.outputs) consider(out_value);
}
}  // namespace

std::vector<Value*> Node::captures() const {
  std::vector<Value*> out;
  std::set<const Value*> seen;
  for (const Graph* g : subgraphs()) collect_captures(*g, out, seen);
  return out;
}

std::string Node::describe() const {
  std::string op = domain.empty() ? op_type : domain + "." + op_type;
  return fmt::format("{} node '{}'", op, name);
}

Value* Graph::add_value(std::string value_name) {
  values_.push_back(std::make_unique<Value>());
  Value* v = values_.back().get();
  v->name = std::move(value_name);
  if (!v->name.empty()) by_name_.emplace(v->name, v);
  return v;
}

Node* Graph::add_node() {
  node_storage_.push_back(std::make_unique<Node>());
  return node_storage_.back().get();
}

Value* Graph::find_value(const std::string& value_name) const {
  auto it = by_name_.find(value_name);
  return it == by_name_.end() ? nullptr : it->second;
}

void Graph::erase_unreferenced() {
  std::set<const Node*> live_nodes(nodes.begin(), nodes.end());
  std::set<const Value*> live_values(inputs.begin(), inputs.end());
  live_values.insert(outputs.begin(), outputs.end());
  for (const Node* n : nodes) {
    live_values.insert(n->inputs.begin(), n->inputs.end());
    live_values.insert(n->outputs.begin(), n->outputs.end());
    for (const Value* captured : n->captures()) live_values.insert(captured);
  }
  node_storage_.erase(std::remove_if(node_storage_.begin(), node_storage_.end(),
                                     [&](const auto& n) { return !live_nodes.count(n.get()); }),
                      node_storage_.end());
  for (auto it = by_name_.begin(); it != by_name_.end();) {
    it = live_values.count(it->second) ? std::next(it) : by_name_.erase(it);
  }
  values_.erase(std::remove_if(values_.begin(), values_.end(),
                               [&](const auto& v) { return !live_values.count(v.get()); }),
                values_.end());
}

void Graph::sort_topologically() {
  // Kahn's algorithm, always taking the earliest ready node so the order is stable.
  std::map<const Value*, const Node*> producer_of;
  for (const Node* n : nodes)
    for (const Value* out : n->outputs)
      if (out) producer_of[out] = n;
  std::map<const Node*, int> pending;
  std::map<const Node*, std::vector<Node*>> consumers;
  for (Node* n : nodes) {
    std::set<const Node*> deps;
    std::vector<Value*> reads = n->inputs;
    for (Value* captured : n->captures()) reads.push_back(captured);
    for (const Value* in : reads) {
      auto it = in ? producer_of.find(in) : producer_of.end();
      if (it != producer_of.end() && it->second != n) deps.insert(it->second);
      if (it != producer_of.end() && it->second == n) fail("graph has a cycle: {} consumes its own output", n->describe());
    }
    pending[n] = static_cast<int>(deps.size());
    for (const Node* d : deps) consumers[d].push_back(n);
  }
  std::map<const Node*, size_t> position;
  for (size_t i = 0; i < nodes.size(); ++i) position[nodes[i]] = i;
  auto later = [&](const Node* a, const Node* b) { return position[a] > position[b]; };
  std::vector<Node*> ready;
  for (Node* n : nodes)
    if (pending[n] == 0) ready.push_back(n);
  std::make_heap(ready.begin(), ready.end(), later);
  std::vector<Node*> order;
  while (!ready.empty()) {
    std::pop_heap(ready.begin(), ready.end(), later);
    Node* n = ready.back();
    ready.pop_back();
    order.push_back(n);
    for (Node* c : consumers[n]) {
      if (--pending[c] == 0) {
        ready.push_back(c);
        std::push_heap(ready.begin(), ready.end(), later);
      }
    }
  }
  if (order.size() != nodes.size()) {
    for (const Node* n : nodes)
      if (pending[n] > 0) fail("graph has a cycle through {}", n->describe());
  }
  nodes = std::move(order);
}

std::map<const Value*, int> Graph::use_counts() const {
  std::map<const Value*, int> uses;
  for (const Node* n : nodes)
    for (const Value* in : n->inputs)
      if (in) ++uses[in];
  for (const Node* n : nodes)
    for (const Value* captured : n->captures()) ++uses[captured];
  for (const Value* out : outputs) ++uses[out];
  return uses;
}

}  // namespace aotc
