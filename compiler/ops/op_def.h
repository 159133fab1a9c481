// SPDX-License-Identifier: Apache-2.0
// The definition of one ONNX op: attributes with their spec defaults, traits that passes query,
// shape/type inference, and lowering to a reference-kernel call.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"
#include "support/diagnostics.h"

namespace aotc {

struct AttrSpec {
  std::string name;
  Attribute::Kind kind;
  std::optional<Attribute> default_value;  ///< nullopt: required, or optional without default
  bool required = false;
};

AttrSpec attr_int(std::string name, std::optional<int64_t> default_value = std::nullopt);
AttrSpec attr_float(std::string name, std::optional<double> default_value = std::nullopt);
AttrSpec attr_string(std::string name, std::optional<std::string> default_value = std::nullopt);
AttrSpec attr_ints(std::string name);
AttrSpec attr_floats(std::string name);
AttrSpec attr_strings(std::string name);
AttrSpec attr_tensor(std::string name);
AttrSpec attr_graph(std::string name);
AttrSpec required(AttrSpec spec);

/// What passes may assume about an op.
struct OpTraits {
  bool elementwise = false;  ///< each output element depends only on the same-index input elements
  bool in_place = false;     ///< output 0 may share the buffer of input 0 when that input dies here
  bool view = false;         ///< output 0 is input 0's bytes under another shape (Reshape, Flatten...)
  bool foldable = true;      ///< may be evaluated at compile time when all inputs are constant
  /// false: only the inputs' shapes and types matter (Shape, Size, EyeLike), so a foldable node is folded
  /// even when its inputs are not constants (its kernel call must then take no input operands).
  bool reads_input_values = true;
  /// Takes or makes sequence/optional values (resolved at compile time by rewriting the node).
  bool sequences = false;
};

/// The kernel back end a model is lowered for. Every provider falls back to the reference kernels.
enum class Provider { kRef, kCpu };

class OpContext;
struct OpDef {
  std::string domain;  ///< "" for ai.onnx
  std::string name;
  std::vector<AttrSpec> attributes;
  OpTraits traits;
  /// Checks the node and sets the type and shape of every output.
  void (*infer)(OpContext&) = nullptr;
  /// The kernel call that computes the node.
  KernelCall (*lower)(OpContext&) = nullptr;
  /// For ops that are not views: whether this node's output 0 is its input 0 unchanged (a Cast to the same
  /// type, a Slice of everything...), so that passes may drop it. Views (same bytes) need no hook: they are
  /// no-ops whenever their output's type and shape are the input's.
  bool (*forwards_input)(const OpContext&) = nullptr;
};

/// A node seen through its op definition: typed attribute access with spec defaults, error helpers.
class OpContext {
 public:
  OpContext(const OpDef& def, Node& node) : def_(def), node_(node) {}

  const Node& node() const { return node_; }
  int opset() const { return node_.opset; }
  size_t num_inputs() const { return node_.inputs.size(); }
  size_t num_outputs() const { return node_.outputs.size(); }
  bool has_input(size_t i) const { return i < node_.inputs.size() && node_.inputs[i] != nullptr; }
  bool has_output(size_t i) const { return i < node_.outputs.size() && node_.outputs[i] != nullptr; }
  /// The kernel back end being lowered for: `lower` may pick a provider's kernel where it applies.
  Provider provider() const { return provider_; }
  void set_provider(Provider provider) { provider_ = provider; }
  /// Input i; fails if it is absent.
  const Value& input(size_t i) const;
  Value& output(size_t i) const;
  /// Input i's operand for a kernel call (a null value if the optional input is omitted).
  KernelOperand in(size_t i) const;
  /// Inputs first..end as one list operand.
  KernelOperand in_list(size_t first) const;
  KernelOperand out(size_t i) const;
  /// Outputs first..end as one list operand (passed as `T* const*`; null for an omitted output).
  KernelOperand out_list(size_t first) const;

  bool has_attr(const std::string& name) const;
  int64_t attr_int(const std::string& name) const;
  double attr_float(const std::string& name) const;
  std::string attr_string(const std::string& name) const;
  std::vector<int64_t> attr_ints(const std::string& name) const;
  std::vector<double> attr_floats(const std::string& name) const;
  const Attribute& attr(const std::string& name) const;

  void set_output(size_t i, DataType type, Shape shape) const;
  /// Sets output i with a data-dependent shape: `bound` is the largest it can be (the arena and the
  /// user's buffer are sized for it); the kernel reports the actual dims through `out_dims(i)`.
  void set_output_bounded(size_t i, DataType type, Shape bound) const;
  /// The operand through which a kernel reports output i's actual dims (`int64_t*`, one per axis).
  KernelOperand out_dims(size_t i) const;

