// SPDX-License-Identifier: Apache-2.0
// Sequence and optional ops. A sequence is a compile-time list of tensor values (ValueKind::kSequence);
// these ops resolve at compile time into that list or rewrite their node into tensor code: SequenceAt
// becomes an Identity of the element, ConcatFromSequence a concatenation of the elements, SplitToSequence
// a split whose outputs are the elements. Positions must be constants, since they decide which tensor,
// and so which shape, a later op sees.
#include <onnx_aotc/ref/data_movement.h>

#include "ops/defs/split.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

constexpr OpTraits kSequenceTraits{false, false, false, /*foldable=*/false, /*reads_input_values=*/true, /*sequences=*/true};

void set_sequence(const OpContext& ctx, size_t i, DataType type, std::vector<Value*> elements, ValueKind kind = ValueKind::kSequence) {
  if (!ctx.has_output(i)) return;
  Value& out = ctx.output(i);
  out.kind = kind;
  out.type = type;
  out.shape.clear();
  out.elements = std::move(elements);
  out.shape_known = true;
}

/// A position input (default `fallback`), normalized into [0, limit].
size_t position(const OpContext& ctx, size_t input, int64_t count, int64_t fallback, int64_t limit) {
  if (!ctx.has_input(input)) return static_cast<size_t>(fallback);
  const auto values = ctx.constant_ints(input);
  if (values.size() != 1) ctx.error("position must be a scalar");
  int64_t p = values[0];
  if (p < -count || p > limit) ctx.error("position {} is out of range for a sequence of {} tensors", p, count);
  if (p < 0) p += count;
  return static_cast<size_t>(p);
}

/// Turns the node into Identity(value).
[[noreturn]] void become_identity(const OpContext& ctx, Value* value) {
  Node& node = ctx.mutable_node();
  node.domain.clear();
  node.op_type = "Identity";
  node.attributes.clear();
  node.inputs = {value};
  ctx.restart();
}

void infer_empty(OpContext& ctx) {
  const auto type = static_cast<DataType>(ctx.has_attr("dtype") ? ctx.attr_int("dtype") : static_cast<int64_t>(DataType::kFloat));
  set_sequence(ctx, 0, type, {});
}

void infer_construct(OpContext& ctx) {
  std::vector<Value*> elements;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const Value& v = ctx.input(i);
    if (!v.is_tensor()) ctx.error("input {} ('{}') must be a tensor", i, v.name);
    if (v.type != ctx.input(0).type) ctx.error("input {} has type {} but input 0 has {}", i, data_type_name(v.type), data_type_name(ctx.input(0).type));
    elements.push_back(ctx.mutable_node().inputs[i]);
  }
  if (elements.empty()) ctx.error("needs at least one input");
  set_sequence(ctx, 0, ctx.input(0).type, std::move(elements));
}

void infer_insert(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  std::vector<Value*> elements = ctx.sequence(0);
  Value* tensor = ctx.mutable_node().inputs[1];
  if (!tensor->is_tensor()) ctx.error("input 1 must be a tensor");
  if (!elements.empty() && tensor->type != elements[0]->type)
    ctx.error("cannot insert a {} tensor into a sequence of {}", data_type_name(tensor->type), data_type_name(elements[0]->type));
  const auto count = static_cast<int64_t>(elements.size());
  elements.insert(elements.begin() + static_cast<long>(position(ctx, 2, count, count, count)), tensor);
  set_sequence(ctx, 0, tensor->type, std::move(elements));
}

void infer_erase(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  std::vector<Value*> elements = ctx.sequence(0);
  const auto count = static_cast<int64_t>(elements.size());
  if (count == 0) ctx.error("cannot erase from an empty sequence");
  elements.erase(elements.begin() + static_cast<long>(position(ctx, 1, count, count - 1, count - 1)));
  set_sequence(ctx, 0, ctx.input(0).type, std::move(elements));
}

void infer_at(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const auto& elements = ctx.sequence(0);
  const auto count = static_cast<int64_t>(elements.size());
  if (!ctx.input(1).is_constant() && count > 0 &&
      std::all_of(elements.begin(), elements.end(), [&](const Value* e) { return e->shape == elements[0]->shape; }))
    ctx.unsupported("a position computed at run time is not supported yet (every element has the same shape)");
  if (count == 0) ctx.error("cannot take an element of an empty sequence");
  become_identity(ctx, elements[position(ctx, 1, count, 0, count - 1)]);
}

void infer_length(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const auto count = static_cast<int64_t>(ctx.sequence(0).size());
  ctx.set_output(0, DataType::kInt64, {});
  std::vector<uint8_t> bytes(sizeof count);
  std::memcpy(bytes.data(), &count, sizeof count);
  ctx.output(0).constant = std::make_shared<OwnedBuffer>(std::move(bytes));
}

