// SPDX-License-Identifier: Apache-2.0
// Lowering: every node of an inferred, optimized graph to the kernel call that computes it.
//
// Not a graph-to-graph pass: it runs once, after the pipeline, and its result is what the planner and the
// emitter work from. Problems are collected, so that every unsupported node is reported at once.
#include <algorithm>

#include "ops/op_def.h"

#include "passes/pass.h"

namespace aotc {

std::vector<LoweredNode> lower_graph(const Graph& graph, Diagnostics& diags, Provider provider) {
  std::vector<LoweredNode> lowered;
  for (Node* node : graph.nodes) {
    const OpDef* def = find_op(node->domain, node->op_type);
    if (!def) continue;  // already reported by infer_shapes
    const bool inputs_known = std::all_of(node->inputs.begin(), node->inputs.end(), [](const Value* v) { return !v || v->shape_known; });
    const bool outputs_known = std::all_of(node->outputs.begin(), node->outputs.end(), [](const Value* v) { return !v || v->shape_known; });
    if (!inputs_known || !outputs_known) continue;
    OpContext ctx(*def, *node);
    ctx.set_provider(provider);
    try {
      LoweredNode ln{node, def->lower(ctx), def->traits.view, {}, def->traits.in_place && !def->traits.view};
      for (const KernelOperand& operand : ln.call.operands)
        if (operand.region) ln.regions.push_back(lower_graph(*operand.region, diags, provider));
      // Created strings keep their storage to the end of the run, but a body may run many times and would
      // overwrite the strings of its earlier iterations.
      for (const auto& region : ln.regions)
        for (const LoweredNode& inner : region)
          for (const KernelOperand& operand : inner.call.operands)
            if (operand.persistent)
              throw UnsupportedError(fmt::format("{}: {} in a subgraph creates strings, which only the main graph may do",
                                                 node->describe(), inner.node->describe()));
      lowered.push_back(std::move(ln));
    } catch (const UnsupportedError& e) {
      diags.unsupported.push_back(e.what());
    } catch (const CompileError& e) {
      diags.errors.push_back(e.what());
    }
  }
  return lowered;
}

}  // namespace aotc
