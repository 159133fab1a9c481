// SPDX-License-Identifier: Apache-2.0
// The compiler pipeline the fuzz targets drive: bytes -> load (parse, validate) -> infer/fold -> lower -> plan ->
// emit. A CompileError is a correct rejection; anything else (crash, sanitizer report, hang) is a finding.
#pragma once

#include <string>

#include "emitter/emitter.h"
#include "frontend/onnx_loader.h"
#include "passes/pass.h"
#include "planner/memory_planner.h"
#include "support/diagnostics.h"

namespace aotc::fuzz {

inline void run_pipeline(const std::string& bytes) {
  try {
    LoadOptions options;
    options.dims = {{"batch", 1}, {"N", 2}, {"seq", 3}};
    // No base directory: external data is refused (the loader's file confinement has its own corpus tests).
    Model model = load_onnx_model_from_bytes(bytes, "", options, "fuzz.onnx");
    Graph& graph = *model.graph;
    Diagnostics diags;
    run_pipeline(graph, diags, PipelineOptions{});  // -O2: every pass sees the fuzzed graphs
    if (!diags.ok()) return;
    const auto lowered = lower_graph(graph, diags);
    if (!diags.ok()) return;
    const MemoryPlan plan = plan_memory(graph, lowered);
    EmitOptions emit;
    emit.name = "fuzz";
    emit.model_file = "fuzz.onnx";
    for (WeightsMode mode : {WeightsMode::kEmbed, WeightsMode::kIncbin}) {
      emit.weights = mode;
      emit_model(graph, lowered, plan, emit);
    }
  } catch (const CompileError&) {
  }
}

}  // namespace aotc::fuzz
