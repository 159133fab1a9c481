// SPDX-License-Identifier: Apache-2.0
// NumPy .npy files (format versions 1 to 3, little-endian, C order) for `onnx-aotc run`.
#pragma once

#include <string>

#include "ir/graph.h"

namespace aotc {

/// Reads an .npy file into a detached constant value; fails naming the file for what it cannot read.
std::shared_ptr<Value> read_npy(const std::string& path);

/// Writes `type` elements of `shape` from `data` as an .npy file.
void write_npy(const std::string& path, DataType type, const Shape& shape, const void* data);

}  // namespace aotc
