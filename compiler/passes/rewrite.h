// SPDX-License-Identifier: Apache-2.0
// Small graph-editing helpers the optimization passes share.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace aotc {

/// The nodes that read each value, in node order (a node reading a value twice is listed twice);
/// subgraph captures count as reads by the node that owns the subgraph.
using ValueUsers = std::map<const Value*, std::vector<Node*>>;
ValueUsers value_users(const Graph& graph);

/// The only reader of `v`; nullptr if it has none or several, or is a graph output (its name must stay).
Node* only_reader(const Graph& graph, const ValueUsers& users, const Value* v);
/// The same, when that reader is the ai.onnx op `op`.
Node* only_reader_op(const Graph& graph, const ValueUsers& users, const Value* v, const char* op);
/// For a binary node reading `v`, its other operand.
Value* other_operand(const Node& n, const Value* v);

/// Whether `value` is one of the graph's outputs.
bool is_graph_output(const Graph& graph, const Value* value);

/// Makes every node of `graph` (and of its subgraphs, which may read it as a capture) read `to`
/// instead of `from`. Graph outputs are left alone.
void replace_uses(Graph& graph, const Value* from, Value* to);

/// Makes every node of `graph` and of its subgraphs read `replacement[v]` instead of each `v` in the map, in one
/// walk (the map's targets are not looked up again). Graph outputs are left alone.
void remap_uses(Graph& graph, const std::map<const Value*, Value*>& replacement);

/// Drops `node` from `graph`: its output `out` is replaced by `in`, which must have the same type and
/// shape. If `out` is a graph output, the producer of `in` is made to write `out` directly instead
/// (when `in` is an intermediate that nothing else needs to keep its name). Returns whether it did.
bool bypass_node(Graph& graph, Node* node, Value* in, Value* out);

/// A name not yet used in `graph`: `base`, or `base` followed by a number.
std::string fresh_value_name(const Graph& graph, const std::string& base);

/// A new constant value with the given elements (in the runtime's layout).
Value* add_constant(Graph& graph, const std::string& name_base, DataType type, Shape shape, std::vector<uint8_t> bytes);

/// Whether two values have the same element type and (known) shape.
bool same_type_and_shape(const Value& a, const Value& b);

/// The node producing `v` if it is the ai.onnx op `op` (in `graph`), else nullptr.
Node* producer_op(const Graph& graph, const Value* v, const char* op);

/// The value of a constant with one element (any shape), read as a double; nullopt otherwise.
std::optional<double> scalar_constant(const Value* v);

/// Whether `a` is within a relative 1e-6 of `b` (constants that exporters write as float literals).
bool close_to(double a, double b);

/// Constant value `v` read as doubles (float, double, float16, bfloat16 only); empty if it is not such a constant.
std::vector<double> constant_as_doubles(const Value& v);

}  // namespace aotc
