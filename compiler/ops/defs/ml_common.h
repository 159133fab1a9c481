// SPDX-License-Identifier: Apache-2.0
// Helpers for the ai.onnx.ml ops and TfIdfVectorizer, whose attributes carry variable-length arrays (tree nodes,
// coefficients, support vectors, n-gram pools). A kernel parameter struct holds only fixed-size fields, so such
// arrays travel as detached constant tensors ("tables"): kernel operands that the memory planner places among the
// weights like any initializer and that the constant folder reads like any constant input.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "ops/defs/shape_inputs.h"
#include "ops/op_def.h"

namespace aotc {

/// A one-dimensional constant of `count` elements named after the node, as an operand of the node's kernel call,
/// which owns it.
inline KernelOperand owned_table(const OpContext& ctx, const std::string& what, DataType type, size_t count,
                                 std::shared_ptr<const Buffer> buffer) {
  auto v = std::make_shared<Value>();
  v->name = ctx.node().name + "/" + what;
  v->type = type;
  v->shape = {static_cast<int64_t>(count)};
  v->shape_known = true;
  v->constant = std::move(buffer);
  KernelOperand operand;
  operand.values = {v.get()};
  operand.owned_constant = std::move(v);
  return operand;
}

/// A constant tensor holding `data` (at least one element, so that it always has storage).
template <typename T>
KernelOperand ml_table(const OpContext& ctx, const std::string& what, const std::vector<T>& data) {
  const size_t n = data.empty() ? 1 : data.size();
  std::vector<uint8_t> bytes(n * sizeof(T), 0);
  if (!data.empty()) std::memcpy(bytes.data(), data.data(), data.size() * sizeof(T));
  return owned_table(ctx, what, data_type_of<T>(), n, std::make_shared<OwnedBuffer>(std::move(bytes)));
}

/// A constant string tensor holding `strings` (at least one element).
inline KernelOperand string_table(const OpContext& ctx, const std::string& what, std::vector<std::string> strings) {
  if (strings.empty()) strings.emplace_back();
  const size_t n = strings.size();
  return owned_table(ctx, what, DataType::kString, n, std::make_shared<StringBuffer>(std::move(strings)));
}

/// A detached constant Value's elements as doubles (any numeric type); fails naming `what` otherwise.
inline std::vector<double> ml_tensor_doubles(const OpContext& ctx, const Value& v, const std::string& what) {
  std::vector<double> out(static_cast<size_t>(v.numel()));
  for (size_t k = 0; k < out.size(); ++k)
    if (!constant_element_as_double(v, k, out[k])) ctx.error("{} must be numeric, not {}", what, data_type_name(v.type));
  return out;
}

/// A float array given either as a `floats` attribute or as its `<name>_as_tensor` twin (float or double).
inline std::vector<double> ml_floats_or_tensor(const OpContext& ctx, const std::string& name) {
  const std::string tensor = name + "_as_tensor";
  const bool has_floats = ctx.has_attr(name), has_tensor = ctx.has_attr(tensor);
  if (has_floats && has_tensor) ctx.error("only one of {} and {} may be given", name, tensor);
  if (has_tensor) return ml_tensor_doubles(ctx, *ctx.attr(tensor).tensor, tensor);
  if (has_floats) return ctx.attr_floats(name);
  return {};
}

/// Fails (unsupported) when a count taken from an attribute is beyond what the kernels are meant for.
inline int64_t ml_checked_count(const OpContext& ctx, int64_t n, const char* what) {
  if (n > (int64_t{1} << 31)) ctx.unsupported("{} {} is too large", what, n);
  return n;
}

/// `v` as T, with NaN and out-of-range values (which no valid model gives an integer table) as 0.
template <typename T>
T ml_cast(double v) {
  if constexpr (std::is_integral_v<T>) {
    if (!(v >= -9.2e18 && v <= 9.2e18)) return T{};
  }
  return static_cast<T>(v);
}

/// Int64 attribute list, empty when absent.
inline std::vector<int64_t> ml_ints(const OpContext& ctx, const std::string& name) {
  return ctx.has_attr(name) ? ctx.attr_ints(name) : std::vector<int64_t>{};
}

/// Strings attribute list, empty when absent.
inline std::vector<std::string> ml_strings(const OpContext& ctx, const std::string& name) {
  return ctx.has_attr(name) ? ctx.attr(name).strings : std::vector<std::string>{};
}

/// Class labels of a classifier: `ints_attr` (classlabels_ints or classlabels_int64s) or classlabels_strings.
struct MlClassLabels {
  bool strings = false;
  std::vector<int64_t> ints;
  std::vector<std::string> names;
  int64_t size() const { return static_cast<int64_t>(strings ? names.size() : ints.size()); }
  DataType type() const { return strings ? DataType::kString : DataType::kInt64; }
};

inline MlClassLabels ml_class_labels(const OpContext& ctx, const std::string& ints_attr) {
  MlClassLabels l;
  l.ints = ml_ints(ctx, ints_attr);
  l.names = ml_strings(ctx, "classlabels_strings");
  if (!l.ints.empty() && !l.names.empty()) ctx.error("only one of {} and classlabels_strings may be given", ints_attr);
  l.strings = !l.names.empty();
  return l;
}

/// What a classifier kernel's label table holds for class k: the label (int64) or, for string labels, k, which
/// `ml_label_table` turns into the name.
inline std::vector<int64_t> ml_label_entries(const MlClassLabels& l) {
  if (!l.strings) return l.ints;
  std::vector<int64_t> entries(l.names.size());
  for (size_t k = 0; k < entries.size(); ++k) entries[k] = static_cast<int64_t>(k);
  return entries;
}

/// The label table operand: `entries` as int64 labels, or, for string labels, the names they index.
inline KernelOperand ml_label_table(const OpContext& ctx, const MlClassLabels& l, const std::vector<int64_t>& entries) {
  if (!l.strings) return ml_table(ctx, "labels", entries);
  std::vector<std::string> names;
  for (int64_t e : entries) names.push_back(l.names.at(static_cast<size_t>(e)));
  return string_table(ctx, "labels", std::move(names));
}

/// Sets output i to the labels' type; string labels bound it by the longest name (its elements point at them).
inline void ml_set_label_output(OpContext& ctx, size_t i, const MlClassLabels& l, Shape shape) {
  ctx.set_output(i, l.type(), std::move(shape));
  if (!l.strings) return;
  int64_t longest = 0;
  for (const std::string& name : l.names) longest = std::max(longest, static_cast<int64_t>(name.size()));
  ctx.output(i).max_string_bytes = longest;
}

/// POST_TRANSFORM names of the ml ops, as the kernels' integer codes (onnx_aotc/ref/ml_common.h).
inline int64_t ml_post_transform(const OpContext& ctx, const std::string& name) {
  static const char* const names[] = {"NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT"};
  for (int64_t i = 0; i < 5; ++i)
    if (name == names[i]) return i;
  ctx.error("post_transform '{}' is not one of NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT", name);
}

/// Rows and features of a 1-D [C] (one row) or 2-D [N, C] input, as most ml ops read it.
struct MlRows {
  int64_t rows;
  int64_t cols;
};
inline MlRows ml_rows(const OpContext& ctx, size_t input = 0) {
  const Shape& s = ctx.input(input).shape;
  if (s.size() == 1) return {1, s[0]};
  if (s.size() == 2) return {s[0], s[1]};
  if (s.empty()) return {1, 1};
  ctx.error("input {} must have rank 1 or 2, has shape {}", input, shape_to_string(s));
}

}  // namespace aotc