  /// Constant value of input i as int64s (int32/int64 inputs); fails if it is not a constant.
  std::vector<int64_t> constant_ints(size_t i) const;
  /// Input i, which must be a constant because its value determines an output shape.
  const Value& constant_input(size_t i) const;
  /// The message that says so, naming the graph inputs an intermediate is computed from.
  std::string constant_requirement(size_t i) const;

  /// Infers (and folds) a subgraph after the op has set the types and shapes of its inputs. False when
  /// the body has a problem, which is then already reported: the op stops with `skip()`.
  bool infer_subgraph(Graph& graph) const;
  /// Stops inference of this node without another report.
  [[noreturn]] void skip() const { throw AlreadyReported(); }

  /// The tensors of sequence input i; fails if it is not a sequence.
  const std::vector<Value*>& sequence(size_t i) const;
  /// Ops on sequences rewrite their node into tensor ops: they edit it through `mutable_node()` (and
  /// add values to `graph()`), then call `restart()`, which infers the node again as what it became.
  Node& mutable_node() const { return node_; }
  Graph& graph() const;
  [[noreturn]] void restart() const { throw InferAgain(); }
  void set_graph(Graph* graph) { graph_ = graph; }
  /// Adds a node to the graph right after this one (inferred next, in the order added).
  void insert_node(Node* node) const { node_inserter_(node); }
  void set_node_inserter(std::function<void(Node*)> fn) { node_inserter_ = std::move(fn); }
  void set_subgraph_inference(std::function<bool(Graph&)> fn) { subgraph_inference_ = std::move(fn); }

