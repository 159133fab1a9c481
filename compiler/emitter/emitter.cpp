// SPDX-License-Identifier: Apache-2.0
// The emitter, one private step per artifact: API declarations, the entry function, the weights.
// It prints the kernel calls the ops lowered to; it knows nothing about particular ops.
#include "emitter/emitter.h"

#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "emitter/templates.h"
#include "support/version.h"

namespace aotc {
namespace {

std::string fill(std::string text, const std::map<std::string, std::string>& vars) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t at = text.find('@', pos);
    if (at == std::string::npos) break;
    const size_t end = text.find('@', at + 1);
    if (end == std::string::npos) break;
    auto it = vars.find(text.substr(at + 1, end - at - 1));
    if (it == vars.end()) {  // not a placeholder ("@object" in assembly): keep the '@'
      out.append(text, pos, at + 1 - pos);
      pos = at + 1;
      continue;
    }
    out.append(text, pos, at - pos);
    out += it->second;
    pos = end + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

bool is_reserved(const std::string& s) {
  static const std::set<std::string> words = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
      "char", "char8_t", "char16_t", "char32_t", "class", "co_await", "co_return", "co_yield", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "decltype", "default", "delete", "do",
      "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend",
      "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
      "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires",
      "restrict", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
      "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union",
      "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "main", "arena",
      "weights", "std", "onnx_aotc", "inputs", "outputs", "run", "run_graph", "NULL", "errno", "assert"};
  if (words.count(s)) return true;
  // Reserved for the implementation: leading underscore + capital, or any double underscore.
  return (s.size() > 1 && s[0] == '_' && std::isupper(static_cast<unsigned char>(s[1]))) ||
         s.find("__") != std::string::npos;
}

}  // namespace

std::string make_identifier(const std::string& name, IdentifierSet& taken) {
  std::string id;  // non-alphanumerics become '_', runs of them one '_' (one pass: names may be huge)
  for (unsigned char c : name) {
    const char ch = std::isalnum(c) ? static_cast<char>(c) : '_';
    if (ch != '_' || id.empty() || id.back() != '_') id += ch;
  }
  if (id.empty() || id == "_" || std::isdigit(static_cast<unsigned char>(id[0]))) id = "t_" + id;
  if (id.size() > 1 && id[0] == '_') id = "t" + id;
  if (id.size() > 64) id = id.substr(0, 64);
  if (is_reserved(id)) id += "_";
  // Suffixes continue where the last collision on this base stopped: linear in the number of names.
  std::string unique = id;
  int& next = taken.next_suffix.try_emplace(id, 2).first->second;
  while (taken.used.count(unique)) unique = fmt::format("{}_{}", id, next++);
  taken.used.insert(unique);
  return unique;
}

std::string escape_string_literal(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += fmt::format("\\{}", static_cast<char>(c));
    else if (c >= 0x20 && c < 0x7f && c != '?') out += static_cast<char>(c);  // '?' avoids trigraphs
    else out += fmt::format("\\{:03o}", c);
  }
  return out;
}

std::string comment_safe(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  while (!out.empty() && out.back() == '\\') out.back() = '?';
  return out;
}

namespace {

struct Emitter {
  const Graph& graph;
  const std::vector<LoweredNode>& nodes;
  const MemoryPlan& plan;
  const EmitOptions& options;
  std::vector<std::string> input_params, output_params;
  mutable int temporaries = 0;  // numbers the emitted lists and literals

  std::string ctype(const Value* v) const { return std::string(data_type_ctype(v->type)); }

  std::string describe(const Value* v) const {
    return fmt::format("{} {} {}", comment_safe(v->name), data_type_name(v->type), shape_to_string(v->shape));
  }

