// SPDX-License-Identifier: Apache-2.0
// fold-conv-affine: per-output-channel scales and shifts after a Conv go into its weights and bias.
//
// BatchNormalization in inference mode is y = x * s + t per channel, with s = scale / sqrt(var + epsilon) and
// t = B - mean * s; a Mul or Add by a constant that varies only along the channel axis is the same with t = 0
// or s = 1. When a Conv's output feeds only such a node, W[m] *= s[m] and bias[m] = bias[m] * s[m] + t[m]
// (computed in double, stored in the Conv's type) and the node goes away; repeated until the Conv's reader is
// something else. Only float and double Convs with constant weights and bias fold; anything that almost
// matches (a broadcast that widens the output, a training-mode BatchNormalization, a used mean/var output, a
// non-constant operand) is left alone.
#include <cmath>
#include <cstring>

#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {
namespace {

/// A per-channel affine map y = x * scale + shift on the Conv's output.
struct ChannelAffine {
  std::vector<double> scale, shift;
};

/// The values of a constant that broadcasts against `out` (N, M, spatial...) along the channel axis only,
/// expanded to M entries; empty if it does not.
std::vector<double> per_channel(const Value& c, const Shape& out) {
  const std::vector<double> values = constant_as_doubles(c);
  if (values.empty() || c.shape.size() > out.size() || out.size() < 2) return {};
  const size_t offset = out.size() - c.shape.size();
  for (size_t i = 0; i < c.shape.size(); ++i)
    if (c.shape[i] != 1 && !(offset + i == 1 && c.shape[i] == out[1])) return {};
  if (values.size() == 1) return std::vector<double>(static_cast<size_t>(out[1]), values[0]);
  return values;
}

std::optional<ChannelAffine> affine_of(const Node& node, const Value& conv_out, const Graph& graph,
                                       const std::map<const Value*, std::vector<Node*>>& users) {
  if (!node.domain.empty() || node.outputs.empty() || !node.outputs[0] || !same_type_and_shape(*node.outputs[0], conv_out))
    return std::nullopt;
  const auto m = static_cast<size_t>(conv_out.shape[1]);
  if (node.op_type == "BatchNormalization") {
    const Attribute* training = node.find_attribute("training_mode");
    const Attribute* spatial = node.find_attribute("spatial");
    if ((training && training->i != 0) || (spatial && spatial->i == 0 && node.opset < 9) || node.inputs.size() != 5 ||
        node.inputs[0] != &conv_out)
      return std::nullopt;
    for (size_t i = 1; i < node.outputs.size(); ++i)
      if (node.outputs[i] && (users.count(node.outputs[i]) || is_graph_output(graph, node.outputs[i]))) return std::nullopt;
    std::vector<double> p[4];
    for (size_t i = 0; i < 4; ++i) {
      if (!node.inputs[i + 1] || node.inputs[i + 1]->shape != Shape{conv_out.shape[1]}) return std::nullopt;
      p[i] = constant_as_doubles(*node.inputs[i + 1]);
      if (p[i].size() != m) return std::nullopt;
    }
    const Attribute* eps_attr = node.find_attribute("epsilon");
    const double epsilon = eps_attr ? eps_attr->f : 1e-5;
    ChannelAffine a{std::vector<double>(m), std::vector<double>(m)};
    for (size_t c = 0; c < m; ++c) {
      a.scale[c] = p[0][c] / std::sqrt(p[3][c] + epsilon);
      a.shift[c] = p[1][c] - p[2][c] * a.scale[c];
    }
    return a;
  }
  if ((node.op_type != "Mul" && node.op_type != "Add") || node.inputs.size() != 2) return std::nullopt;
  const Value* other = node.inputs[0] == &conv_out ? node.inputs[1] : node.inputs[0];
  if (!other || other == &conv_out || other->type != conv_out.type) return std::nullopt;
  std::vector<double> c = per_channel(*other, conv_out.shape);
  if (c.size() != m) return std::nullopt;
  if (node.op_type == "Mul") return ChannelAffine{c, std::vector<double>(m, 0.0)};
  return ChannelAffine{std::vector<double>(m, 1.0), c};
}

template <typename T>
std::vector<uint8_t> to_bytes(const std::vector<double>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  for (size_t i = 0; i < values.size(); ++i) {
    const T v = static_cast<T>(values[i]);
    std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
  }
  return bytes;
}

/// Applies `a` to the Conv's weights and bias, as new constants.
void fold_into(Graph& graph, Node& conv, const ChannelAffine& a) {
  const Value& w = *conv.inputs[1];
  const size_t m = a.scale.size();
  std::vector<double> weights = constant_as_doubles(w);
  const size_t per_channel = weights.size() / m;
  std::vector<double> bias = conv.inputs.size() > 2 && conv.inputs[2] ? constant_as_doubles(*conv.inputs[2]) : std::vector<double>(m, 0.0);
  for (size_t c = 0; c < m; ++c) {
    for (size_t k = 0; k < per_channel; ++k) weights[c * per_channel + k] *= a.scale[c];
    bias[c] = bias[c] * a.scale[c] + a.shift[c];
  }
  auto bytes = [&](const std::vector<double>& v) { return w.type == DataType::kFloat ? to_bytes<float>(v) : to_bytes<double>(v); };
  Value* new_w = add_constant(graph, w.name + "_folded", w.type, w.shape, bytes(weights));
  const bool has_bias = conv.inputs.size() > 2 && conv.inputs[2];
  const std::string bias_name = has_bias ? conv.inputs[2]->name + "_folded" : (conv.name.empty() ? "conv" : conv.name) + "_bias";
  Value* new_b = add_constant(graph, bias_name, w.type, {static_cast<int64_t>(m)}, bytes(bias));
  conv.inputs.resize(std::max<size_t>(conv.inputs.size(), 3));
  conv.inputs[1] = new_w;
  conv.inputs[2] = new_b;
}

bool foldable_conv(const Node& conv) {
  if (!conv.domain.empty() || conv.op_type != "Conv" || conv.inputs.size() < 2 || !conv.inputs[1] || conv.outputs.empty() ||
      !conv.outputs[0])
    return false;
  const Value& w = *conv.inputs[1];
  if (!w.is_constant() || (w.type != DataType::kFloat && w.type != DataType::kDouble) || w.shape.empty()) return false;
  if (!conv.outputs[0]->shape_known || conv.outputs[0]->shape.size() < 2 || conv.outputs[0]->shape[1] != w.shape[0]) return false;
  return conv.inputs.size() < 3 || !conv.inputs[2] || (conv.inputs[2]->is_constant() && conv.inputs[2]->numel() == w.shape[0]);
}

}  // namespace

void fold_conv_affine(Graph& graph, Diagnostics& diags) {
  // Readers are recomputed only after a fold, which moves them.
  auto users = value_users(graph);
  for (Node* conv : std::vector<Node*>(graph.nodes)) {
    for (Graph* body : conv->subgraphs()) fold_conv_affine(*body, diags);
    while (foldable_conv(*conv)) {
      Value* out = conv->outputs[0];
      auto it = users.find(out);
      if (it == users.end() || it->second.size() != 1 || is_graph_output(graph, out)) break;
      Node* reader = it->second[0];
      const auto affine = affine_of(*reader, *out, graph, users);
      if (!affine) break;
      Value* reader_out = reader->outputs[0];
      if (!bypass_node(graph, reader, out, reader_out)) break;
      fold_into(graph, *conv, *affine);
      users = value_users(graph);
    }
  }
}

}  // namespace aotc
