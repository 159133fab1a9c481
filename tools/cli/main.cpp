// SPDX-License-Identifier: Apache-2.0
// The onnx-aotc command line: compile, check, run.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/run_command.h"
#include "cli/summary_json.h"
#include "driver.h"
#include "support/version.h"

namespace fs = std::filesystem;
using namespace aotc;

namespace {

/// NAME=VALUE pairs with non-negative integer values, for `option` (--dim, --sequence-length).
std::map<std::string, int64_t> parse_dims(const std::vector<std::string>& specs, const char* option = "--dim") {
  std::map<std::string, int64_t> dims;
  for (const auto& spec : specs) {
    const auto eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0) fail("{} '{}': expected NAME=VALUE", option, spec);
    try {
      size_t used = 0;
      const int64_t value = std::stoll(spec.substr(eq + 1), &used);
      if (used != spec.size() - eq - 1 || value < 0) throw std::invalid_argument("bad");
      dims[spec.substr(0, eq)] = value;
    } catch (const std::exception&) {
      fail("{} '{}': '{}' is not a non-negative integer", option, spec, spec.substr(eq + 1));
    }
  }
  return dims;
}

std::map<std::string, Shape> parse_shapes(const std::vector<std::string>& specs) {
  std::map<std::string, Shape> shapes;
  for (const auto& spec : specs) {
    const auto eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0) fail("--input-shape '{}': expected NAME=D1xD2x...", spec);
    Shape shape;
    const std::string dims = spec.substr(eq + 1);
    size_t pos = 0;
    while (!dims.empty() && pos <= dims.size()) {
      const size_t x = dims.find('x', pos);
      const std::string part = dims.substr(pos, x == std::string::npos ? std::string::npos : x - pos);
      try {
        size_t used = 0;
        const int64_t d = std::stoll(part, &used);
        if (used != part.size() || d < 0) throw std::invalid_argument("bad");
        shape.push_back(d);
      } catch (const std::exception&) {
        fail("--input-shape '{}': '{}' is not a dimension", spec, part);
      }
      if (x == std::string::npos) break;
      pos = x + 1;
    }
    shapes[spec.substr(0, eq)] = shape;
  }
  return shapes;
}

std::string default_name(const std::string& model_path) {
  std::vector<std::string> taken;
  return make_identifier(fs::path(model_path).stem().string(), taken);
}