// ---- ConcatFromSequence: first rewritten so that its inputs are the elements, then a concatenation ----

int64_t concat_axis(const OpContext& ctx, int64_t rank) {
  const bool new_axis = ctx.attr_int("new_axis") != 0;
  return normalize_axis(ctx, ctx.attr_int("axis"), rank + (new_axis ? 1 : 0));
}

void infer_concat(OpContext& ctx) {
  if (!ctx.input(0).is_tensor()) {
    const auto& elements = ctx.sequence(0);
    if (elements.empty()) ctx.error("cannot concatenate an empty sequence");
    ctx.mutable_node().inputs = elements;
    ctx.restart();
  }
  const Shape& first = ctx.input(0).shape;
  const bool new_axis = ctx.attr_int("new_axis") != 0;
  if (first.empty() && !new_axis) ctx.error("cannot concatenate scalars");
  const int64_t axis = concat_axis(ctx, static_cast<int64_t>(first.size()));
  Shape out = first;
  if (new_axis) out.insert(out.begin() + axis, 0);
  else out[static_cast<size_t>(axis)] = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const Value& v = ctx.input(i);
    if (v.type != ctx.input(0).type) ctx.error("element {} has type {} but element 0 has {}", i, data_type_name(v.type), data_type_name(ctx.input(0).type));
    if (v.shape.size() != first.size()) ctx.error("element {} has rank {} but element 0 has {}", i, v.shape.size(), first.size());
    for (size_t a = 0; a < first.size(); ++a)
      if ((new_axis || static_cast<int64_t>(a) != axis) && v.shape[a] != first[a])
        ctx.error("element {} has shape {}, which does not fit element 0's {}", i, shape_to_string(v.shape), shape_to_string(first));
    out[static_cast<size_t>(axis)] += new_axis ? 1 : v.shape[static_cast<size_t>(axis)];
  }
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower_concat(OpContext& ctx) {
  const Shape& first = ctx.input(0).shape;
  const bool new_axis = ctx.attr_int("new_axis") != 0;
  const int64_t axis = concat_axis(ctx, static_cast<int64_t>(first.size()));
  onnx_aotc::ref::ConcatParams p{};
  p.outer = shape_numel(Shape(first.begin(), first.begin() + axis));
  p.inner = shape_numel(Shape(first.begin() + axis + (new_axis ? 0 : 1), first.end()));
  for (size_t i = 0; i < ctx.num_inputs(); ++i)
    if (!onnx_aotc::ref::concat_add_extent(p, new_axis ? 1 : ctx.input(i).shape[static_cast<size_t>(axis)]))
      ctx.unsupported("the elements' axis extents change more than {} times along the sequence", onnx_aotc::ref::kConcatMaxRuns);
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(concat, T), p, {ctx.in_list(0), ctx.out(0)}, "data_movement");
  });
}

// ---- SplitToSequence: rewritten into onnx_aotc.SplitToTensors, whose outputs are the elements ----------

void infer_split_to_sequence(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  const Value& x = ctx.input(0);
  if (x.shape.empty()) ctx.error("cannot split a scalar");
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.shape.size()));
  const int64_t dim = x.shape[static_cast<size_t>(axis)];
  std::vector<int64_t> sizes;
  bool keep_axis = true;
  if (!ctx.has_input(1)) {
    sizes.assign(static_cast<size_t>(dim), 1);
    keep_axis = ctx.attr_int("keepdims") != 0;
  } else if (ctx.input(1).shape.empty()) {
    const int64_t chunk = ctx.constant_ints(1)[0];
    if (chunk <= 0) ctx.error("split {} must be positive", chunk);
    for (int64_t start = 0; start < dim; start += chunk) sizes.push_back(std::min(chunk, dim - start));
  } else {
    sizes = ctx.constant_ints(1);
    int64_t sum = 0;
    for (int64_t s : sizes) {
      if (s < 0 || s > dim) ctx.error("split {} has an entry outside [0, {}]", shape_to_string(sizes), dim);
      sum += s;
    }
    if (sum != dim) ctx.error("split {} sums to {}, not the axis extent {}", shape_to_string(sizes), sum, dim);
  }
  Node& node = ctx.mutable_node();
  Value* sequence = node.outputs[0];
  std::vector<Value*> elements;
  for (size_t i = 0; i < sizes.size(); ++i) {
    Value* e = ctx.graph().add_value(fmt::format("{}[{}]", sequence->name, i));
    e->producer = &node;
    elements.push_back(e);
  }
  set_sequence(ctx, 0, x.type, elements);
  sequence->producer = nullptr;
  Attribute axis_attr, sizes_attr, keep_attr;
  axis_attr.i = axis;  // Attribute's kind defaults to kInt
  keep_attr.i = keep_axis ? 1 : 0;
  sizes_attr.kind = Attribute::Kind::kInts;
  sizes_attr.ints = sizes;
  node.attributes = {{"axis", axis_attr}, {"sizes", sizes_attr}, {"keepdims", keep_attr}};
  node.domain = "onnx_aotc";
  node.op_type = "SplitToTensors";
  node.inputs.resize(1);
  node.outputs = elements;
  ctx.restart();
}

