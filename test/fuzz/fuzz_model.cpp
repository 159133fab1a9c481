// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as an .onnx file through the whole pipeline (pipeline.h). Finds problems
// in protobuf handling and the loader's validation; seeds in test/fuzz/corpus/fuzz_model.
#include <cstddef>
#include <cstdint>

#include "pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aotc::fuzz::run_pipeline(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
