// SPDX-License-Identifier: Apache-2.0
#include "cli/summary_json.h"

#include <map>

#include <nlohmann/json.hpp>

namespace aotc {

std::string summary_json(const CompiledModel& c, const std::string& model_file) {
  using nlohmann::ordered_json;
  const Graph& g = *c.model.graph;
  auto tensors = [](const std::vector<Value*>& values, const Graph& graph, bool outputs) {
    ordered_json list = ordered_json::array();
    for (size_t i = 0; i < values.size(); ++i) {
      const Value* v = values[i];
      ordered_json shape = ordered_json::array();
      for (int64_t d : v->shape) shape.push_back(d);
      list.push_back({{"name", outputs ? graph.output_name(i) : v->name},
                      {"type", std::string(data_type_name(v->type))},
                      {"shape", v->shape_known ? shape : ordered_json()}});
    }
    return list;
  };
  // Keys in a fixed order and op counts sorted by name: the output is deterministic.
  std::map<std::string, int> counts;
  for (const Node* n : g.nodes) ++counts[n->domain.empty() ? n->op_type : n->domain + "." + n->op_type];
  const bool ok = c.diags.ok();
  auto size = [ok](size_t bytes) { return ok ? ordered_json(bytes) : ordered_json(); };
  ordered_json j;
  j["model"] = model_file;
  j["status"] = ok ? "supported" : "unsupported";
  j["inputs"] = tensors(g.inputs, g, false);
  j["outputs"] = tensors(g.outputs, g, true);
  j["nodes_before"] = c.nodes_before;
  j["nodes_after"] = g.nodes.size();
  j["op_counts_after"] = ordered_json(counts);
  j["arena_bytes"] = size(c.plan.arena_bytes);
  j["arena_lower_bound_bytes"] = size(c.plan.arena_lower_bound);
  j["intermediate_bytes_total"] = size(c.plan.intermediate_bytes);
  j["weights_bytes"] = size(c.plan.weights_bytes);
  j["errors"] = c.diags.errors;
  j["unsupported"] = c.diags.unsupported;
  // Names are arbitrary bytes: invalid UTF-8 is replaced rather than thrown on.
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace aotc
