// SPDX-License-Identifier: Apache-2.0
// The onnx-aotc command line: compile, check, run.
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/run_command.h"
#include "cli/summary_json.h"
#include "driver.h"
#include "frontend/onnx_writer.h"
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
  IdentifierSet taken;
  return make_identifier(fs::path(model_path).stem().string(), taken);
}

std::vector<std::string> runtime_include_dirs() {
  // Installed layout: <prefix>/bin/onnx-aotc and <prefix>/include/onnx_aotc (reference and provider kernels).
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "include";
    if (fs::exists(installed / "onnx_aotc" / "model_api.h")) return {installed.string()};
  }
  return {ONNX_AOTC_SOURCE_RUNTIME_INCLUDE, ONNX_AOTC_SOURCE_PROVIDERS_INCLUDE};
}

/// `opt`: the pipeline's result as ONNX text on stdout, per '# -----'-separated part with --split-input-file
/// (how the lit tests put many small cases in one file). A part that does not compile prints its problems
/// and the others still run; the exit status is 1 if any failed.
int run_opt(const std::string& model, const CompileOptions& options, bool split,
            const std::function<void(const CompiledModel&)>& write_emitted_onnx) {
  std::vector<std::string> parts;
  if (!split) {
    parts.push_back(model);
  } else {
    std::ifstream in(model);
    if (!in) fail("{}: file not found", model);
    std::string line, text;
    auto flush = [&] {
      const std::string path = fmt::format("/tmp/onnx-aotc-opt-{}-{}.onnxtxt", getpid(), parts.size());
      std::ofstream(path) << text;
      parts.push_back(path);
      text.clear();
    };
    while (std::getline(in, line)) {
      if (line.rfind("# -----", 0) == 0) flush();
      else text += line + "\n";
    }
    flush();
  }
  int status = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) std::cout << "# -----\n";
    try {
      const CompiledModel c = analyze_model(parts[i], options);
      write_emitted_onnx(c);
      std::cout << graph_to_text(*c.model.graph) << "\n";
      for (const auto& e : c.diags.errors) std::cout << "# error: " << e << "\n";
      for (const auto& u : c.diags.unsupported) std::cout << "# unsupported: " << u << "\n";
      if (!c.diags.ok()) status = 1;
    } catch (const CompileError& e) {
      std::cout << "# error: " << e.what() << "\n";
      status = 1;
    }
    if (split) fs::remove(parts[i]);
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"onnx-aotc: compiles ONNX models ahead of time into self-contained C++"};
  app.set_version_flag("--version", std::string("onnx-aotc ") + kVersion);
  app.require_subcommand(1);

  std::string model, emit_onnx;
  std::vector<std::string> dims, shapes, constants, sequence_lengths;
  int64_t max_string_bytes = LoadOptions{}.max_string_bytes;
  PipelineOptions pipeline;
  bool print_after_all = false;
  std::vector<std::string> pass_names;
  for (const PassInfo& p : aotc::pipeline()) pass_names.push_back(fmt::format("{} (-O{}): {}", p.name, p.level, p.description));
  const std::string passes_help = "optimization passes instead of the -O level's, comma-separated; the passes:\n  " +
                                  fmt::format("{}", fmt::join(pass_names, "\n  "));
  auto add_model_options = [&](CLI::App* cmd) {
    cmd->add_option("MODEL", model, "the .onnx file (or .onnxtxt: ONNX's textual syntax)")->required();
    cmd->add_option("-O", pipeline.opt_level, "optimization level: 0 none (debugging), 1 cleanups, 2 (default) also fusions")
        ->check(CLI::Range(0, 2));
    cmd->add_option("--passes", pipeline.passes, passes_help)->delimiter(',');
    cmd->add_option("--print-after", pipeline.print_after, "print the graph (ONNX text, to stderr) after this pass (repeatable)")
        ->delimiter(',');
    cmd->add_flag("--print-after-all", print_after_all, "print the graph after every pass");
    cmd->add_option("--emit-onnx", emit_onnx, "also write the optimized graph as an ONNX model to this file");
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
  compile->add_option("--provider", provider, "kernel back end: ref (the reference kernels) or cpu (optimized, falling back to ref)")
      ->check(CLI::IsMember({"ref", "cpu"}));
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
  run->add_option("--provider", provider, "kernel back end (as for compile)")->check(CLI::IsMember({"ref", "cpu"}));

  CLI::App* opt = app.add_subcommand("opt", "run the pass pipeline and print the resulting graph in ONNX's textual syntax");
  add_model_options(opt);
  bool split_input = false;
  opt->add_flag("--split-input-file", split_input, "treat each '# -----'-separated part of an .onnxtxt file as its own model");

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
    IdentifierSet taken;
    if (make_identifier(name, taken) != name) fail("--name '{}' is not a usable C identifier", name);
    options.emit.name = name;
    if (weights == "incbin") options.emit.weights = WeightsMode::kIncbin;
    if (weights == "file") options.emit.weights = WeightsMode::kFile;
    if (provider == "cpu") options.provider = Provider::kCpu;
    if (print_after_all) pipeline.print_after.push_back("all");
    pipeline.print = [](std::string_view pass, const Graph& graph) {
      std::cerr << "# ----- graph after " << pass << "\n" << graph_to_text(graph) << "\n";
    };
    options.pipeline = pipeline;
    check_pass_names(options.pipeline);
    auto write_emitted_onnx = [&](const CompiledModel& c) {
      if (emit_onnx.empty()) return;
      std::ofstream out(emit_onnx, std::ios::binary);
      const std::string bytes = write_onnx_model(c.model, *c.model.graph);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) fail("{}: cannot write", emit_onnx);
    };

    if (*opt) return run_opt(model, options, split_input, write_emitted_onnx);
    if (*compile) {
      const CompiledModel c = analyze_model(model, options);
      write_emitted_onnx(c);
      const auto files = emit_compiled_model(c, model, options);
      fs::create_directories(out_dir);
      for (const auto& f : files) {
        std::ofstream out(fs::path(out_dir) / f.name, std::ios::binary);
        out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
        if (!out) fail("{}: cannot write", (fs::path(out_dir) / f.name).string());
      }
      return 0;
    }
    if (*check) {
      const CompiledModel c = analyze_model(model, options);
      write_emitted_onnx(c);
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
    run_options.runtime_include = runtime_include_dirs();
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
