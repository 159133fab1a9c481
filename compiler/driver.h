// SPDX-License-Identifier: Apache-2.0
// The compiler as a library: model file -> checked, optimized, planned, emitted sources.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "emitter/emitter.h"
#include "frontend/onnx_loader.h"
#include "passes/pass.h"

namespace aotc {

struct CompileOptions {
  LoadOptions load;
  PipelineOptions pipeline;
  Provider provider = Provider::kRef;
  EmitOptions emit;
};

/// Everything the compiler learned about a model; `diags` lists what keeps it from compiling.
struct CompiledModel {
  Model model;
  size_t nodes_before = 0;
  Diagnostics diags;
  std::vector<LoweredNode> lowered;
  MemoryPlan plan;
};

/// Loads a model, runs the pass pipeline, lowers it and plans its memory. Throws CompileError for a model
/// that cannot even be loaded; otherwise problems are collected in `diags`.
CompiledModel analyze_model(const std::string& path, const CompileOptions& options);

/// Emits the sources of an analyzed model; throws CompileError listing every problem if it is not supported.
std::vector<EmittedFile> emit_compiled_model(const CompiledModel& compiled, const std::string& path, const CompileOptions& options);

/// Compiles to sources; throws CompileError listing every problem if the model is not supported.
std::vector<EmittedFile> compile_model(const std::string& path, const CompileOptions& options);

/// Human-readable summary for `onnx-aotc check`.
std::string describe_model(const CompiledModel& compiled);

}  // namespace aotc
