// SPDX-License-Identifier: Apache-2.0
// Shape and type inference with constant folding, in one walk over the topological order.
//
// Folding as we go lets value-dependent shapes resolve: PyTorch exports compute Reshape targets with
// Shape -> Gather -> Unsqueeze -> Concat chains, which become constants before Reshape is inferred.
// A node with an unknown input (after an unsupported producer) is skipped without a second report.
#include <algorithm>
#include <set>

#include "ops/op_def.h"
#include "passes/pass.h"

namespace aotc {
namespace {

/// Folding materializes outputs in compiler memory; beyond this they stay runtime computations.
constexpr int64_t kMaxFoldedBytes = int64_t{256} << 20;

const OpDef* checked_def(const Node& node, Diagnostics& diags) {
  const OpDef* def = find_op(node.domain, node.op_type);
  if (!def) {
    diags.unsupported.push_back(fmt::format("{}: op '{}{}' is not supported", node.describe(),
                                            node.domain.empty() ? "" : node.domain + ".", node.op_type));
    return nullptr;
  }
  bool ok = true;
  for (const auto& [name, attr] : node.attributes) {
    auto spec = std::find_if(def->attributes.begin(), def->attributes.end(), [&key = name](const AttrSpec& s) { return s.name == key; });
    if (spec == def->attributes.end()) {
      diags.unsupported.push_back(fmt::format("{}: attribute '{}' is not supported", node.describe(), name));
      ok = false;
    } else if (spec->kind != attr.kind) {
      diags.errors.push_back(fmt::format("{}: attribute '{}' must be {} but is {}", node.describe(), name,
                                         attribute_kind_name(spec->kind), attribute_kind_name(attr.kind)));
      ok = false;
    }
  }
  for (const auto& spec : def->attributes)
    if (spec.required && !node.find_attribute(spec.name)) {
      diags.errors.push_back(fmt::format("{}: required attribute '{}' is missing", node.describe(), spec.name));
      ok = false;
    }
  return ok ? def : nullptr;
}

void fold(Node& node, const OpDef& def) {
  OpContext ctx(def, node);
  int64_t bytes = 0;
  for (const Value* out : node.outputs)
    if (out) bytes += static_cast<int64_t>(out->byte_size());
  if (bytes > kMaxFoldedBytes) return;
  KernelCall call;
  try {
    call = def.lower(ctx);
  } catch (const UnsupportedError&) {
    return;  // reported when the graph is lowered
  }
  std::vector<std::vector<uint8_t>> results;
  for (const Value* out : node.outputs) results.emplace_back(out ? out->byte_size() : 0);
  // Data-dependent outputs: the kernel reports their dims, which then become static.
  std::map<size_t, std::vector<int64_t>> dims;
  std::vector<std::vector<uint8_t>> workspaces;
  OperandPointers ptrs;
  for (const auto& operand : call.operands) {
    std::vector<void*> list;
    if (operand.scratch_bytes > 0) {
      workspaces.emplace_back(operand.scratch_bytes);
      list.push_back(workspaces.back().data());
    }
    if (operand.is_literal) list.push_back(operand.literal.empty() ? nullptr : const_cast<int64_t*>(operand.literal.data()));
    for (const Value* v : operand.values) {
      if (!v) { list.push_back(nullptr); continue; }
      if (operand.is_dims) {
        const auto index = static_cast<size_t>(std::find(node.outputs.begin(), node.outputs.end(), v) - node.outputs.begin());
        dims[index].assign(onnx_aotc::kMaxRank, 0);
        list.push_back(dims[index].data());
      } else if (operand.is_output) {
        const auto index = std::find(node.outputs.begin(), node.outputs.end(), v) - node.outputs.begin();
        list.push_back(results[static_cast<size_t>(index)].data());
      } else {
        list.push_back(const_cast<uint8_t*>(v->constant->data()));
      }
    }
    ptrs.push_back(std::move(list));
  }
  call.evaluate(ptrs);
  for (const auto& [index, actual] : dims) {
    Value* out = node.outputs[index];
    std::copy_n(actual.begin(), out->shape.size(), out->shape.begin());
    out->data_dependent = false;
    results[index].resize(out->byte_size());
  }
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    Value* out = node.outputs[i];
    if (!out) continue;
    // String views point into the inputs and the workspaces; the constant owns copies of the characters.
    if (out->type == DataType::kString)
      out->constant = StringBuffer::copy_of(reinterpret_cast<const onnx_aotc_string*>(results[i].data()),
                                            static_cast<size_t>(out->numel()));
    else
      out->constant = std::make_shared<OwnedBuffer>(std::move(results[i]));
  }
}

}  // namespace