std::string runtime_include_dir() {
  // Installed layout: <prefix>/bin/onnx-aotc and <prefix>/include/onnx_aotc.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "include";
    if (fs::exists(installed / "onnx_aotc" / "model_api.h")) return installed.string();
  }
  return ONNX_AOTC_SOURCE_RUNTIME_INCLUDE;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"onnx-aotc: compiles ONNX models ahead of time into self-contained C++"};
  app.set_version_flag("--version", std::string("onnx-aotc ") + kVersion);
  app.require_subcommand(1);

  std::string model;
  std::vector<std::string> dims, shapes, constants, sequence_lengths;
  int64_t max_string_bytes = LoadOptions{}.max_string_bytes;
  auto add_model_options = [&](CLI::App* cmd) {
    cmd->add_option("MODEL", model, "the .onnx file")->required();
    cmd->add_option("--dim", dims, "bind a symbolic dimension: SYMBOL=VALUE (repeatable)");
    cmd->add_option("--input-shape", shapes, "set an input's shape: NAME=1x3x224x224 (repeatable)");
    cmd->add_option("--constant-input", constants, "bind a graph input as a constant: NAME=FILE.pb|FILE.npy (repeatable)");
    cmd->add_option("--max-string-bytes", max_string_bytes,
                    "the most bytes an element of a string input may have when the model creates strings from it "
                    "(sizes their arena storage; longer inputs are rejected at run time)")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 30));
    cmd->add_option("--sequence-length", sequence_lengths,
                    "element count of a sequence graph input (0 or 1: optional); its tensors become inputs NAME[i] (repeatable)");
  };

  std::string out_dir, name, provider = "ref", weights = "embed";
  CLI::App* compile = app.add_subcommand("compile", "emit C++ sources for a model");
  add_model_options(compile);
  compile->add_option("-o,--output-dir", out_dir, "directory for the generated files")->required();
  compile->add_option("--name", name, "C identifier for the namespace and file names (default: the model's file name)");
  compile->add_option("--provider", provider, "kernel back end")->check(CLI::IsMember({"ref", "cpu"}));
  compile->add_option("--weights", weights, "embed: C++ literal; incbin: assembler .incbin of a .bin; file: a .bin the caller loads")
      ->check(CLI::IsMember({"embed", "incbin", "file"}));

  CLI::App* check = app.add_subcommand("check", "report a model's inputs, outputs, ops, arena size and every unsupported construct");
  add_model_options(check);
  bool json = false;
  check->add_flag("--json", json, "print the summary as JSON (nodes_before, nodes_after, op_counts_after, arena_bytes, ...)");

  std::vector<std::string> run_inputs;
  std::string run_output_dir;
  bool keep = false;
  CLI::App* run = app.add_subcommand("run", "compile, build with the system C++ compiler, run and print the outputs");
  add_model_options(run);
  run->add_option("--input", run_inputs, "NAME=FILE.npy or NAME=FILE.pb (repeatable; others are random, seed 0)");
  run->add_option("--output-dir", run_output_dir, "also write each output as DIR/<output name>.npy (strings: .pb)");
  run->add_option("--name", name, "C identifier for the generated code");
  run->add_flag("--keep", keep, "keep the temporary build directory");

  CLI11_PARSE(app, argc, argv);

  try {
    CompileOptions options;
    options.load.dims = parse_dims(dims);
    options.load.input_shapes = parse_shapes(shapes);
    options.load.max_string_bytes = max_string_bytes;
    for (const auto& [input, count] : parse_dims(sequence_lengths, "--sequence-length")) options.load.sequence_lengths[input] = count;
    for (const auto& spec : constants) {
      const auto eq = spec.find('=');
      if (eq == std::string::npos || eq == 0) fail("--constant-input '{}': expected NAME=FILE", spec);
      options.load.constant_inputs[spec.substr(0, eq)] = spec.substr(eq + 1);
    }
    options.emit.model_file = fs::path(model).filename().string();
    if (name.empty()) name = default_name(model);
    std::vector<std::string> taken;
    if (make_identifier(name, taken) != name) fail("--name '{}' is not a usable C identifier", name);
    options.emit.name = name;
    if (weights == "incbin") options.emit.weights = WeightsMode::kIncbin;
    if (weights == "file") options.emit.weights = WeightsMode::kFile;

    if (*compile) {
      const auto files = compile_model(model, options);
      fs::create_directories(out_dir);
      for (const auto& f : files) {
        std::ofstream out(fs::path(out_dir) / f.name, std::ios::binary);
        out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
        if (!out) fail("{}: cannot write", (fs::path(out_dir) / f.name).string());
      }
      return 0;
    }
    if (*check) {
      const CompiledModel c = analyze_model(model, options.load);
      std::cout << (json ? summary_json(c, options.emit.model_file) : describe_model(c));
      return c.diags.ok() ? 0 : 1;
    }
    RunOptions run_options;
    run_options.compile = options;
    for (const auto& spec : run_inputs) {
      const auto eq = spec.find('=');
      if (eq == std::string::npos || eq == 0) fail("--input '{}': expected NAME=FILE", spec);
      run_options.inputs[spec.substr(0, eq)] = spec.substr(eq + 1);
    }
    run_options.output_dir = run_output_dir;
    run_options.runtime_include = runtime_include_dir();
    run_options.keep = keep;
    return run_model(model, run_options);
  } catch (const UnsupportedError& e) {
    std::cerr << "onnx-aotc: unsupported: " << e.what() << "\n";
    return 1;
  } catch (const CompileError& e) {
    std::cerr << "onnx-aotc: " << e.what() << "\n";
    return 1;
  }
}
