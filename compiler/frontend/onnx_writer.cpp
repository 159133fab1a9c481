// SPDX-License-Identifier: Apache-2.0
// Graph IR -> ONNX: the optimized graph as a model file (--emit-onnx) or as ONNX text (--print-after).
//
// The inverse of the loader for what survives compilation: tensors (sub-byte types packed again, strings as
// string_data), attributes (subgraphs recursively), and every value's type and shape, so that Netron shows
// the shapes the compiler inferred.
#include "frontend/onnx_writer.h"

#include <set>
#include <sstream>

#include <onnx/defs/printer.h>
#include <onnx/onnx_pb.h>

namespace aotc {
namespace {

void write_type(const Value& v, onnx::TypeProto* type) {
  auto* tensor = type->mutable_tensor_type();
  tensor->set_elem_type(static_cast<int32_t>(v.type));
  if (!v.shape_known) return;
  auto* shape = tensor->mutable_shape();
  for (int64_t d : v.shape) shape->add_dim()->set_dim_value(d);
}

void write_value_info(const Value& v, onnx::ValueInfoProto* info) {
  info->set_name(v.name);
  if (v.is_tensor() && v.type != DataType::kUndefined) write_type(v, info->mutable_type());
}

void write_tensor(const Value& v, const WriteOptions& options, onnx::TensorProto* t) {
  t->set_name(v.name);
  t->set_data_type(static_cast<int32_t>(v.type));
  for (int64_t d : v.shape) t->add_dims(d);
  if (options.elide_constants_above >= 0 && v.numel() > options.elide_constants_above) {
    t->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* entry = t->add_external_data();
    entry->set_key("location");
    entry->set_value(std::to_string(v.numel()) + " elements elided");
    return;
  }
  if (v.type == DataType::kString) {
    for (const std::string& s : static_cast<const StringBuffer&>(*v.constant).strings()) t->add_string_data(s);
    return;
  }
  const uint8_t* data = v.constant->data();
  if (is_sub_byte_type(v.type)) {
    const int bits = (v.type == DataType::kInt2 || v.type == DataType::kUint2) ? 2 : 4;
    const int per_byte = 8 / bits;
    std::string packed(static_cast<size_t>((v.numel() * bits + 7) / 8), '\0');
    for (int64_t i = 0; i < v.numel(); ++i) {
      const auto bits_of = static_cast<uint8_t>(data[i] & ((1 << bits) - 1));
      packed[static_cast<size_t>(i / per_byte)] = static_cast<char>(packed[static_cast<size_t>(i / per_byte)] | (bits_of << ((i % per_byte) * bits)));
    }
    t->set_raw_data(packed);
    return;
  }
  t->set_raw_data(std::string(reinterpret_cast<const char*>(data), v.constant->size()));
}

void write_graph(const Graph& graph, const WriteOptions& options, onnx::GraphProto* g);

/// Domains of the nodes of `graph` and its subgraphs (the compiler's fusions add com.onnx_aotc).
void collect_domains(const Graph& graph, std::set<std::string>& domains) {
  for (const Node* n : graph.nodes) {
    domains.insert(n->domain);
    for (const Graph* body : n->subgraphs()) collect_domains(*body, domains);
  }
}

void write_attribute(const std::string& name, const Attribute& a, const WriteOptions& options, onnx::AttributeProto* p) {
  p->set_name(name);
  using K = Attribute::Kind;
  switch (a.kind) {
    case K::kFloat: p->set_type(onnx::AttributeProto::FLOAT); p->set_f(static_cast<float>(a.f)); break;
    case K::kInt: p->set_type(onnx::AttributeProto::INT); p->set_i(a.i); break;
    case K::kString: p->set_type(onnx::AttributeProto::STRING); p->set_s(a.s); break;
    case K::kFloats:
      p->set_type(onnx::AttributeProto::FLOATS);
      for (double f : a.floats) p->add_floats(static_cast<float>(f));
      break;
    case K::kInts:
      p->set_type(onnx::AttributeProto::INTS);
      for (int64_t i : a.ints) p->add_ints(i);
      break;
    case K::kStrings:
      p->set_type(onnx::AttributeProto::STRINGS);
      for (const auto& s : a.strings) p->add_strings(s);
      break;
    case K::kTensor:
      p->set_type(onnx::AttributeProto::TENSOR);
      if (a.tensor) write_tensor(*a.tensor, options, p->mutable_t());
      break;
    case K::kGraph:
      p->set_type(onnx::AttributeProto::GRAPH);
      if (a.graph) write_graph(*a.graph, options, p->mutable_g());
      break;
    case K::kTensors: p->set_type(onnx::AttributeProto::TENSORS); break;
    case K::kGraphs: p->set_type(onnx::AttributeProto::GRAPHS); break;
  }
}

void write_graph(const Graph& graph, const WriteOptions& options, onnx::GraphProto* g) {
  g->set_name(graph.name.empty() ? "main" : graph.name);
  std::set<const Value*> written;
  for (const Value* v : graph.inputs) {
    write_value_info(*v, g->add_input());
    written.insert(v);
  }
  for (size_t i = 0; i < graph.outputs.size(); ++i) {
    write_value_info(*graph.outputs[i], g->add_output());
    // A flattened sequence output is named "name[i]" in the API, but the value keeps its own name.
  }
  auto add_constant = [&](const Value* v) {
    if (!v || !v->is_constant() || !graph.owns(v) || !written.insert(v).second) return;
    write_tensor(*v, options, g->add_initializer());
  };
  for (const Node* n : graph.nodes) {
    for (const Value* in : n->inputs) add_constant(in);
    onnx::NodeProto* p = g->add_node();
    p->set_name(n->name);
    p->set_op_type(n->op_type);
    p->set_domain(n->domain);
    for (const Value* in : n->inputs) p->add_input(in ? in->name : "");
    for (const Value* out : n->outputs) {
      p->add_output(out ? out->name : "");
      if (out && !written.count(out) && !std::count(graph.outputs.begin(), graph.outputs.end(), out)) {
        write_value_info(*out, g->add_value_info());
        written.insert(out);
      }
    }
    for (const auto& [name, attr] : n->attributes) write_attribute(name, attr, options, p->add_attribute());
  }
  for (const Value* out : graph.outputs) add_constant(out);
}

}  // namespace

std::string write_onnx_model(const Model& model, const Graph& graph, const WriteOptions& options) {
  onnx::ModelProto m;
  m.set_ir_version(model.ir_version > 0 ? model.ir_version : 8);
  m.set_producer_name("onnx-aotc");
  m.set_doc_string("optimized by onnx-aotc from a model by '" + model.producer + "'");
  for (const auto& [domain, version] : model.opsets) {
    auto* opset = m.add_opset_import();
    opset->set_domain(domain);
    opset->set_version(version);
  }
  std::set<std::string> domains;
  collect_domains(graph, domains);
  for (const std::string& domain : domains) {
    if (model.opsets.count(domain)) continue;
    auto* opset = m.add_opset_import();
    opset->set_domain(domain);
    opset->set_version(1);
  }
  write_graph(graph, options, m.mutable_graph());
  std::string bytes;
  m.SerializeToString(&bytes);
  return bytes;
}

std::string graph_to_text(const Graph& graph) {
  onnx::GraphProto g;
  write_graph(graph, WriteOptions{16}, &g);
  // onnx 1.12's printer leaves out initializers; they go in the header, as the textual syntax has them.
  std::ostringstream out;
  out << g;
  std::string text = out.str();
  if (g.initializer_size() == 0) return text;
  std::ostringstream constants;
  constants << "\n   <";
  for (int i = 0; i < g.initializer_size(); ++i) constants << (i ? ", " : "") << g.initializer(i);
  constants << ">\n";
  const size_t brace = text.find('{');
  if (brace == std::string::npos) return text;
  const size_t line_end = text.find_last_not_of(' ', brace - 1) + 1;  // the header line's trailing blanks
  return text.replace(line_end, brace - line_end, constants.str());
}

}  // namespace aotc