namespace {

/// Infers one node; false when it folded or resolved away (it then produces no code). Throws the
/// diagnostics exceptions, and InferAgain when the op rewrote the node.
bool infer_node(Graph& graph, Node* node, const OpDef& def, Diagnostics& diags, std::vector<Node*>& inserted) {
  OpContext ctx(def, *node);
  ctx.set_graph(&graph);
  ctx.set_node_inserter([&inserted](Node* n) { inserted.push_back(n); });
  ctx.set_subgraph_inference([&diags](Graph& body) {
    const size_t reported = diags.errors.size() + diags.unsupported.size();
    infer_shapes(body, diags);
    for (const Value* out : body.outputs) {
      if (out->data_dependent)
        diags.unsupported.push_back(fmt::format("subgraph '{}': output '{}' has a data-dependent shape (only graph outputs "
                                                "may have one)", body.name, out->name));
      if (!out->is_tensor())
        diags.unsupported.push_back(fmt::format("subgraph '{}': output '{}' is a sequence or optional (only tensors may "
                                                "leave a subgraph)", body.name, out->name));
    }
    const bool outputs_known = std::all_of(body.outputs.begin(), body.outputs.end(), [](const Value* v) { return v->shape_known; });
    return outputs_known && diags.errors.size() + diags.unsupported.size() == reported;
  });
  // Identity (a view of its single input) passes a sequence or optional through unchanged.
  if (def.traits.view && node->inputs.size() == 1 && node->outputs.size() == 1 && node->inputs[0] && node->outputs[0] &&
      !node->inputs[0]->is_tensor()) {
    Value& out = *node->outputs[0];
    const Value& in = *node->inputs[0];
    out.kind = in.kind;
    out.type = in.type;
    out.elements = in.elements;
    out.shape_known = true;
    out.producer = nullptr;
    return false;
  }
  std::vector<Value*> reads = node->inputs;
  for (Value* captured : node->captures()) reads.push_back(captured);
  for (const Value* v : reads) {
    if (v && v->data_dependent)
      ctx.unsupported("input '{}' has a data-dependent shape (from {}); only graph outputs may have one", v->name,
                      v->producer ? v->producer->describe() : "?");
    if (v && !v->is_tensor() && !def.traits.sequences)
      ctx.unsupported("input '{}' is a {}; this op takes tensors", v->name, v->kind == ValueKind::kSequence ? "sequence" : "optional");
  }
  def.infer(ctx);
  // A string output the op did not bound itself holds strings of its inputs (ops that create strings set
  // their own bound): it is no longer than the longest of them.
  for (Value* out : node->outputs) {
    if (!out || out->type != DataType::kString || out->max_string_bytes >= 0) continue;
    int64_t bound = -1;
    for (const Value* in : node->inputs) {
      if (!in || in->type != DataType::kString) continue;
      if (in->string_bound() < 0) {
        bound = -1;
        break;
      }
      bound = std::max(bound, in->string_bound());
    }
    out->max_string_bytes = bound;
  }
  for (size_t i = 0; i < node->outputs.size(); ++i)
    if (node->outputs[i] && !node->outputs[i]->shape_known)
      ctx.error("inference left output {} ('{}') without a shape", i, node->outputs[i]->name);
  // Resolved: inference itself determined every output (a constant, or a sequence of existing tensors).
  auto resolved = [&] {
    return std::all_of(node->outputs.begin(), node->outputs.end(),
                       [](const Value* v) { return !v || v->is_constant() || !v->is_tensor(); });
  };
  const bool all_constant = std::all_of(node->inputs.begin(), node->inputs.end(), [](const Value* v) { return !v || v->is_constant(); });
  if (!resolved() && def.traits.foldable && (all_constant || !def.traits.reads_input_values)) fold(*node, def);
  if (!resolved()) return true;
  for (Value* out : node->outputs)
    if (out) out->producer = nullptr;
  return false;
}

}  // namespace

void infer_shapes(Graph& graph, Diagnostics& diags) {
  std::vector<Node*> kept;
  std::vector<Node*> work = graph.nodes;
  for (size_t index = 0; index < work.size(); ++index) {
    Node* node = work[index];
    std::vector<Node*> inserted;  // nodes an op added (SequenceMap unrolls its body): inferred next
    // A rewritten node is inferred again as what it became; a few rounds suffice for any op.
    for (int round = 0; round < 8; ++round) {
      const bool inputs_known = std::all_of(node->inputs.begin(), node->inputs.end(),
                                            [](const Value* v) { return !v || v->shape_known; });
      const OpDef* def = checked_def(*node, diags);
      if (!def || !inputs_known) {
        kept.push_back(node);
        break;
      }
      try {
        if (infer_node(graph, node, *def, diags, inserted)) kept.push_back(node);
      } catch (const InferAgain&) {
        continue;
      } catch (const UnsupportedError& e) {
        diags.unsupported.push_back(e.what());
        kept.push_back(node);
      } catch (const CompileError& e) {
        diags.errors.push_back(e.what());
        kept.push_back(node);
      } catch (const AlreadyReported&) {
        kept.push_back(node);
      }
      break;
    }
    work.insert(work.begin() + static_cast<long>(index) + 1, inserted.begin(), inserted.end());
  }
  graph.nodes = std::move(kept);
}

}  // namespace aotc
