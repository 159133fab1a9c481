// SPDX-License-Identifier: Apache-2.0
// `onnx-aotc check --json`: the compile summary as one JSON object, for scripts and dashboards.
#pragma once

#include <string>

#include "driver.h"

namespace aotc {

/// Keys: model, status ("supported" or "unsupported"), inputs and outputs ({name, type, shape}), nodes_before,
/// nodes_after, op_counts_after (op type -> count), arena_bytes, arena_lower_bound_bytes,
/// intermediate_bytes_total, weights_bytes (the sizes are null when the model cannot be compiled), errors and
/// unsupported (messages).
std::string summary_json(const CompiledModel& compiled, const std::string& model_file);

}  // namespace aotc
