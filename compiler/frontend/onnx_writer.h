// SPDX-License-Identifier: Apache-2.0
// Graph IR -> ONNX: the optimized graph as a model file (--emit-onnx) or as ONNX text (--print-after).
#pragma once

#include <cstdint>
#include <string>

#include "ir/graph.h"

namespace aotc {

struct WriteOptions {
  /// Constants with more elements are written without their data (text dumps stay readable); -1: all data.
  int64_t elide_constants_above = -1;
};

/// Serialized ModelProto of `graph` with `model`'s opsets and producer; shapes of intermediates as value_info.
std::string write_onnx_model(const Model& model, const Graph& graph, const WriteOptions& options = {});

/// The graph in ONNX's textual syntax (onnx/defs/printer.h), with big constants elided.
std::string graph_to_text(const Graph& graph);

}  // namespace aotc