void infer_split_to_tensors(OpContext& ctx) {
  // Models may name this op too: check everything SplitToSequence would have guaranteed.
  ctx.expect_inputs(1, 1);
  const Value& x = ctx.input(0);
  const auto axis = static_cast<size_t>(normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.shape.size())));
  if (ctx.attr_int("axis") < 0) ctx.error("axis must be normalized (non-negative)");
  const auto sizes = ctx.attr_ints("sizes");
  if (sizes.size() != ctx.num_outputs()) ctx.error("has {} sizes for {} outputs", sizes.size(), ctx.num_outputs());
  int64_t sum = 0;
  for (int64_t s : sizes) {
    if (s < 0 || s > x.shape[axis] || (!ctx.attr_int("keepdims") && s != 1)) ctx.error("sizes {} do not fit keepdims {}", shape_to_string(sizes), ctx.attr_int("keepdims"));
    sum += s;
  }
  if (sum != x.shape[axis]) ctx.error("sizes {} sum to {}, not the axis extent {}", shape_to_string(sizes), sum, x.shape[axis]);
  for (size_t i = 0; i < sizes.size(); ++i) {
    Shape s = x.shape;
    s[axis] = sizes[i];
    if (!ctx.attr_int("keepdims")) s.erase(s.begin() + static_cast<long>(axis));
    ctx.set_output(i, x.type, s);
  }
}

KernelCall lower_split_to_tensors(OpContext& ctx) {
  return lower_split_sizes(ctx, ctx.attr_int("axis"), ctx.attr_ints("sizes"));
}

// ---- SequenceMap: the body unrolled once per element ----------------------------------------------

void infer_sequence_map(OpContext& ctx) {
  const Attribute& attr = ctx.attr("body");
  if (!attr.graph) ctx.error("attribute 'body' holds no graph");
  const Graph& body = *attr.graph;
  const Node& node = ctx.node();
  if (body.inputs.size() != ctx.num_inputs())
    ctx.error("body has {} inputs for {} node inputs", body.inputs.size(), ctx.num_inputs());
  const size_t count = ctx.sequence(0).size();
  for (size_t k = 0; k < ctx.num_inputs(); ++k)
    if (ctx.input(k).kind == ValueKind::kSequence && ctx.input(k).elements.size() != count)
      ctx.error("input {} has {} elements but input 0 has {}", k, ctx.input(k).elements.size(), count);
  for (const Node* n : body.nodes)
    if (!n->subgraphs().empty()) ctx.unsupported("a body with nested subgraphs is not supported");
  Graph& graph = ctx.graph();
  std::vector<std::vector<Value*>> results(body.outputs.size());
  for (size_t i = 0; i < count; ++i) {
    std::map<const Value*, Value*> mapped;
    for (size_t k = 0; k < ctx.num_inputs(); ++k) {
      Value* in = node.inputs[k];
      mapped[body.inputs[k]] = in->kind == ValueKind::kSequence ? in->elements[i] : in;
    }
    auto map_value = [&](Value* v) -> Value* {
      if (!v) return nullptr;
      if (auto it = mapped.find(v); it != mapped.end()) return it->second;
      if (!body.owns(v)) return v;  // read from an enclosing scope
      Value* copy = graph.add_value(fmt::format("{}#{}/{}", node.name, i, v->name));  // a body initializer
      copy->type = v->type;
      copy->shape = v->shape;
      copy->shape_known = v->shape_known;
      copy->constant = v->constant;
      return mapped[v] = copy;
    };
    for (const Node* n : body.nodes) {
      Node* clone = graph.add_node();
      clone->name = fmt::format("{}#{}/{}", node.name, i, n->name);
      clone->domain = n->domain;
      clone->op_type = n->op_type;
      clone->opset = n->opset;
      clone->attributes = n->attributes;
      for (Value* in : n->inputs) clone->inputs.push_back(map_value(in));
      for (Value* out : n->outputs) {
        Value* copy = out ? graph.add_value(fmt::format("{}#{}/{}", node.name, i, out->name)) : nullptr;
        if (copy) copy->producer = clone;
        if (out) mapped[out] = copy;
        clone->outputs.push_back(copy);
      }
      ctx.insert_node(clone);
    }
    for (size_t o = 0; o < body.outputs.size(); ++o) results[o].push_back(map_value(body.outputs[o]));
  }
  for (size_t o = 0; o < results.size(); ++o) set_sequence(ctx, o, DataType::kUndefined, results[o]);
}

