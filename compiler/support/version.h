// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace aotc {
/// Version of onnx-aotc (from CMake's project version).
extern const char* const kVersion;
}  // namespace aotc