  template <typename... Args>
  [[noreturn]] void error(fmt::format_string<Args...> format, Args&&... args) const {
    throw CompileError(node_.describe() + ": " + fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  [[noreturn]] void unsupported(fmt::format_string<Args...> format, Args&&... args) const {
    throw UnsupportedError(node_.describe() + ": " + fmt::format(format, std::forward<Args>(args)...));
  }
  /// Checks the input count against [min, max].
  void expect_inputs(size_t min, size_t max) const;
  /// Fails unless every present input in `indices` has the type of input `reference`.
  void expect_same_type(std::initializer_list<size_t> indices, size_t reference = 0) const;

 private:
  const AttrSpec& spec(const std::string& name, Attribute::Kind kind) const;
  const OpDef& def_;
  Node& node_;
  std::function<bool(Graph&)> subgraph_inference_;
  Graph* graph_ = nullptr;
  std::function<void(Node*)> node_inserter_;
  Provider provider_ = Provider::kRef;
};

/// Looks up the definition of an op, or nullptr.
const OpDef* find_op(std::string_view domain, std::string_view name);
/// Every registered op, sorted by domain and name.
const std::vector<const OpDef*>& all_ops();

// ---- element type dispatch ---------------------------------------------------------------------

template <typename T>
struct TypeTag {
  using type = T;
};

template <typename T> constexpr DataType data_type_of();
#define AOTC_DATA_TYPE_OF(type, value) template <> constexpr DataType data_type_of<type>() { return DataType::value; }
AOTC_DATA_TYPE_OF(float, kFloat)
AOTC_DATA_TYPE_OF(double, kDouble)
AOTC_DATA_TYPE_OF(bool, kBool)
AOTC_DATA_TYPE_OF(int8_t, kInt8)
AOTC_DATA_TYPE_OF(int16_t, kInt16)
AOTC_DATA_TYPE_OF(int32_t, kInt32)
AOTC_DATA_TYPE_OF(int64_t, kInt64)
AOTC_DATA_TYPE_OF(uint8_t, kUint8)
AOTC_DATA_TYPE_OF(uint16_t, kUint16)
AOTC_DATA_TYPE_OF(uint32_t, kUint32)
AOTC_DATA_TYPE_OF(uint64_t, kUint64)
AOTC_DATA_TYPE_OF(onnx_aotc::float16, kFloat16)
AOTC_DATA_TYPE_OF(onnx_aotc::bfloat16, kBFloat16)
AOTC_DATA_TYPE_OF(onnx_aotc::float8e4m3fn, kFloat8E4M3FN)
AOTC_DATA_TYPE_OF(onnx_aotc::float8e4m3fnuz, kFloat8E4M3FNUZ)
AOTC_DATA_TYPE_OF(onnx_aotc::float8e5m2, kFloat8E5M2)
AOTC_DATA_TYPE_OF(onnx_aotc::float8e5m2fnuz, kFloat8E5M2FNUZ)
AOTC_DATA_TYPE_OF(onnx_aotc::float8e8m0, kFloat8E8M0)
AOTC_DATA_TYPE_OF(onnx_aotc::float4e2m1, kFloat4E2M1)
AOTC_DATA_TYPE_OF(onnx_aotc::int4, kInt4)
AOTC_DATA_TYPE_OF(onnx_aotc::uint4, kUint4)
AOTC_DATA_TYPE_OF(onnx_aotc::int2, kInt2)
AOTC_DATA_TYPE_OF(onnx_aotc::uint2, kUint2)
AOTC_DATA_TYPE_OF(onnx_aotc_string, kString)
#undef AOTC_DATA_TYPE_OF

template <typename... T>
struct TypeList {};

using FloatTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16>;
using SignedIntTypes = TypeList<int8_t, int16_t, int32_t, int64_t>;
using UnsignedIntTypes = TypeList<uint8_t, uint16_t, uint32_t, uint64_t>;
using IntTypes = TypeList<int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t>;
using NumericTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t,
                              int64_t, uint8_t, uint16_t, uint32_t, uint64_t>;
using AllTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t, int64_t,
                          uint8_t, uint16_t, uint32_t, uint64_t, bool>;
/// Element types an op that only moves bytes can handle (dispatch on these by size instead, see
/// `dispatch_by_size`).
using Float8Types = TypeList<onnx_aotc::float8e4m3fn, onnx_aotc::float8e4m3fnuz, onnx_aotc::float8e5m2,
                             onnx_aotc::float8e5m2fnuz>;

/// Calls `fn(TypeTag<T>{})` for the T in `List` that matches `type`; reports the type as unsupported otherwise.
template <typename... T, typename Fn>
auto dispatch(TypeList<T...>, DataType type, const OpContext& ctx, Fn&& fn) -> decltype(fn(TypeTag<float>{})) {
  using Result = decltype(fn(TypeTag<float>{}));
  std::optional<Result> result;
  ((data_type_of<T>() == type ? (result.emplace(fn(TypeTag<T>{})), true) : false) || ...);
  if (!result) ctx.unsupported("element type {} is not supported", data_type_name(type));
  return std::move(*result);
}

/// Data-movement ops only care about element size: dispatches to uint8_t/uint16_t/uint32_t/uint64_t.
template <typename Fn>
auto dispatch_by_size(DataType type, const OpContext& ctx, Fn&& fn) {
  switch (data_type_size(type)) {
    case 1: return fn(TypeTag<uint8_t>{});
    case 2: return fn(TypeTag<uint16_t>{});
    case 4: return fn(TypeTag<uint32_t>{});
    case 8: return fn(TypeTag<uint64_t>{});
    default: ctx.unsupported("element type {} is not supported", data_type_name(type));
  }
}

/// Same, for ops whose spec also moves string tensors: a string element moves as its 16-byte view
/// (`onnx_aotc_string`); the characters stay where they are.
template <typename Fn>
auto dispatch_by_size_or_string(DataType type, const OpContext& ctx, Fn&& fn) {
  if (type == DataType::kString) return fn(TypeTag<onnx_aotc_string>{});
  return dispatch_by_size(type, ctx, std::forward<Fn>(fn));
}

/// Converts a shape to the kernels' Dims; fails if the rank exceeds onnx_aotc::kMaxRank.
onnx_aotc::Dims to_dims(const Shape& shape);

/// Normalizes a possibly negative axis into [0, rank); fails with the node's name if out of range.
int64_t normalize_axis(const OpContext& ctx, int64_t axis, int64_t rank, const char* what = "axis");

/// `a + b` and `a * b` for shape arithmetic on attribute or constant values (which may be INT64_MAX); fail
/// naming the node and `what` when the result does not fit int64.
int64_t checked_add(const OpContext& ctx, int64_t a, int64_t b, const char* what);
int64_t checked_mul(const OpContext& ctx, int64_t a, int64_t b, const char* what);

/// ceil(a / b) for a >= 0, b > 0, without the overflow of `(a + b - 1) / b`.
constexpr int64_t ceil_div(int64_t a, int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }

/// Numpy-style broadcast of shapes; fails naming the node if they are incompatible.
Shape broadcast_shapes(const OpContext& ctx, const std::vector<Shape>& shapes);

}  // namespace aotc