// ---- optionals -------------------------------------------------------------------------------------

void infer_optional(OpContext& ctx) {
  ctx.expect_inputs(0, 1);
  if (!ctx.has_input(0)) ctx.unsupported("an empty optional built from a type attribute is not supported");
  const Value& v = ctx.input(0);
  if (!v.is_tensor()) ctx.unsupported("an optional of a sequence is not supported");
  set_sequence(ctx, 0, v.type, {ctx.mutable_node().inputs[0]}, ValueKind::kOptional);
}

void infer_has_element(OpContext& ctx) {
  ctx.expect_inputs(0, 1);
  bool has = false;
  if (ctx.has_input(0)) {
    const Value& v = ctx.input(0);
    has = v.kind != ValueKind::kOptional || !v.elements.empty();
  }
  ctx.set_output(0, DataType::kBool, {});
  ctx.output(0).constant = std::make_shared<OwnedBuffer>(std::vector<uint8_t>{static_cast<uint8_t>(has ? 1 : 0)});
}

void infer_get_element(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  Value* v = ctx.mutable_node().inputs[0];
  if (v->kind == ValueKind::kSequence) return set_sequence(ctx, 0, v->type, v->elements);
  if (v->kind == ValueKind::kOptional) {
    if (v->elements.empty()) ctx.error("input '{}' is an empty optional", v->name);
    v = v->elements[0];
  }
  become_identity(ctx, v);
}

KernelCall no_code(OpContext& ctx) { ctx.error("resolves at compile time and has no kernel"); }

}  // namespace

const OpDef& op_SequenceEmpty() {
  static const OpDef def{"", "SequenceEmpty", {attr_int("dtype")}, kSequenceTraits, infer_empty, no_code};
  return def;
}
const OpDef& op_SequenceConstruct() {
  static const OpDef def{"", "SequenceConstruct", {}, kSequenceTraits, infer_construct, no_code};
  return def;
}
const OpDef& op_SequenceInsert() {
  static const OpDef def{"", "SequenceInsert", {}, kSequenceTraits, infer_insert, no_code};
  return def;
}
const OpDef& op_SequenceErase() {
  static const OpDef def{"", "SequenceErase", {}, kSequenceTraits, infer_erase, no_code};
  return def;
}
const OpDef& op_SequenceAt() {
  static const OpDef def{"", "SequenceAt", {}, kSequenceTraits, infer_at, no_code};
  return def;
}
const OpDef& op_SequenceLength() {
  static const OpDef def{"", "SequenceLength", {}, kSequenceTraits, infer_length, no_code};
  return def;
}
const OpDef& op_ConcatFromSequence() {
  static const OpDef def{"", "ConcatFromSequence", {required(attr_int("axis")), attr_int("new_axis", 0)}, kSequenceTraits,
                         infer_concat, lower_concat};
  return def;
}
const OpDef& op_SplitToSequence() {
  static const OpDef def{"", "SplitToSequence", {attr_int("axis", 0), attr_int("keepdims", 1)}, kSequenceTraits,
                         infer_split_to_sequence, no_code};
  return def;
}
/// SplitToSequence after resolution: one output per element.
const OpDef& op_SplitToTensors() {
  static const OpDef def{"onnx_aotc", "SplitToTensors", {required(attr_int("axis")), required(attr_ints("sizes")), attr_int("keepdims", 1)},
                         {}, infer_split_to_tensors, lower_split_to_tensors};
  return def;
}
const OpDef& op_SequenceMap() {
  static const OpDef def{"", "SequenceMap", {required(attr_graph("body"))}, kSequenceTraits, infer_sequence_map, no_code};
  return def;
}
const OpDef& op_Optional() {
  static const OpDef def{"", "Optional", {}, kSequenceTraits, infer_optional, no_code};
  return def;
}
const OpDef& op_OptionalHasElement() {
  static const OpDef def{"", "OptionalHasElement", {}, kSequenceTraits, infer_has_element, no_code};
  return def;
}
const OpDef& op_OptionalGetElement() {
  static const OpDef def{"", "OptionalGetElement", {}, kSequenceTraits, infer_get_element, no_code};
  return def;
}

}  // namespace aotc
