// SPDX-License-Identifier: Apache-2.0
// OpContext helpers and the op registry.
#include "ops/op_def.h"

#include <algorithm>
#include <set>

namespace aotc {

#define AOTC_OP(name) const OpDef& op_##name();
#include "ops/op_list.inc"
#undef AOTC_OP

const std::vector<const OpDef*>& all_ops() {
  static const std::vector<const OpDef*> ops = [] {
    std::vector<const OpDef*> list = {
#define AOTC_OP(name) &op_##name(),
#include "ops/op_list.inc"
#undef AOTC_OP
    };
    std::sort(list.begin(), list.end(), [](const OpDef* a, const OpDef* b) {
      return std::tie(a->domain, a->name) < std::tie(b->domain, b->name);
    });
    return list;
  }();
  return ops;
}

const OpDef* find_op(std::string_view domain, std::string_view name) {
  const auto& ops = all_ops();
  auto it = std::lower_bound(ops.begin(), ops.end(), std::make_pair(domain, name), [](const OpDef* op, const auto& key) {
    return std::make_pair(std::string_view(op->domain), std::string_view(op->name)) < key;
  });
  if (it == ops.end() || (*it)->domain != domain || (*it)->name != name) return nullptr;
  return *it;
}

namespace {
AttrSpec make_spec(std::string name, Attribute::Kind kind) {
  AttrSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  return spec;
}
}  // namespace

AttrSpec attr_int(std::string name, std::optional<int64_t> default_value) {
  AttrSpec spec = make_spec(std::move(name), Attribute::Kind::kInt);
  if (default_value) {
    spec.default_value = Attribute{};
    spec.default_value->kind = Attribute::Kind::kInt;
    spec.default_value->i = *default_value;
  }
  return spec;
}
AttrSpec attr_float(std::string name, std::optional<double> default_value) {
  AttrSpec spec = make_spec(std::move(name), Attribute::Kind::kFloat);
  if (default_value) {
    spec.default_value = Attribute{};
    spec.default_value->kind = Attribute::Kind::kFloat;
    spec.default_value->f = *default_value;
  }
  return spec;
}
AttrSpec attr_string(std::string name, std::optional<std::string> default_value) {
  AttrSpec spec = make_spec(std::move(name), Attribute::Kind::kString);
  if (default_value) {
    spec.default_value = Attribute{};
    spec.default_value->kind = Attribute::Kind::kString;
    spec.default_value->s = *default_value;
  }
  return spec;
}
AttrSpec attr_ints(std::string name) { return make_spec(std::move(name), Attribute::Kind::kInts); }
AttrSpec attr_floats(std::string name) { return make_spec(std::move(name), Attribute::Kind::kFloats); }
AttrSpec attr_strings(std::string name) { return make_spec(std::move(name), Attribute::Kind::kStrings); }
AttrSpec attr_tensor(std::string name) { return make_spec(std::move(name), Attribute::Kind::kTensor); }
AttrSpec attr_graph(std::string name) { return make_spec(std::move(name), Attribute::Kind::kGraph); }
AttrSpec required(AttrSpec spec) {
  spec.required = true;
  return spec;
}

const Value& OpContext::input(size_t i) const {
  if (!has_input(i)) error("input {} is required", i);
  return *node_.inputs[i];
}

Value& OpContext::output(size_t i) const {
  if (!has_output(i)) error("output {} is required", i);
  return *node_.outputs[i];
}

KernelOperand OpContext::in(size_t i) const {
  KernelOperand op;
  op.values.push_back(has_input(i) ? node_.inputs[i] : nullptr);
  return op;
}

KernelOperand OpContext::in_list(size_t first) const {
  KernelOperand op;
  op.is_list = true;
  for (size_t i = first; i < node_.inputs.size(); ++i) op.values.push_back(node_.inputs[i]);
  return op;
}

KernelOperand OpContext::out(size_t i) const {
  KernelOperand op;
  op.values.push_back(has_output(i) ? node_.outputs[i] : nullptr);
  op.is_output = true;
  return op;
}

KernelOperand OpContext::out_dims(size_t i) const {
  KernelOperand op = out(i);
  op.is_dims = true;
  return op;
}

void OpContext::set_output_bounded(size_t i, DataType type, Shape bound) const {
  set_output(i, type, std::move(bound));
  if (has_output(i)) node_.outputs[i]->data_dependent = true;
}

KernelOperand OpContext::out_list(size_t first) const {
  KernelOperand op;
  op.is_list = true;
  op.is_output = true;
  for (size_t i = first; i < node_.outputs.size(); ++i) op.values.push_back(node_.outputs[i]);
  return op;
}

const AttrSpec& OpContext::spec(const std::string& name, Attribute::Kind kind) const {
  for (const auto& s : def_.attributes)
    if (s.name == name) {
      if (s.kind != kind)
        throw std::logic_error(fmt::format("op {} reads attribute '{}' as {} but declares {}", def_.name, name,
                                           attribute_kind_name(kind), attribute_kind_name(s.kind)));
      return s;
    }
  throw std::logic_error(fmt::format("op {} reads undeclared attribute '{}'", def_.name, name));
}

bool OpContext::has_attr(const std::string& name) const { return node_.find_attribute(name) != nullptr; }

const Attribute& OpContext::attr(const std::string& name) const {
  const Attribute* a = node_.find_attribute(name);
  if (a) return *a;
  for (const auto& s : def_.attributes)
    if (s.name == name && s.default_value) return *s.default_value;
  error("attribute '{}' is required", name);
}

int64_t OpContext::attr_int(const std::string& name) const {
  spec(name, Attribute::Kind::kInt);
  return attr(name).i;
}
double OpContext::attr_float(const std::string& name) const {
  spec(name, Attribute::Kind::kFloat);
  return attr(name).f;
}
std::string OpContext::attr_string(const std::string& name) const {
  spec(name, Attribute::Kind::kString);
  return attr(name).s;
}
std::vector<int64_t> OpContext::attr_ints(const std::string& name) const {
  spec(name, Attribute::Kind::kInts);
  const Attribute* a = node_.find_attribute(name);
  return a ? a->ints : std::vector<int64_t>{};
}
std::vector<double> OpContext::attr_floats(const std::string& name) const {
  spec(name, Attribute::Kind::kFloats);
  const Attribute* a = node_.find_attribute(name);
  return a ? a->floats : std::vector<double>{};
}

void OpContext::set_output(size_t i, DataType type, Shape shape) const {
  if (!has_output(i)) return;
  Value& v = *node_.outputs[i];
  if (shape.size() > static_cast<size_t>(onnx_aotc::kMaxRank))
    unsupported("output {} has rank {}, more than the supported {}", i, shape.size(), onnx_aotc::kMaxRank);
  int64_t total = 1;
  for (int64_t d : shape) {
    if (d < 0) error("output '{}' would have negative dimension {}", v.name, d);
    if (d != 0 && total > (int64_t{1} << 40) / d) error("output '{}' would have more than 2^40 elements", v.name);
    total *= d;
  }
  v.type = type;
  v.shape = std::move(shape);
  v.shape_known = true;
}

namespace {
/// Names of the non-constant values without a producer (graph inputs) that `v` is computed from.
std::vector<std::string> source_inputs(const Value& v) {
  std::vector<std::string> names;
  std::set<const Value*> seen;
  std::vector<const Value*> work = {&v};
  while (!work.empty()) {
    const Value* cur = work.back();
    work.pop_back();
    if (!cur || cur->is_constant() || !seen.insert(cur).second) continue;
    if (!cur->producer) {
      names.push_back(cur->name);
      continue;
    }
    for (const Value* in : cur->producer->inputs) work.push_back(in);
    for (const Value* in : cur->producer->captures()) work.push_back(in);
  }
  std::sort(names.begin(), names.end());
  return names;
}
}  // namespace

const std::vector<Value*>& OpContext::sequence(size_t i) const {
  const Value& v = input(i);
  if (v.kind != ValueKind::kSequence) error("input {} ('{}') must be a sequence", i, v.name);
  return v.elements;
}

Graph& OpContext::graph() const {
  if (!graph_) throw std::logic_error("the graph is not available here");
  return *graph_;
}

bool OpContext::infer_subgraph(Graph& graph) const {
  if (!subgraph_inference_) throw std::logic_error("subgraph inference is not available here");
  return subgraph_inference_(graph);
}

std::vector<int64_t> OpContext::constant_ints(size_t i) const {
  const Value& v = constant_input(i);
  std::vector<int64_t> out(static_cast<size_t>(v.numel()));
  for (size_t k = 0; k < out.size(); ++k) {
    if (v.type == DataType::kInt64) out[k] = v.constant_data<int64_t>()[k];
    else if (v.type == DataType::kInt32) out[k] = v.constant_data<int32_t>()[k];
    else error("input {} ('{}') must be int32 or int64, not {}", i, v.name, data_type_name(v.type));
  }
  return out;
}

std::string OpContext::constant_requirement(size_t i) const {
  const Value& v = input(i);
  std::string from;
  if (v.producer) {
    std::vector<std::string> quoted;
    for (const std::string& name : source_inputs(v)) quoted.push_back("'" + name + "'");
    if (!quoted.empty()) from = fmt::format("; it is computed from graph inputs {}", fmt::join(quoted, ", "));
  }
  return fmt::format("input {} ('{}') must be a constant because it determines an output shape{}", i, v.name, from);
}

const Value& OpContext::constant_input(size_t i) const {
  const Value& v = input(i);
  if (!v.is_constant()) unsupported("{}", constant_requirement(i));
  return v;
}

void OpContext::expect_inputs(size_t min, size_t max) const {
  size_t n = node_.inputs.size();
  while (n > 0 && node_.inputs[n - 1] == nullptr) --n;
  if (n < min || n > max) {
    if (min == max) error("expects {} inputs, has {}", min, n);
    error("expects {} to {} inputs, has {}", min, max, n);
  }
}

void OpContext::expect_same_type(std::initializer_list<size_t> indices, size_t reference) const {
  const DataType type = input(reference).type;
  for (size_t i : indices)
    if (has_input(i) && input(i).type != type)
      error("input {} ('{}') is {} but input {} is {}", i, input(i).name, data_type_name(input(i).type), reference,
            data_type_name(type));
}

onnx_aotc::Dims to_dims(const Shape& shape) {
  if (shape.size() > static_cast<size_t>(onnx_aotc::kMaxRank)) fail("rank {} exceeds the supported {}", shape.size(), onnx_aotc::kMaxRank);
  onnx_aotc::Dims dims{static_cast<int32_t>(shape.size()), {}};
  for (size_t i = 0; i < shape.size(); ++i) dims.d[i] = shape[i];
  return dims;
}

int64_t normalize_axis(const OpContext& ctx, int64_t axis, int64_t rank, const char* what) {
  if (axis < -rank || axis >= rank) ctx.error("{} {} is out of range for rank {}", what, axis, rank);
  return axis < 0 ? axis + rank : axis;
}

int64_t checked_add(const OpContext& ctx, int64_t a, int64_t b, const char* what) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) ctx.error("{} ({} + {}) overflows int64", what, a, b);
  return r;
}

int64_t checked_mul(const OpContext& ctx, int64_t a, int64_t b, const char* what) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) ctx.error("{} ({} * {}) overflows int64", what, a, b);
  return r;
}

Shape broadcast_shapes(const OpContext& ctx, const std::vector<Shape>& shapes) {
  size_t rank = 0;
  for (const auto& s : shapes) rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const auto& s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[rank - s.size() + i];
      const int64_t d = s[i];
      if (d == o || d == 1) continue;
      if (o == 1) { o = d; continue; }
      std::vector<std::string> text;
      for (const auto& x : shapes) text.push_back(shape_to_string(x));
      ctx.error("input shapes {} cannot be broadcast together", fmt::join(text, " and "));
    }
  }
  return out;
}

}  // namespace aotc
