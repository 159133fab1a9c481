// SPDX-License-Identifier: Apache-2.0
#include "driver.h"

#include <fmt/format.h>

namespace aotc {

CompiledModel analyze_model(const std::string& path, const CompileOptions& options) {
  check_pass_names(options.pipeline);
  CompiledModel c;
  c.model = load_onnx_model(path, options.load);
  Graph& graph = *c.model.graph;
  c.nodes_before = graph.nodes.size();
  for (Value* v : graph.inputs)
    if (v->type == DataType::kString) v->max_string_bytes = options.load.max_string_bytes;
  run_pipeline(graph, c.diags, options.pipeline);
  // Possible only when every output is an empty sequence: such a model computes nothing a caller could see.
  if (c.diags.ok() && graph.outputs.empty()) c.diags.errors.push_back("the model has no outputs (each is an empty sequence)");
  if (!c.diags.ok()) {
    // Still lower what we can so that unsupported types are reported in the same run.
    lower_graph(graph, c.diags, options.provider);
    return c;
  }
  c.lowered = lower_graph(graph, c.diags, options.provider);
  if (c.diags.ok()) c.plan = plan_memory(graph, c.lowered);
  return c;
}

std::vector<EmittedFile> emit_compiled_model(const CompiledModel& c, const std::string& path, const CompileOptions& options) {
  if (!c.diags.ok()) {
    std::string message = path + ": the model cannot be compiled:\n";
    for (const auto& e : c.diags.errors) message += "  error: " + e + "\n";
    for (const auto& u : c.diags.unsupported) message += "  unsupported: " + u + "\n";
    message.pop_back();
    throw CompileError(message);
  }
  return emit_model(*c.model.graph, c.lowered, c.plan, options.emit);
}

std::vector<EmittedFile> compile_model(const std::string& path, const CompileOptions& options) {
  return emit_compiled_model(analyze_model(path, options), path, options);
}

std::string describe_model(const CompiledModel& c) {
  const Graph& g = *c.model.graph;
  std::string out;
  out += fmt::format("model: ir_version {}, producer '{}', opsets:", c.model.ir_version, c.model.producer);
  for (const auto& [domain, version] : c.model.opsets) out += fmt::format(" {}={}", domain.empty() ? "ai.onnx" : domain, version);
  out += "\n";
  auto value_line = [](const char* kind, const Value* v) {
    return fmt::format("  {} '{}': {} {}\n", kind, v->name, data_type_name(v->type),
                       v->shape_known ? shape_to_string(v->shape) : "[unknown]");
  };
  for (const Value* v : g.inputs) out += value_line("input ", v);
  for (const Value* v : g.outputs) out += value_line("output", v);
  std::map<std::string, int> counts;
  for (const Node* n : g.nodes) ++counts[n->domain.empty() ? n->op_type : n->domain + "." + n->op_type];
  out += fmt::format("nodes: {} in the model, {} after folding and cleanup\n", c.nodes_before, g.nodes.size());
  for (const auto& [op, count] : counts) out += fmt::format("  {:<24} {}\n", op, count);
  if (c.diags.ok()) {
    out += fmt::format("arena: {} bytes (lower bound {}, sum of intermediates {})\n", c.plan.arena_bytes,
                       c.plan.arena_lower_bound, c.plan.intermediate_bytes);
    out += fmt::format("weights: {} bytes\n", c.plan.weights_bytes);
    out += "status: supported\n";
  } else {
    for (const auto& e : c.diags.errors) out += "error: " + e + "\n";
    for (const auto& u : c.diags.unsupported) out += "unsupported: " + u + "\n";
    out += fmt::format("status: {} error(s), {} unsupported\n", c.diags.errors.size(), c.diags.unsupported.size());
  }
  return out;
}

}  // namespace aotc
