// SPDX-License-Identifier: Apache-2.0
// `onnx-aotc run`: compile to a temporary directory, build with the system C++ compiler, run, print.
#pragma once

#include <map>
#include <string>

#include "driver.h"

namespace aotc {

struct RunOptions {
  CompileOptions compile;
  std::map<std::string, std::string> inputs;  ///< input name -> .npy or .pb file
  std::string output_dir;                     ///< write <output>.npy files here if set
  std::vector<std::string> runtime_include;   ///< runtime_lib/include and providers/cpu/include (one dir installed)
  bool keep = false;                          ///< keep the temporary directory
};

/// Returns the process exit code.
int run_model(const std::string& model_path, const RunOptions& options);

}  // namespace aotc
