// SPDX-License-Identifier: Apache-2.0
#include "cli/run_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include "frontend/npy.h"

namespace aotc {
namespace fs = std::filesystem;
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) fail("{}: cannot write", path.string());
}

std::string file_safe(const std::string& name) {
  std::string out;
  for (unsigned char c : name) out += (std::isalnum(c) || c == '-' || c == '_' || c == '.') ? static_cast<char>(c) : '_';
  if (out.empty() || out[0] == '.') out = "_" + out;
  return out;
}

/// Random input with a fixed seed: floats in [0, 1), integers in {0, 1} (safe as indices), bools.
std::vector<uint8_t> random_input(const Value& v, std::mt19937& rng) {
  std::vector<uint8_t> bytes(v.byte_size());
  const int64_t n = v.numel();
  std::uniform_real_distribution<float> uniform(0.f, 1.f);
  auto put = [&](int64_t i, auto value) { std::memcpy(bytes.data() + i * sizeof(value), &value, sizeof(value)); };
  for (int64_t i = 0; i < n; ++i) {
    const float f = uniform(rng);
    switch (v.type) {
      case DataType::kFloat: put(i, f); break;
      case DataType::kDouble: put(i, static_cast<double>(f)); break;
      case DataType::kFloat16: put(i, onnx_aotc::float16(f).bits); break;
      case DataType::kBFloat16: put(i, onnx_aotc::bfloat16(f).bits); break;
      case DataType::kInt64: case DataType::kUint64: put(i, static_cast<int64_t>(f < 0.5f ? 0 : 1)); break;
      case DataType::kInt32: case DataType::kUint32: put(i, static_cast<int32_t>(f < 0.5f ? 0 : 1)); break;
      case DataType::kInt16: case DataType::kUint16: put(i, static_cast<int16_t>(f < 0.5f ? 0 : 1)); break;
      default: bytes[static_cast<size_t>(i) * data_type_size(v.type)] = f < 0.5f ? 0 : 1; break;
    }
  }
  return bytes;
}

std::string format_values(DataType type, const uint8_t* data, int64_t count) {
  std::vector<std::string> items;
  for (int64_t i = 0; i < count; ++i) {
    const uint8_t* p = data + i * data_type_size(type);
    auto load = [&](auto tag) { decltype(tag) v; std::memcpy(&v, p, sizeof(v)); return v; };
    switch (type) {
      case DataType::kFloat: items.push_back(fmt::format("{:.6g}", load(float{}))); break;
      case DataType::kDouble: items.push_back(fmt::format("{:.6g}", load(double{}))); break;
      case DataType::kFloat16: items.push_back(fmt::format("{:.5g}", static_cast<float>(onnx_aotc::float16::from_bits(load(uint16_t{}))))); break;
      case DataType::kBFloat16: items.push_back(fmt::format("{:.4g}", static_cast<float>(onnx_aotc::bfloat16::from_bits(load(uint16_t{}))))); break;
      case DataType::kInt64: items.push_back(fmt::format("{}", load(int64_t{}))); break;
      case DataType::kUint64: items.push_back(fmt::format("{}", load(uint64_t{}))); break;
      case DataType::kInt32: items.push_back(fmt::format("{}", load(int32_t{}))); break;
      case DataType::kUint32: items.push_back(fmt::format("{}", load(uint32_t{}))); break;
      case DataType::kInt16: items.push_back(fmt::format("{}", load(int16_t{}))); break;
      case DataType::kUint16: items.push_back(fmt::format("{}", load(uint16_t{}))); break;
      case DataType::kInt8: items.push_back(fmt::format("{}", load(int8_t{}))); break;
      case DataType::kBool: items.push_back(*p ? "true" : "false"); break;
      default: items.push_back(fmt::format("{}", *p)); break;
    }
  }
  return fmt::format("{}", fmt::join(items, ", "));
}