  /// Expression for a value's storage as a pointer to `type`.
  std::string pointer(const Value* v, const std::string& type, bool is_output) const {
    if (!v) return "nullptr";
    const Storage& s = plan.storage.at(v);
    const std::string qual = is_output ? "" : "const ";
    const char* cast = type == "void" ? "static_cast" : "reinterpret_cast";  // control flow passes untyped lists
    switch (s.kind) {
      case Storage::Kind::kInput:
        if (type == ctype(v)) return input_params[s.index];
        return fmt::format("reinterpret_cast<const {}*>({})", type, input_params[s.index]);
      case Storage::Kind::kOutput:
        if (type == ctype(v)) return output_params[s.index];
        return fmt::format("reinterpret_cast<{}{}*>({})", qual, type, output_params[s.index]);
      case Storage::Kind::kArena:
        return fmt::format("{}<{}{}*>(arena + {})", cast, qual, type, s.offset);
      case Storage::Kind::kWeights:
        return fmt::format("{}<const {}*>(weights + {})", cast, type, s.offset);
      case Storage::Kind::kStrings:
        if (type == ctype(v)) return fmt::format("strings{}", s.index);
        return fmt::format("{}<const {}*>(strings{})", cast, type, s.index);
    }
    return "nullptr";
  }

  std::string tensor_info(const Value* v, const std::string& name) const {
    std::vector<std::string> dims;
    for (int64_t d : v->shape) dims.push_back(fmt::format("{}", d));
    if (dims.empty()) dims.push_back("0");
    return fmt::format("    {{\"{}\", {}, {}, {{{}}}, {}, {}, {}}},", escape_string_literal(name), static_cast<int>(v->type),
                       v->shape.size(), fmt::join(dims, ", "), v->numel(), v->byte_size(), v->data_dependent ? 1 : 0);
  }

  /// For each output that stands for a sequence of maps with the same keys (ZipMap), its keys as a constant array
  /// `k<Output>Keys` (C++ has no readable sequence-of-maps type; a row per map reads like one).
  std::string map_keys() const {
    std::string out;
    for (size_t i = 0; i < graph.outputs.size(); ++i) {
      const Value* keys = graph.outputs[i]->map_keys.get();
      if (!keys) continue;
      std::string camel;
      bool upper = true;
      for (char c : output_params[i]) {
        if (c == '_') {
          upper = true;
          continue;
        }
        camel += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
      }
      std::vector<std::string> items;
      if (keys->type == DataType::kString) {
        for (const std::string& s : static_cast<const StringBuffer&>(*keys->constant).strings())
          items.push_back(fmt::format("ONNX_AOTC_STRING(\"{}\", {})", escape_string_literal(s), s.size()));
      } else {
        for (int64_t k = 0; k < keys->numel(); ++k) items.push_back(fmt::format("{}", keys->constant_data<int64_t>()[k]));
      }
      const Shape& shape = graph.outputs[i]->shape;
      out += fmt::format("/// Output {} `{}` is a sequence of {} maps from {} keys to float: row r, column j of the [{}, {}]\n"
                         "/// tensor is map r's value for key k{}Keys[j].\n"
                         "inline constexpr {} k{}Keys[] = {{{}}};\n",
                         i, output_params[i], shape[0], keys->type == DataType::kString ? "string" : "int64", shape[0], shape[1],
                         camel, keys->type == DataType::kString ? "onnx_aotc_string" : "int64_t", camel, fmt::join(items, ", "));
    }
    return out;
  }

