// SPDX-License-Identifier: Apache-2.0
// The compiler's graph IR: SSA values with static shapes, nodes in topological order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <onnx_aotc/model_api.h>

#include "ir/data_type.h"

namespace aotc {

class Graph;
struct Node;

/// Immutable bytes of a constant tensor (an initializer, a Constant node or a folded value).
/// Elements are stored as the runtime library lays them out (sub-byte types unpacked).
class Buffer {
 public:
  virtual ~Buffer() = default;
  virtual const uint8_t* data() const = 0;
  virtual size_t size() const = 0;
};

/// A Buffer that owns its bytes.
class OwnedBuffer final : public Buffer {
 public:
  explicit OwnedBuffer(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  const uint8_t* data() const override { return bytes_.data(); }
  size_t size() const override { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
};

/// The elements of a constant string tensor: `onnx_aotc_string` views (the runtime's layout, so the
/// reference kernels fold string ops directly) of characters the buffer owns.
class StringBuffer final : public Buffer {
 public:
  explicit StringBuffer(std::vector<std::string> strings);
  /// Copies the strings that `count` views point at (wherever they live: folding outputs point into
  /// their inputs and into scratch memory).
  static std::shared_ptr<StringBuffer> copy_of(const onnx_aotc_string* views, size_t count);
  const uint8_t* data() const override { return reinterpret_cast<const uint8_t*>(views_.data()); }
  size_t size() const override { return views_.size() * sizeof(onnx_aotc_string); }
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  std::vector<std::string> strings_;
  std::vector<onnx_aotc_string> views_;
};

using Shape = std::vector<int64_t>;

/// Sequences and optionals exist only at compile time, as the tensor values they hold; their ops are
/// resolved during inference, so generated code only ever sees tensors. A map (ai.onnx.ml: a graph input
/// of DictVectorizer or CastMap) is likewise the pair of tensors that holds its keys and its values.
enum class ValueKind { kTensor, kSequence, kOptional, kMap };

int64_t shape_numel(const Shape& shape);
std::string shape_to_string(const Shape& shape);  // "[1,3,224,224]"

/// A tensor value. Every value has one producer: a node, the graph's inputs, or a constant.
struct Value {
  std::string name;
  DataType type = DataType::kUndefined;
  Shape shape;
  bool shape_known = false;
  /// The shape is an upper bound: the actual extent depends on input values (NonZero, Unique...) and is
  /// reported at run time. Only graph outputs may be such values.
  bool data_dependent = false;
  ValueKind kind = ValueKind::kTensor;
  std::vector<Value*> elements;  ///< a sequence's tensors, an optional's (none or one), or a map's keys and values; `type` is
                                 ///< theirs (a map's: its values')
  /// Set for a tensor that stands for maps sharing their keys (ZipMap's sequence of maps): the keys, a constant
  /// of C int64s or strings; element [i, j] of this [N, C] tensor is map i's value for key j.
  std::shared_ptr<const Value> map_keys;
  std::shared_ptr<const Buffer> constant;  ///< set for initializers and folded values (a StringBuffer for strings)
  /// String tensors: the most bytes one element can have (-1: unbounded). Ops that create strings size
  /// their character storage from their inputs' bounds; graph inputs take the --max-string-bytes option.
  int64_t max_string_bytes = -1;
  Node* producer = nullptr;

  bool is_constant() const { return constant != nullptr; }
  bool is_tensor() const { return kind == ValueKind::kTensor; }
  int64_t numel() const { return shape_numel(shape); }
  /// The most bytes an element of this string tensor can have: a constant's longest string, else
  /// `max_string_bytes` (-1: unbounded).
  int64_t string_bound() const;
  size_t byte_size() const;
  /// Typed view of a constant's elements; the caller checks the type.
  template <typename T>
  const T* constant_data() const { return reinterpret_cast<const T*>(constant->data()); }
};

/// One attribute value, tagged with the ONNX AttributeProto type.
struct Attribute {
  enum class Kind { kFloat, kInt, kString, kTensor, kGraph, kFloats, kInts, kStrings, kTensors, kGraphs };
  Kind kind = Kind::kInt;
  double f = 0;
  int64_t i = 0;
  std::string s;
  std::vector<double> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::shared_ptr<Value> tensor;  ///< a detached constant value (not in any graph)
  std::shared_ptr<Graph> graph;
};

const char* attribute_kind_name(Attribute::Kind kind);

struct Node {
  std::string name;
  std::string domain;  ///< "" for ai.onnx
  std::string op_type;
  int opset = 0;       ///< opset version of this node's domain
  std::vector<Value*> inputs;   ///< nullptr for an omitted optional input
  std::vector<Value*> outputs;  ///< nullptr for an omitted optional output
  std::map<std::string, Attribute> attributes;

  const Attribute* find_attribute(const std::string& key) const;
  /// Subgraphs held in attributes (If branches, Loop and Scan bodies).
  std::vector<Graph*> subgraphs() const;
  /// Values of enclosing scopes that this node's subgraphs read, in first-use order. They are
  /// implicit inputs: passes keep them alive and schedule the node after their producers.
  std::vector<Value*> captures() const;
  /// "Conv 'conv1'" for messages.
  std::string describe() const;
};

/// A graph: owns its values and nodes. `nodes` is kept in topological order.
class Graph {
 public:
  std::string name;
  std::vector<Value*> inputs;
  std::vector<Value*> outputs;
  /// Names of the outputs for the generated API when they differ from the values' own names (a sequence
  /// output becomes one output per element, "name[i]"); empty otherwise.
  std::vector<std::string> output_names;
  std::vector<Node*> nodes;
  Graph* parent = nullptr;  ///< enclosing graph of a subgraph

  Value* add_value(std::string name);
  Node* add_node();
  std::string output_name(size_t i) const { return output_names.empty() ? outputs[i]->name : output_names[i]; }
  /// Value by name in this graph (not parents), or nullptr.
  Value* find_value(const std::string& name) const;
  /// Whether `value` belongs to this graph (not to a parent or a subgraph).
  bool owns(const Value* value) const { return value && find_value(value->name) == value; }
  /// Drops nodes not in `nodes` and values no longer referenced.
  void erase_unreferenced();
  /// Re-sorts `nodes` topologically (stable w.r.t. the current order); throws on a cycle.
  void sort_topologically();
  /// Number of uses of `value` as a node input or graph output.
  std::map<const Value*, int> use_counts() const;

  const std::vector<std::unique_ptr<Value>>& values() const { return values_; }

 private:
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<std::unique_ptr<Node>> node_storage_;
  std::map<std::string, Value*> by_name_;
};

/// A loaded model: the main graph plus the opset imported for each domain.
struct Model {
  std::shared_ptr<Graph> graph;
  std::map<std::string, int> opsets;  ///< domain ("" = ai.onnx) -> version
  int64_t ir_version = 0;
  std::string producer;
};

}  // namespace aotc