/// The generated main's string file format: per element, an int64 byte count, then the bytes.
std::vector<uint8_t> serialize_strings(const Buffer& buffer) {
  std::vector<uint8_t> out;
  for (const std::string& s : static_cast<const StringBuffer&>(buffer).strings()) {
    const int64_t size = static_cast<int64_t>(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(&size);
    out.insert(out.end(), p, p + sizeof size);
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

std::vector<std::string> parse_strings(const std::vector<uint8_t>& bytes, int64_t count, const std::string& output) {
  std::vector<std::string> strings;
  size_t at = 0;
  for (int64_t i = 0; i < count; ++i) {
    int64_t size = 0;
    if (bytes.size() - at < sizeof size) fail("output '{}': truncated string data", output);
    std::memcpy(&size, bytes.data() + at, sizeof size);
    at += sizeof size;
    if (size < 0 || static_cast<uint64_t>(size) > bytes.size() - at) fail("output '{}': malformed string data", output);
    strings.emplace_back(reinterpret_cast<const char*>(bytes.data() + at), static_cast<size_t>(size));
    at += static_cast<size_t>(size);
  }
  return strings;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += fmt::format("\\{}", static_cast<char>(c));
    else if (c >= 0x20 && c != 0x7f) out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  return out + "\"";
}

int run_command(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

int run_model(const std::string& model_path, const RunOptions& options) {
  CompileOptions compile = options.compile;
  compile.emit.weights = WeightsMode::kIncbin;
  CompiledModel analyzed = analyze_model(model_path, compile);
  const std::vector<EmittedFile> files = compile_model(model_path, compile);
  const Graph& graph = *analyzed.model.graph;

  char pattern[] = "/tmp/onnx-aotc-run-XXXXXX";
  if (!mkdtemp(pattern)) fail("cannot create a temporary directory");
  const fs::path dir = pattern;
  for (const auto& f : files) write_file(dir / f.name, f.content);
  const EmittedFile main_file = emit_run_main(compile.emit);
  write_file(dir / main_file.name, main_file.content);

  const char* cxx_env = std::getenv("CXX");
  const std::string cxx = cxx_env && *cxx_env ? cxx_env : "c++";
  const char* flags_env = std::getenv("CXXFLAGS");
  const std::string flags = flags_env ? flags_env : "";
  const std::string& name = compile.emit.name;
  const fs::path binary = dir / (name + "_run");
  std::string includes;
  for (const std::string& include : options.runtime_include) includes += " -I" + shell_quote(include);
  const std::string build = fmt::format(
      "{} -std=c++17 -O2 {} -I{}{} -Wa,-I{} {} {} {} -o {}", cxx, flags, shell_quote(dir.string()),
      includes, shell_quote(dir.string()), shell_quote((dir / (name + ".cpp")).string()),
      shell_quote((dir / (name + "_weights.S")).string()), shell_quote((dir / main_file.name).string()),
      shell_quote(binary.string()));
  if (run_command(build) != 0) fail("building the generated code failed (kept in {}): {}", dir.string(), build);

  std::string command = shell_quote(binary.string());
  std::mt19937 rng(0);
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const Value& in = *graph.inputs[i];
    std::vector<uint8_t> bytes;
    auto it = options.inputs.find(in.name);
    if (it != options.inputs.end()) {
      const std::string& file = it->second;
      auto tensor = file.size() > 4 && file.substr(file.size() - 4) == ".npy" ? read_npy(file) : load_tensor_proto_file(file);
      if (tensor->type != in.type) fail("{}: input '{}' must be {}, the file holds {}", file, in.name, data_type_name(in.type), data_type_name(tensor->type));
      if (tensor->shape != in.shape) fail("{}: input '{}' must have shape {}, the file holds {}", file, in.name, shape_to_string(in.shape), shape_to_string(tensor->shape));
      if (in.type == DataType::kString) bytes = serialize_strings(*tensor->constant);
      else bytes.assign(tensor->constant->data(), tensor->constant->data() + tensor->constant->size());
      fmt::print("input  {}: {} {} from {}\n", in.name, data_type_name(in.type), shape_to_string(in.shape), file);
    } else {
      if (in.type == DataType::kString) fail("input '{}' holds strings: give it with --input {}=FILE.pb", in.name, in.name);
      bytes = random_input(in, rng);
      fmt::print("input  {}: {} {} random (seed 0)\n", in.name, data_type_name(in.type), shape_to_string(in.shape));
    }
    const fs::path path = dir / fmt::format("input{}.bin", i);
    write_file(path, std::string(bytes.begin(), bytes.end()));
    command += " " + shell_quote(path.string());
  }
  for (const auto& [input_name, file] : options.inputs) {
    bool found = false;
    for (const Value* in : graph.inputs) found |= in->name == input_name;
    if (!found) fail("--input {}: the model has no input named '{}'", file, input_name);
  }
  for (size_t i = 0; i < graph.outputs.size(); ++i) command += " " + shell_quote((dir / fmt::format("output{}.bin", i)).string());
  if (run_command(command) != 0) fail("the compiled model failed to run (kept in {})", dir.string());

  if (!options.output_dir.empty()) fs::create_directories(options.output_dir);
  for (size_t i = 0; i < graph.outputs.size(); ++i) {
    const Value& out = *graph.outputs[i];
    const std::string name = graph.output_name(i);
    const fs::path raw = dir / fmt::format("output{}.bin", i);
    std::ifstream in(raw, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Shape shape = out.shape;
    if (out.data_dependent) {  // the actual dims, which the generated main wrote next to the data
      std::ifstream dims_in(raw.string() + ".dims", std::ios::binary);
      for (int64_t& d : shape) dims_in.read(reinterpret_cast<char*>(&d), sizeof d);
      if (!dims_in || (out.type != DataType::kString && static_cast<size_t>(shape_numel(shape)) * data_type_size(out.type) != bytes.size()))
        fail("output '{}': the compiled model reported dims that do not match its data", name);
    }
    const int64_t numel = shape_numel(shape);
    const int64_t shown = std::min<int64_t>(numel, 10);
    if (out.type == DataType::kString) {
      std::vector<std::string> items;
      for (const std::string& s : parse_strings(bytes, numel, name)) items.push_back(quoted(s));
      items.resize(static_cast<size_t>(shown));
      fmt::print("output {}: string {} = [{}{}]\n", name, shape_to_string(shape), fmt::join(items, ", "), shown < numel ? ", ..." : "");
      if (!options.output_dir.empty()) {  // .npy has no string type without pickles: a TensorProto instead
        onnx::TensorProto proto;
        proto.set_name(name);
        proto.set_data_type(onnx::TensorProto::STRING);
        for (int64_t d : shape) proto.add_dims(d);
        for (const std::string& s : parse_strings(bytes, numel, name)) proto.add_string_data(s);
        const std::string path = (fs::path(options.output_dir) / (file_safe(name) + ".pb")).string();
        std::ofstream pb(path, std::ios::binary);
        if (!proto.SerializeToOstream(&pb)) fail("{}: cannot write", path);
        fmt::print("       written to {}\n", path);
      }
      continue;
    }
    fmt::print("output {}: {} {} = [{}{}]\n", name, data_type_name(out.type), shape_to_string(shape),
               format_values(out.type, bytes.data(), shown), shown < numel ? ", ..." : "");
    if (out.map_keys) {  // a sequence of maps with these keys (ZipMap): the keys go next to the values
      const Value& keys = *out.map_keys;
      const std::string keys_name = name + ".keys";
      if (keys.type == DataType::kString) {
        std::vector<std::string> items;
        for (const std::string& s : static_cast<const StringBuffer&>(*keys.constant).strings()) items.push_back(quoted(s));
        fmt::print("       keys: [{}]\n", fmt::join(items, ", "));
      } else {
        fmt::print("       keys: [{}]\n", format_values(keys.type, keys.constant->data(), keys.numel()));
      }
      if (!options.output_dir.empty()) {
        const fs::path base = fs::path(options.output_dir) / file_safe(keys_name);
        if (keys.type == DataType::kString) {
          onnx::TensorProto proto;
          proto.set_name(keys_name);
          proto.set_data_type(onnx::TensorProto::STRING);
          proto.add_dims(keys.numel());
          for (const std::string& s : static_cast<const StringBuffer&>(*keys.constant).strings()) proto.add_string_data(s);
          std::ofstream pb(base.string() + ".pb", std::ios::binary);
          if (!proto.SerializeToOstream(&pb)) fail("{}.pb: cannot write", base.string());
        } else {
          write_npy(base.string() + ".npy", keys.type, keys.shape, keys.constant->data());
        }
      }
    }
    if (!options.output_dir.empty()) {
      const std::string path = (fs::path(options.output_dir) / (file_safe(name) + ".npy")).string();
      write_npy(path, out.type, shape, bytes.data());
      fmt::print("       written to {}\n", path);
    }
  }
  if (!options.keep) fs::remove_all(dir);
  return 0;
}

}  // namespace aotc