  /// Statements for a list of lowered nodes (subgraph bodies nest as lambdas), indented by `indent`.
  std::string statements(const std::vector<LoweredNode>& list, const std::string& indent) const {
    std::string out;
    std::set<const LoweredNode*> elided(plan.elided_views.begin(), plan.elided_views.end());
    for (const LoweredNode& ln : list) {
      const Node& n = *ln.node;
      std::vector<std::string> ins, outs;
      for (const Value* v : n.inputs) ins.push_back(v ? describe(v) : "-");
      for (const Value* v : n.outputs) outs.push_back(v ? describe(v) : "-");
      out += fmt::format("{}// {} '{}': {} -> {}\n", indent, comment_safe(n.op_type), comment_safe(n.name), fmt::join(ins, ", "),
                         fmt::join(outs, ", "));
      if (elided.count(&ln)) {
        out += indent + "// (a view of its input: no code)\n";
        continue;
      }
      std::vector<std::string> args;
      std::string prelude;
      size_t region = 0;
      for (size_t i = 0; i < ln.call.operands.size(); ++i) {
        const KernelOperand& operand = ln.call.operands[i];
        const std::string& type = ln.call.operand_types[i];
        if (operand.region) {
          const std::string inner = indent + "      ";
          args.push_back(fmt::format("[&]() noexcept {{\n{}{}  }}", statements(ln.regions[region++], inner), indent + "    "));
        } else if (operand.is_dims) {
          args.push_back(dims_pointer(operand.values[0], prelude, indent));
        } else if (operand.scratch_bytes > 0) {
          args.push_back(fmt::format("arena + {}", plan.scratch.at(&operand)));
        } else if (operand.is_literal) {
          if (operand.literal.empty()) {
            args.push_back("nullptr");
            continue;
          }
          const std::string name = fmt::format("literal{}", ++temporaries);
          prelude += fmt::format("{}  static constexpr int64_t {}[] = {{{}}};\n", indent, name, fmt::join(operand.literal, ", "));
          args.push_back(name);
        } else if (operand.is_list) {
          if (operand.values.empty()) {
            args.push_back("nullptr");
            continue;
          }
          std::vector<std::string> items;
          for (const Value* v : operand.values) items.push_back(pointer(v, type, operand.is_output));
          const std::string name = fmt::format("list{}", ++temporaries);
          prelude += fmt::format("{}  {}{}* const {}[] = {{{}}};\n", indent, operand.is_output ? "" : "const ", type, name,
                                 fmt::join(items, ", "));
          args.push_back(name);
        } else {
          args.push_back(pointer(operand.values[0], type, operand.is_output));
        }
      }
      const std::string call = fmt::format("{}(\n{}      {},\n{}      {});\n", ln.call.function, indent, ln.call.params_literal,
                                           indent, fmt::join(args, ", "));
      out += prelude.empty() ? indent + call : indent + "{\n" + prelude + indent + "  " + call + indent + "}\n";
    }
    return out;
  }

  /// Where a kernel reports a data-dependent value's dims: the caller's row for a graph output, else a
  /// local array (an output nobody reads).
  std::string dims_pointer(const Value* v, std::string& prelude, const std::string& indent) const {
    if (!v) return "nullptr";
    for (size_t i = 0; i < graph.outputs.size() && v->data_dependent; ++i)
      if (graph.outputs[i] == v) return fmt::format("output_dims + {}", i * onnx_aotc::kMaxRank);
    const std::string name = fmt::format("dims{}", ++temporaries);
    prelude += fmt::format("{}  int64_t {}[{}];\n", indent, name, onnx_aotc::kMaxRank);
    return name;
  }

  /// Whether some kernel creates strings (it then has string storage, sized from the inputs' bound).
  static bool creates_strings(const std::vector<LoweredNode>& list) {
    for (const auto& ln : list) {
      for (const auto& operand : ln.call.operands)
        if (operand.persistent) return true;
      for (const auto& region : ln.regions)
        if (creates_strings(region)) return true;
    }
    return false;
  }

  /// String constants as tables of views of string literals.
  std::string string_tables() const {
    std::string out;
    for (size_t i = 0; i < plan.string_tables.size(); ++i) {
      const Value* v = plan.string_tables[i];
      const auto& strings = static_cast<const StringBuffer&>(*v->constant).strings();
      out += fmt::format("// {}\nconst onnx_aotc_string strings{}[] = {{\n", describe(v), i);
      for (const std::string& s : strings) out += fmt::format("    ONNX_AOTC_STRING(\"{}\", {}),\n", escape_string_literal(s), s.size());
      if (strings.empty()) out += "    ONNX_AOTC_STRING(nullptr, 0),  // (an empty tensor; C++ has no empty arrays)\n";
      out += "};\n";
    }
    return out.empty() ? out : out + "\n";
  }

  /// Statements at the top of `run` that reject malformed (and, when the model creates strings, too long)
  /// string inputs before any kernel reads them.
  std::string input_checks(bool bounded) const {
    std::string out;
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      const Value* v = graph.inputs[i];
      if (v->type != DataType::kString || v->numel() == 0) continue;
      out += fmt::format("  for (size_t i = 0; i < {}; ++i) {{  // input '{}'\n", v->numel(), comment_safe(v->name));
      out += fmt::format("    const onnx_aotc_string& s = {}[i];\n", input_params[i]);
      out += fmt::format("    if (s.size < 0 || (s.size > 0 && s.data == nullptr){}) return 2;\n  }}\n",
                         bounded ? " || s.size > kMaxStringBytes" : "");
    }
    return out;
  }

