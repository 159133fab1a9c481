// SPDX-License-Identifier: Apache-2.0
// If, Loop and Scan. The bodies are inferred as subgraphs and emitted as nested code; the kernels in
// onnx_aotc/ref/control_flow.h move values in and out of them. Shapes stay static: If branches must agree,
// loop-carried values keep their shape, and a Loop with scan outputs needs an iteration count known at
// compile time.
#include <onnx_aotc/ref/control_flow.h>

#include <algorithm>
#include <numeric>

#include "ops/op_def.h"

namespace aotc {
namespace {

constexpr OpTraits kControlFlowTraits{false, false, false, /*foldable=*/false};

Graph& body_of(const OpContext& ctx, const char* attribute) {
  const Attribute& a = ctx.attr(attribute);
  if (!a.graph) ctx.error("attribute '{}' holds no graph", attribute);
  return *a.graph;
}

/// Gives body input `index` its type and shape; a type the body declares must agree.
void bind_body_input(const OpContext& ctx, Graph& body, size_t index, DataType type, const Shape& shape) {
  Value* v = body.inputs[index];
  if (v->type != DataType::kUndefined && v->type != type)
    ctx.error("body input {} ('{}') is declared {} but receives {}", index, v->name, data_type_name(v->type),
              data_type_name(type));
  if (v->shape_known && !v->shape.empty() && v->shape != shape && shape_numel(v->shape) != shape_numel(shape))
    ctx.error("body input {} ('{}') is declared {} but receives {}", index, v->name, shape_to_string(v->shape),
              shape_to_string(shape));
  v->type = type;
  v->shape = shape;
  v->shape_known = true;
}

void infer_body(const OpContext& ctx, Graph& body) {
  if (!ctx.infer_subgraph(body)) ctx.skip();
}

bool is_scalar_like(const Value& v) { return v.numel() == 1 && v.shape.size() <= 1; }

KernelOperand value_list(std::vector<const Value*> values, bool is_output) {
  KernelOperand o;
  o.values = std::move(values);
  o.is_list = true;
  o.is_output = is_output;
  return o;
}

std::vector<const Value*> slice_of(const std::vector<Value*>& values, size_t first, size_t end) {
  return {values.begin() + static_cast<long>(first), values.begin() + static_cast<long>(end)};
}

std::vector<int64_t> byte_sizes(const std::vector<const Value*>& values) {
  std::vector<int64_t> bytes;
  for (const Value* v : values) bytes.push_back(static_cast<int64_t>(v->byte_size()));
  return bytes;
}

// ---- If ------------------------------------------------------------------------------------------

void infer_if(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Value& cond = ctx.input(0);
  if (cond.type != DataType::kBool || !is_scalar_like(cond))
    ctx.error("condition '{}' must be a bool scalar, not {} {}", cond.name, data_type_name(cond.type), shape_to_string(cond.shape));
  Graph& then_body = body_of(ctx, "then_branch");
  Graph& else_body = body_of(ctx, "else_branch");
  if (!then_body.inputs.empty() || !else_body.inputs.empty()) ctx.error("If branches take no inputs");
  if (cond.is_constant()) {
    // Only the taken branch runs; the other may not even be valid for these shapes (function bodies
    // such as AffineGrid's branch on the input's rank).
    Graph& taken = cond.constant_data<bool>()[0] ? then_body : else_body;
    infer_body(ctx, taken);
    if (taken.outputs.size() != ctx.num_outputs())
      ctx.error("has {} outputs but its taken branch has {}", ctx.num_outputs(), taken.outputs.size());
    for (size_t i = 0; i < ctx.num_outputs(); ++i)
      if (ctx.has_output(i)) ctx.set_output(i, taken.outputs[i]->type, taken.outputs[i]->shape);
    // A branch that folded completely folds the If (shape computations in function bodies do).
    if (std::all_of(taken.outputs.begin(), taken.outputs.end(), [](const Value* v) { return v->is_constant(); }))
      for (size_t i = 0; i < ctx.num_outputs(); ++i)
        if (ctx.has_output(i)) ctx.output(i).constant = taken.outputs[i]->constant;
    return;
  }
  infer_body(ctx, then_body);
  infer_body(ctx, else_body);
  if (then_body.outputs.size() != ctx.num_outputs() || else_body.outputs.size() != ctx.num_outputs())
    ctx.error("has {} outputs but its branches have {} and {}", ctx.num_outputs(), then_body.outputs.size(),
              else_body.outputs.size());
  for (size_t i = 0; i < ctx.num_outputs(); ++i) {
    const Value* a = then_body.outputs[i];
    const Value* b = else_body.outputs[i];
    if (a->type != b->type)
      ctx.error("output {}: the branches give {} and {}", i, data_type_name(a->type), data_type_name(b->type));
    if (a->shape != b->shape)
      ctx.unsupported("output {}: the branches give shapes {} and {} (a data-dependent shape)", i, shape_to_string(a->shape),
                      shape_to_string(b->shape));
    if (ctx.has_output(i)) ctx.set_output(i, a->type, a->shape);
  }
}

KernelCall lower_if(OpContext& ctx) {
  const Graph& then_body = body_of(ctx, "then_branch");
  const Graph& else_body = body_of(ctx, "else_branch");
  std::vector<const Value*> outputs(ctx.node().outputs.begin(), ctx.node().outputs.end());
  for (const Value* v : outputs)
    if (!v) ctx.unsupported("omitted outputs are not supported");
  const onnx_aotc::ref::IfParams p{static_cast<int64_t>(outputs.size())};
  if (ctx.input(0).is_constant()) {
    const Graph& taken = ctx.input(0).constant_data<bool>()[0] ? then_body : else_body;
    return make_region_call("control_flow", "run_branch", p,
                            {value_list(outputs, true), value_list(slice_of(taken.outputs, 0, taken.outputs.size()), false),
                             KernelOperand::literal_array(byte_sizes(outputs)), KernelOperand::body(&taken)},
                            {"void", "void", "int64_t", ""});
  }
  return make_region_call("control_flow", "if_then_else", p,
                          {ctx.in(0), value_list(outputs, true), value_list(slice_of(then_body.outputs, 0, then_body.outputs.size()), false),
                           value_list(slice_of(else_body.outputs, 0, else_body.outputs.size()), false),
                           KernelOperand::literal_array(byte_sizes(outputs)), KernelOperand::body(&then_body),
                           KernelOperand::body(&else_body)},
                          {"bool", "void", "void", "void", "int64_t", "", ""});
}

// ---- Loop ----------------------------------------------------------------------------------------

/// Whether the body's condition output is its condition input passed through views (Identity).
bool condition_passes_through(const Graph& body) {
  const Value* v = body.outputs[0];
  while (v->producer) {
    const OpDef* def = find_op(v->producer->domain, v->producer->op_type);
    if (!def || !def->traits.view || v->producer->inputs.empty()) return false;
    v = v->producer->inputs[0];
  }
  return v == body.inputs[1];
}

void infer_loop(OpContext& ctx) {
  Graph& body = body_of(ctx, "body");
  if (ctx.num_inputs() < 2) ctx.error("expects at least 2 inputs (trip count and condition, possibly empty)");
  const size_t carried = ctx.num_inputs() - 2;
  if (body.inputs.size() != carried + 2)
    ctx.error("body has {} inputs, expected {} (iteration number, condition and {} carried values)", body.inputs.size(),
              carried + 2, carried);
  if (body.outputs.size() < carried + 1 || ctx.num_outputs() != body.outputs.size() - 1)
    ctx.error("body has {} outputs and the node {}; expected the condition, {} carried values and as many scan outputs as "
              "the node has beyond them", body.outputs.size(), ctx.num_outputs(), carried);
  if (ctx.has_input(0) && (ctx.input(0).type != DataType::kInt64 || !is_scalar_like(ctx.input(0))))
    ctx.error("trip count must be an int64 scalar");
  if (ctx.has_input(1) && (ctx.input(1).type != DataType::kBool || !is_scalar_like(ctx.input(1))))
    ctx.error("condition must be a bool scalar");
  bind_body_input(ctx, body, 0, DataType::kInt64, {});
  bind_body_input(ctx, body, 1, DataType::kBool, {});
  for (size_t i = 0; i < carried; ++i) {
    if (!ctx.has_input(2 + i)) ctx.error("carried value {} is omitted", i);
    bind_body_input(ctx, body, 2 + i, ctx.input(2 + i).type, ctx.input(2 + i).shape);
  }
  infer_body(ctx, body);
  if (body.outputs[0]->type != DataType::kBool || !is_scalar_like(*body.outputs[0]))
    ctx.error("body output 0 (the condition) must be a bool scalar");
  for (size_t i = 0; i < carried; ++i) {
    const Value* out = body.outputs[1 + i];
    const Value& in = ctx.input(2 + i);
    if (out->type != in.type) ctx.error("carried value {} enters as {} and leaves the body as {}", i, data_type_name(in.type), data_type_name(out->type));
    if (out->shape != in.shape)
      ctx.unsupported("carried value {} changes shape from {} to {} in the body", i, shape_to_string(in.shape),
                      shape_to_string(out->shape));
    if (ctx.has_output(i)) ctx.set_output(i, in.type, in.shape);
  }
  const size_t scans = body.outputs.size() - 1 - carried;
  if (scans == 0) return;
  // Scan outputs stack one slice per iteration: the count must be known now.
  if (!ctx.has_input(0)) ctx.unsupported("scan outputs need a trip count (a loop ended only by its condition has a data-dependent output shape)");
  int64_t trips = std::max<int64_t>(ctx.constant_ints(0)[0], 0);
  if (ctx.has_input(1)) {
    if (!ctx.constant_input(1).constant_data<bool>()[0]) trips = 0;
  }
  const Value* cond_out = body.outputs[0];
  const bool always_true = cond_out->is_constant() && cond_out->constant_data<bool>()[0];
  if (trips > 0 && !always_true && !condition_passes_through(body))
    ctx.unsupported("scan outputs with a condition computed in the body (a data-dependent output shape)");
  for (size_t j = 0; j < scans; ++j) {
    const Value* slice = body.outputs[1 + carried + j];
    Shape shape = {trips};
    shape.insert(shape.end(), slice->shape.begin(), slice->shape.end());
    if (ctx.has_output(carried + j)) ctx.set_output(carried + j, slice->type, shape);
  }
}

KernelCall lower_loop(OpContext& ctx) {
  const Graph& body = body_of(ctx, "body");
  const size_t carried = ctx.num_inputs() - 2;
  const auto& outs = ctx.node().outputs;
  std::vector<const Value*> initial;
  for (size_t i = 0; i < carried; ++i) initial.push_back(&ctx.input(2 + i));
  std::vector<const Value*> scan_slices = slice_of(body.outputs, 1 + carried, body.outputs.size());
  size_t scratch = 0;
  for (const Value* v : initial) scratch += v->byte_size();
  const onnx_aotc::ref::LoopParams p{static_cast<int64_t>(carried), static_cast<int64_t>(scan_slices.size())};
  return make_region_call("control_flow", "loop", p,
                          {ctx.in(0), ctx.in(1), value_list(initial, false), value_list(slice_of(outs, 0, carried), true),
                           value_list(slice_of(outs, carried, outs.size()), true),
                           value_list(slice_of(body.inputs, 0, body.inputs.size()), true),
                           value_list(slice_of(body.outputs, 0, body.outputs.size()), false),
                           KernelOperand::literal_array(byte_sizes(initial)), KernelOperand::literal_array(byte_sizes(scan_slices)),
                           KernelOperand::scratch(scratch), KernelOperand::body(&body)},
                          {"int64_t", "bool", "void", "void", "void", "void", "void", "int64_t", "int64_t", "unsigned char", ""});
}

// ---- Scan ----------------------------------------------------------------------------------------

/// The pieces of a Scan node: opset 8 has a leading sequence_lens input and a batch axis on everything.
struct ScanLayout {
  bool batched = false;
  size_t first_state = 0;  // node input index of the first state value
  size_t num_state = 0, num_scan_inputs = 0, num_scan_outputs = 0;
  std::vector<int64_t> input_axes, input_reverse, output_axes, output_reverse;
};

std::vector<int64_t> ints_or(const OpContext& ctx, const char* name, size_t count, int64_t fallback) {
  std::vector<int64_t> v = ctx.has_attr(name) ? ctx.attr_ints(name) : std::vector<int64_t>(count, fallback);
  if (v.size() != count) ctx.error("attribute '{}' has {} entries, expected {}", name, v.size(), count);
  return v;
}

ScanLayout scan_layout(const OpContext& ctx, const Graph& body) {
  ScanLayout l;
  l.batched = ctx.opset() < 9;
  l.first_state = l.batched ? 1 : 0;
  if (l.batched && ctx.has_input(0)) ctx.unsupported("sequence_lens is not supported (every batch entry scans the full length)");
  const int64_t m = ctx.attr_int("num_scan_inputs");
  if (m < 1 || static_cast<size_t>(m) + l.first_state > ctx.num_inputs()) ctx.error("num_scan_inputs {} does not fit the {} inputs", m, ctx.num_inputs());
  l.num_scan_inputs = static_cast<size_t>(m);
  l.num_state = ctx.num_inputs() - l.first_state - l.num_scan_inputs;
  if (ctx.num_outputs() < l.num_state) ctx.error("has {} outputs, fewer than its {} state values", ctx.num_outputs(), l.num_state);
  l.num_scan_outputs = ctx.num_outputs() - l.num_state;
  if (body.inputs.size() != l.num_state + l.num_scan_inputs || body.outputs.size() != ctx.num_outputs())
    ctx.error("body has {} inputs and {} outputs, expected {} and {}", body.inputs.size(), body.outputs.size(),
              l.num_state + l.num_scan_inputs, ctx.num_outputs());
  if (l.batched) {
    l.input_axes.assign(l.num_scan_inputs, 0);
    l.output_axes.assign(l.num_scan_outputs, 0);
    l.input_reverse = ints_or(ctx, "directions", l.num_scan_inputs, 0);
    l.output_reverse.assign(l.num_scan_outputs, 0);
  } else {
    l.input_axes = ints_or(ctx, "scan_input_axes", l.num_scan_inputs, 0);
    l.input_reverse = ints_or(ctx, "scan_input_directions", l.num_scan_inputs, 0);
    l.output_axes = ints_or(ctx, "scan_output_axes", l.num_scan_outputs, 0);
    l.output_reverse = ints_or(ctx, "scan_output_directions", l.num_scan_outputs, 0);
  }
  return l;
}

/// Shape without the leading batch axis (opset 8).
Shape unbatched(const ScanLayout& l, const Shape& s) { return l.batched ? Shape(s.begin() + 1, s.end()) : s; }

void infer_scan(OpContext& ctx) {
  Graph& body = body_of(ctx, "body");
  ScanLayout l = scan_layout(ctx, body);
  int64_t batch = 1, length = -1;
  for (size_t i = l.first_state; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) ctx.error("input {} is omitted", i);
    if (l.batched) {
      if (ctx.input(i).shape.empty()) ctx.error("input {} has no batch axis", i);
      if (i > l.first_state && ctx.input(i).shape[0] != batch) ctx.error("inputs disagree on the batch size");
      batch = ctx.input(i).shape[0];
    }
  }
  for (size_t i = 0; i < l.num_state; ++i) {
    const Value& v = ctx.input(l.first_state + i);
    bind_body_input(ctx, body, i, v.type, unbatched(l, v.shape));
  }
  for (size_t j = 0; j < l.num_scan_inputs; ++j) {
    const Value& v = ctx.input(l.first_state + l.num_state + j);
    Shape s = unbatched(l, v.shape);
    const int64_t axis = normalize_axis(ctx, l.input_axes[j], static_cast<int64_t>(s.size()), "scan_input_axes");
    l.input_axes[j] = axis;
    if (length >= 0 && s[static_cast<size_t>(axis)] != length) ctx.error("scan inputs have different lengths");
    length = s[static_cast<size_t>(axis)];
    s.erase(s.begin() + axis);
    bind_body_input(ctx, body, l.num_state + j, v.type, s);
  }
  infer_body(ctx, body);
  for (size_t i = 0; i < l.num_state; ++i) {
    const Value& in = ctx.input(l.first_state + i);
    const Value* out = body.outputs[i];
    if (out->type != in.type || out->shape != unbatched(l, in.shape))
      ctx.error("state value {} enters as {} {} and leaves the body as {} {}", i, data_type_name(in.type),
                shape_to_string(unbatched(l, in.shape)), data_type_name(out->type), shape_to_string(out->shape));
    if (ctx.has_output(i)) ctx.set_output(i, in.type, in.shape);
  }
  for (size_t j = 0; j < l.num_scan_outputs; ++j) {
    const Value* slice = body.outputs[l.num_state + j];
    Shape s = slice->shape;
    const int64_t axis = normalize_axis(ctx, l.output_axes[j], static_cast<int64_t>(s.size()) + 1, "scan_output_axes");
    s.insert(s.begin() + axis, length);
    if (l.batched) s.insert(s.begin(), batch);
    if (ctx.has_output(l.num_state + j)) ctx.set_output(l.num_state + j, slice->type, s);
  }
}

/// {outer, inner bytes, reverse, batch stride bytes} of a scanned tensor (shape without batch) along `axis`.
void append_layout(std::vector<int64_t>& out, const Shape& s, int64_t axis, int64_t reverse, DataType type) {
  const auto a = static_cast<size_t>(axis);
  const int64_t outer = std::accumulate(s.begin(), s.begin() + axis, int64_t{1}, std::multiplies<>());
  const int64_t inner = std::accumulate(s.begin() + axis + 1, s.end(), int64_t{1}, std::multiplies<>()) *
                        static_cast<int64_t>(data_type_size(type));
  out.insert(out.end(), {outer, inner, reverse != 0 ? 1 : 0, outer * s[a] * inner});
}

KernelCall lower_scan(OpContext& ctx) {
  const Graph& body = body_of(ctx, "body");
  ScanLayout l = scan_layout(ctx, body);
  const auto& ins = ctx.node().inputs;
  const auto& outs = ctx.node().outputs;
  std::vector<const Value*> state = slice_of(ins, l.first_state, l.first_state + l.num_state);
  std::vector<const Value*> scanned = slice_of(ins, l.first_state + l.num_state, ins.size());
  std::vector<int64_t> state_bytes, layouts;
  size_t scratch = 0;
  for (const Value* v : state) {
    const int64_t bytes = static_cast<int64_t>(body.inputs[state_bytes.size()]->byte_size());
    state_bytes.push_back(bytes);
    scratch += static_cast<size_t>(bytes);
  }
  int64_t length = 0, batch = 1;
  for (size_t j = 0; j < l.num_scan_inputs; ++j) {
    const Shape s = unbatched(l, scanned[j]->shape);
    const int64_t axis = normalize_axis(ctx, l.input_axes[j], static_cast<int64_t>(s.size()), "scan_input_axes");
    length = s[static_cast<size_t>(axis)];
    if (l.batched) batch = scanned[j]->shape[0];
    append_layout(layouts, s, axis, l.input_reverse[j], scanned[j]->type);
  }
  for (size_t j = 0; j < l.num_scan_outputs; ++j) {
    const Value* slice = body.outputs[l.num_state + j];
    Shape s = slice->shape;
    const int64_t axis = normalize_axis(ctx, l.output_axes[j], static_cast<int64_t>(s.size()) + 1, "scan_output_axes");
    s.insert(s.begin() + axis, length);
    append_layout(layouts, s, axis, l.output_reverse[j], slice->type);
  }
  const onnx_aotc::ref::ScanParams p{batch, length, static_cast<int64_t>(l.num_state), static_cast<int64_t>(l.num_scan_inputs),
                                     static_cast<int64_t>(l.num_scan_outputs)};
  return make_region_call("control_flow", "scan", p,
                          {value_list(state, false), value_list(scanned, false), value_list(slice_of(outs, 0, l.num_state), true),
                           value_list(slice_of(outs, l.num_state, outs.size()), true),
                           value_list(slice_of(body.inputs, 0, body.inputs.size()), true),
                           value_list(slice_of(body.outputs, 0, body.outputs.size()), false),
                           KernelOperand::literal_array(state_bytes), KernelOperand::literal_array(layouts),
                           KernelOperand::scratch(scratch), KernelOperand::body(&body)},
                          {"void", "void", "void", "void", "void", "void", "int64_t", "int64_t", "unsigned char", ""});
}

}  // namespace

const OpDef& op_If() {
  static const OpDef def{"", "If", {required(attr_graph("then_branch")), required(attr_graph("else_branch"))},
                         kControlFlowTraits, infer_if, lower_if};
  return def;
}

const OpDef& op_Loop() {
  static const OpDef def{"", "Loop", {required(attr_graph("body"))}, kControlFlowTraits, infer_loop, lower_loop};
  return def;
}

const OpDef& op_Scan() {
  static const OpDef def{"", "Scan",
                         {required(attr_graph("body")), required(attr_int("num_scan_inputs")), attr_ints("directions"),
                          attr_ints("scan_input_axes"), attr_ints("scan_input_directions"), attr_ints("scan_output_axes"),
                          attr_ints("scan_output_directions")},
                         kControlFlowTraits, infer_scan, lower_scan};
  return def;
}

}  // namespace aotc
