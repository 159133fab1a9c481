// SPDX-License-Identifier: Apache-2.0
// Reads an .onnx file into the graph IR: initializers, Constant nodes, external data, local functions.
#pragma once

#include <map>
#include <string>

#include "ir/graph.h"

namespace aotc {

struct LoadOptions {
  /// Values for symbolic dimensions (dim_param), e.g. {"batch", 1}.
  std::map<std::string, int64_t> dims;
  /// Full shapes for named graph inputs; override what the model declares.
  std::map<std::string, Shape> input_shapes;
  /// Graph inputs to bind as constants from tensor files (.pb or .npy), e.g. a Reshape target that real
  /// exported models carry as an initializer. The input then disappears from the generated API.
  std::map<std::string, std::string> constant_inputs;
  /// Element counts of sequence graph inputs (0 or 1 for optionals). Such an input becomes one tensor input
  /// per element, "name[i]" (shapes from the declared element type or input_shapes["name[i]"]).
  std::map<std::string, int64_t> sequence_lengths;
  /// The most bytes an element of a string graph input may have, when the model creates strings from
  /// them (their storage in the arena is sized from it; the generated run rejects longer inputs).
  int64_t max_string_bytes = 4096;
};

/// Loads and validates the structure of a model. Throws CompileError naming the file, node or tensor.
Model load_onnx_model(const std::string& path, const LoadOptions& options);

/// Same, from bytes already in memory; `base_dir` resolves external data ("" forbids it).
Model load_onnx_model_from_bytes(const std::string& bytes, const std::string& base_dir,
                                 const LoadOptions& options, const std::string& display_name);

}  // namespace aotc

namespace aotc {
/// Reads a serialized TensorProto (.pb, as in ONNX test data) into a detached constant value.
std::shared_ptr<Value> load_tensor_proto_file(const std::string& path);
}  // namespace aotc