  static size_t count_calls(const std::vector<LoweredNode>& list) {
    size_t n = list.size();
    for (const auto& ln : list)
      for (const auto& region : ln.regions) n += count_calls(region);
    return n;
  }

  std::string body() const {
    std::string out = statements(nodes, "  ");
    // Outputs not written by a node (graph inputs, constants, repeated outputs) are copied.
    for (size_t i = 0; i < graph.outputs.size(); ++i) {
      const Value* v = graph.outputs[i];
      const Storage& s = plan.storage.at(v);
      if (s.kind == Storage::Kind::kOutput && s.index == i) continue;
      out += fmt::format("  std::memcpy({}, {}, {});  // output '{}'\n", output_params[i], pointer(v, "unsigned char", false),
                         v->byte_size(), comment_safe(v->name));
    }
    return out;
  }

  std::vector<EmittedFile> emit() {
    IdentifierSet taken;
    for (const Value* v : graph.inputs) input_params.push_back(make_identifier(v->name, taken));
    for (size_t i = 0; i < graph.outputs.size(); ++i) output_params.push_back(make_identifier(graph.output_name(i), taken));
    const std::string& name = options.name;
    const bool file_weights = options.weights == WeightsMode::kFile;

    std::vector<std::string> params, forward, c_forward, graph_params, c_checks;
    if (file_weights) params.push_back("const void* weights_blob");
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      params.push_back(fmt::format("const {}* {}", ctype(graph.inputs[i]), input_params[i]));
      c_forward.push_back(fmt::format("static_cast<const {}*>(inputs[{}])", ctype(graph.inputs[i]), i));
      c_checks.push_back(fmt::format("  if (inputs[{}] == nullptr) return 1;\n", i));
    }
    for (size_t i = 0; i < graph.outputs.size(); ++i) {
      params.push_back(fmt::format("{}* {}", ctype(graph.outputs[i]), output_params[i]));
      c_forward.push_back(fmt::format("static_cast<{}*>(outputs[{}])", ctype(graph.outputs[i]), i));
      c_checks.push_back(fmt::format("  if (outputs[{}] == nullptr) return 1;\n", i));
    }
    const bool data_dependent =
        std::any_of(graph.outputs.begin(), graph.outputs.end(), [](const Value* v) { return v->data_dependent; });
    params.push_back("void* arena");
    c_forward.push_back("arena");
    if (data_dependent) {
      params.push_back("int64_t* output_dims");
      c_forward.push_back("output_dims");
    }
    if (file_weights) c_forward.insert(c_forward.begin(), "weights_blob");
    graph_params = {"const unsigned char* weights", "unsigned char* arena"};
    forward = {file_weights ? "static_cast<const unsigned char*>(weights_blob)" : fmt::format("{}_weights_data", name),
               "static_cast<unsigned char*>(arena)"};
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      graph_params.push_back(fmt::format("const {}* {}", ctype(graph.inputs[i]), input_params[i]));
      forward.push_back(input_params[i]);
    }
    for (size_t i = 0; i < graph.outputs.size(); ++i) {
      graph_params.push_back(fmt::format("{}* {}", ctype(graph.outputs[i]), output_params[i]));
      forward.push_back(output_params[i]);
    }
    graph_params.push_back("int64_t* output_dims");
    forward.push_back(data_dependent ? "output_dims" : "nullptr");

    int64_t max_string_bytes = -1;
    for (const Value* v : graph.inputs)
      if (v->type == DataType::kString) max_string_bytes = std::max(max_string_bytes, v->max_string_bytes);
    const bool bounded_strings = max_string_bytes >= 0 && creates_strings(nodes);

    std::string io_doc, input_infos, output_infos;
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      io_doc += fmt::format("/// Input {} `{}`: {} {}\n", i, input_params[i], data_type_name(graph.inputs[i]->type),
                            shape_to_string(graph.inputs[i]->shape));
      input_infos += tensor_info(graph.inputs[i], graph.inputs[i]->name) + "\n";
    }
    for (size_t i = 0; i < graph.outputs.size(); ++i) {
      io_doc += fmt::format("/// Output {} `{}`: {} {}{}\n", i, output_params[i], data_type_name(graph.outputs[i]->type),
                            shape_to_string(graph.outputs[i]->shape),
                            graph.outputs[i]->data_dependent ? fmt::format(" at most; its actual dims are output_dims[{}..]", i * onnx_aotc::kMaxRank) : "");
      output_infos += tensor_info(graph.outputs[i], graph.output_name(i)) + "\n";
    }
    // C++ forbids empty arrays: a model without inputs gets a placeholder entry (kNumInputs stays 0). The driver
    // rejects a model without outputs; the placeholder keeps the emitter total for callers that skip it.
    if (input_infos.empty()) input_infos = "    {\"\", 0, 0, {0}, 0, 0, 0},\n";
    if (output_infos.empty()) output_infos = "    {\"\", 0, 0, {0}, 0, 0, 0},\n";
    input_infos.pop_back();
    output_infos.pop_back();

    std::set<std::string> headers;
    bool needs_numeric = false;
    std::function<void(const std::vector<LoweredNode>&)> collect_headers = [&](const std::vector<LoweredNode>& list) {
      for (const auto& ln : list) {
        headers.insert(ln.call.header);
        for (const auto& region : ln.regions) collect_headers(region);
      }
    };
    collect_headers(nodes);
    for (const Value* v : graph.inputs) needs_numeric |= ctype(v).rfind("onnx_aotc::", 0) == 0;
    for (const Value* v : graph.outputs) needs_numeric |= ctype(v).rfind("onnx_aotc::", 0) == 0;
    std::string includes;
    for (const auto& h : headers) includes += fmt::format("#include <{}>\n", h);

    std::map<std::string, std::string> vars = {
        {"VERSION", kVersion},
        {"MODEL_FILE", comment_safe(options.model_file)},
        {"MODEL_DOC", fmt::format("Model graph '{}': {} kernel calls.", comment_safe(graph.name), count_calls(nodes) - plan.elided_views.size())},
        {"GUARD", "ONNX_AOTC_MODEL_" + name + "_H"},
        {"NAME", name},
        {"CPP_INCLUDES", needs_numeric ? "#include <onnx_aotc/numeric_types.h>\n" : ""},
        {"ARENA_BYTES", fmt::format("{}", plan.arena_bytes)},
        {"WEIGHTS_BYTES", fmt::format("{}", plan.weights_bytes)},
        {"WEIGHTS_MODE", file_weights ? "load them from " + name + "_weights.bin and pass them to run" : "linked in"},
        {"NUM_INPUTS", fmt::format("{}", graph.inputs.size())},
        {"NUM_OUTPUTS", fmt::format("{}", graph.outputs.size())},
        {"IO_DOC", io_doc},
        {"INPUT_INFOS", input_infos},
        {"OUTPUT_INFOS", output_infos},
        {"MAP_KEYS", map_keys()},
        {"RUN_DECL", fmt::format("int run({}) noexcept", fmt::join(params, ", "))},
        {"STRING_TABLES", string_tables()},
        {"INPUT_CHECKS", input_checks(bounded_strings)},
        {"MAX_STRING_DOC", bounded_strings ? fmt::format("/// The most bytes an element of a string input may have (the model creates strings from them,\n"
                                                         "/// and sizes their storage in the arena for this).\n"
                                                         "inline constexpr int64_t kMaxStringBytes = {};\n", max_string_bytes)
                                           : ""},
        {"C_RUN_DECL", fmt::format("int {}_run({}const void* const* inputs, void* const* outputs, void* arena)", name,
                                   file_weights ? "const void* weights_blob, " : "")},
        {"C_RUN_DIMS_DECL", fmt::format("int {}_run_dims({}const void* const* inputs, void* const* outputs, int64_t* output_dims, void* arena)",
                                        name, file_weights ? "const void* weights_blob, " : "")},
        {"C_RUN_DIMS_FORWARD", fmt::format("{}inputs, outputs, output_dims, arena", file_weights ? "weights_blob, " : "")},
        {"RUN_DIMS_DOC", data_dependent ? "\n/// Some outputs have data-dependent shapes: `output_dims` (kNumOutputs * ONNX_AOTC_MAX_RANK entries)\n"
                                          "/// receives their actual dims, row i for output i."
                                        : ""},
        {"KERNEL_INCLUDES", includes},
        {"WEIGHTS_DECL", file_weights ? "" : fmt::format("extern \"C\" const unsigned char {}_weights_data[];\n", name)},
        {"GRAPH_PARAMS", fmt::format("{}", fmt::join(graph_params, ", "))},
        {"BODY", body()},
        {"RUN_FORWARD", fmt::format("{}", fmt::join(forward, ", "))},
        {"C_FORWARD", fmt::format("{}", fmt::join(c_forward, ", "))},
        {"C_CHECKS", fmt::format("{}", fmt::join(c_checks, ""))},
    };
    // Unused parameters are normal (an input only read through an alias); keep -Wextra quiet.
    // Inputs may go unread (e.g. only their shape mattered: Shape, Size, EyeLike fold to constants).
    std::string unused;
    for (const std::string& name : input_params) unused += fmt::format("  static_cast<void>({});\n", name);
    vars["BODY"] = fmt::format("  static_cast<void>(weights);\n  static_cast<void>(arena);\n  static_cast<void>(output_dims);\n{}{}",
                               unused, vars["BODY"]);

    std::vector<EmittedFile> files;
    files.push_back({name + ".h", fill(templates::kModelHeader, vars)});
    files.push_back({name + ".cpp", fill(templates::kModelSource, vars)});
    std::string blob(plan.weights_bytes, '\0');
    for (const Value* w : plan.weights)
      std::copy(w->constant->data(), w->constant->data() + w->byte_size(), blob.begin() + static_cast<long>(plan.storage.at(w).offset));
    switch (options.weights) {
      case WeightsMode::kEmbed: {
        // "\xNN" per byte, by table: weights run to hundreds of MB, where formatting each byte is too slow.
        static constexpr char kHex[] = "0123456789abcdef";
        std::string literal;
        literal.reserve(blob.size() * 4 + blob.size() / 32 * 7 + 8);
        for (size_t i = 0; i < blob.size(); i += 32) {
          literal += "    \"";
          for (size_t j = i; j < std::min(blob.size(), i + 32); ++j) {
            const auto b = static_cast<unsigned char>(blob[j]);
            literal += {'\\', 'x', kHex[b >> 4], kHex[b & 15]};
          }
          literal += "\"\n";
        }
        if (literal.empty()) literal = "    \"\"\n";
        literal.pop_back();
        vars["WEIGHTS_LITERAL"] = literal;
        files.push_back({name + "_weights.cpp", fill(templates::kWeightsEmbed, vars)});
        break;
      }
      case WeightsMode::kIncbin:
        files.push_back({name + "_weights.S", fill(templates::kWeightsIncbin, vars)});
        files.push_back({name + "_weights.bin", blob});
        break;
      case WeightsMode::kFile:
        files.push_back({name + "_weights.bin", blob});
        break;
    }
    return files;
  }
};

}  // namespace

std::vector<EmittedFile> emit_model(const Graph& graph, const std::vector<LoweredNode>& nodes, const MemoryPlan& plan,
                                    const EmitOptions& options) {
  Emitter emitter{graph, nodes, plan, options, {}, {}};
  return emitter.emit();
}

EmittedFile emit_run_main(const EmitOptions& options) {
  std::map<std::string, std::string> vars;
  vars["VERSION"] = kVersion;
  vars["NAME"] = options.name;
  vars["RUN_CALL"] = fmt::format("if ({}_run_dims(in_ptrs.data(), out_ptrs.data(), dims.data(), arena) != 0) return 1;", options.name);
  return {options.name + "_main.cpp", fill(templates::kRunMain, vars)};
}

}  // namespace aotc
