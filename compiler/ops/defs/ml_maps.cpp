// SPDX-License-Identifier: Apache-2.0
// ai.onnx.ml ops on maps: ZipMap, DictVectorizer, CastMap. Maps, like sequences, exist only at compile time:
// ZipMap's sequence of N maps with the same C keys is its [N, C] input under a new name, with the keys kept
// as a constant (`Value::map_keys`, which the generated header declares); a map graph input is two tensors,
// "<name>.keys" and "<name>.values" (the loader makes them), which DictVectorizer and CastMap take in its place.
#include <onnx_aotc/ref/ml_maps.h>

#include "ops/defs/ml_common.h"

namespace aotc {

KernelCall lower_view_copy(OpContext& ctx);  // reshape_like.cpp: the copy that the planner may turn into an alias

namespace {

constexpr const char* kMl = "ai.onnx.ml";

// ---- ZipMap -------------------------------------------------------------------------------------------------

void infer_zip_map(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Value& x = ctx.input(0);
  if (x.type != DataType::kFloat) ctx.error("input X must be float, not {}", data_type_name(x.type));
  if (x.shape.size() != 1 && x.shape.size() != 2) ctx.error("input X must have rank 1 or 2, has shape {}", shape_to_string(x.shape));
  const MlClassLabels labels = ml_class_labels(ctx, "classlabels_int64s");
  if (labels.size() == 0) ctx.error("one of classlabels_int64s and classlabels_strings must be given");
  const MlRows r = ml_rows(ctx);
  if (r.cols != labels.size()) ctx.error("input X has {} columns but there are {} class labels", r.cols, labels.size());
  ctx.set_output(0, DataType::kFloat, {r.rows, r.cols});
  auto keys = std::make_shared<Value>();
  keys->name = ctx.node().name + "/keys";
  keys->type = labels.type();
  keys->shape = {labels.size()};
  keys->shape_known = true;
  if (labels.strings) {
    keys->constant = std::make_shared<StringBuffer>(labels.names);
  } else {
    std::vector<uint8_t> bytes(labels.ints.size() * sizeof(int64_t));
    std::memcpy(bytes.data(), labels.ints.data(), bytes.size());
    keys->constant = std::make_shared<OwnedBuffer>(std::move(bytes));
  }
  ctx.output(0).map_keys = std::move(keys);
}

// ---- map inputs ---------------------------------------------------------------------------------------------

/// Takes a map input's keys and values tensors as inputs 0 and 1 in its place (inference then runs again).
void expand_map_input(OpContext& ctx) {
  if (ctx.num_inputs() == 2 && ctx.input(0).is_tensor() && ctx.input(1).is_tensor()) return;
  ctx.expect_inputs(1, 1);
  const Value& map = ctx.input(0);
  if (map.kind != ValueKind::kMap || map.elements.size() != 2)
    ctx.unsupported("input X ('{}') must be a map graph input (maps computed by other nodes are not supported)", map.name);
  ctx.mutable_node().inputs = map.elements;
  ctx.restart();
}

/// The map's pair count after `expand_map_input`.
int64_t map_pairs(const OpContext& ctx) {
  const Value& keys = ctx.input(0);
  const Value& values = ctx.input(1);
  if (keys.shape.size() != 1 || values.shape != keys.shape)
    ctx.error("the map's keys {} and values {} must be 1-D of the same length", shape_to_string(keys.shape),
              shape_to_string(values.shape));
  return keys.shape[0];
}

// ---- DictVectorizer -----------------------------------------------------------------------------------------

using DictValueTypes = TypeList<float, double, int64_t, onnx_aotc_string>;

void infer_dict_vectorizer(OpContext& ctx) {
  expand_map_input(ctx);
  map_pairs(ctx);
  const std::vector<std::string> strings = ml_strings(ctx, "string_vocabulary");
  const std::vector<int64_t> ints = ml_ints(ctx, "int64_vocabulary");
  if (strings.empty() == ints.empty()) ctx.error("exactly one of string_vocabulary and int64_vocabulary must be given");
  const DataType key_type = strings.empty() ? DataType::kInt64 : DataType::kString;
  if (ctx.input(0).type != key_type)
    ctx.error("the map's keys are {} but the vocabulary is {}", data_type_name(ctx.input(0).type), data_type_name(key_type));
  dispatch(DictValueTypes{}, ctx.input(1).type, ctx, [](auto) { return 0; });
  const int64_t size = ml_checked_count(ctx, static_cast<int64_t>(strings.empty() ? ints.size() : strings.size()), "vocabulary size");
  ctx.set_output(0, ctx.input(1).type, {1, size});
}

KernelCall lower_dict_vectorizer(OpContext& ctx) {
  const bool string_keys = ctx.input(0).type == DataType::kString;
  const KernelOperand vocabulary = string_keys ? string_table(ctx, "vocabulary", ml_strings(ctx, "string_vocabulary"))
                                               : ml_table(ctx, "vocabulary", ml_ints(ctx, "int64_vocabulary"));
  const onnx_aotc::ref::DictVectorizerParams p{map_pairs(ctx), ctx.output(0).shape[1]};
  return dispatch(DictValueTypes{}, ctx.input(1).type, ctx, [&](auto tag) {
    using V = typename decltype(tag)::type;
    if (string_keys)
      return make_call(AOTC_KERNEL(dict_vectorizer, onnx_aotc_string, V), p, {ctx.in(0), ctx.in(1), vocabulary, ctx.out(0)},
                       "ml_maps");
    return make_call(AOTC_KERNEL(dict_vectorizer, int64_t, V), p, {ctx.in(0), ctx.in(1), vocabulary, ctx.out(0)}, "ml_maps");
  });
}

// ---- CastMap ------------------------------------------------------------------------------------------------

using CastMapTypes = TypeList<float, int64_t, onnx_aotc_string>;

DataType cast_map_target(const OpContext& ctx) {
  const std::string to = ctx.attr_string("cast_to");
  if (to == "TO_FLOAT") return DataType::kFloat;
  if (to == "TO_INT64") return DataType::kInt64;
  if (to == "TO_STRING") return DataType::kString;
  ctx.error("cast_to '{}' is not one of TO_FLOAT, TO_STRING, TO_INT64", to);
}

bool cast_map_dense(const OpContext& ctx) {
  const std::string form = ctx.attr_string("map_form");
  if (form != "DENSE" && form != "SPARSE") ctx.error("map_form '{}' is not one of DENSE, SPARSE", form);
  return form == "DENSE";
}

void infer_cast_map(OpContext& ctx) {
  expand_map_input(ctx);
  const int64_t pairs = map_pairs(ctx);
  if (ctx.input(0).type != DataType::kInt64) ctx.error("the map's keys must be int64, not {}", data_type_name(ctx.input(0).type));
  const DataType from = ctx.input(1).type;
  if (from != DataType::kFloat && from != DataType::kString)
    ctx.error("the map's values must be float or string, not {}", data_type_name(from));
  const DataType to = cast_map_target(ctx);
  const bool dense = cast_map_dense(ctx);
  const int64_t max_map = ctx.attr_int("max_map");
  if (!dense && max_map < 1) ctx.error("max_map must be positive, not {}", max_map);
  ctx.set_output(0, to, {1, dense ? pairs : ml_checked_count(ctx, max_map, "max_map")});
  // Strings made from numbers live in the node's storage; string values pass through (the pads are literals).
  if (to == DataType::kString && from != DataType::kString)
    ctx.output(0).max_string_bytes = onnx_aotc::ref::kCastMapStringSlot - 1;
}

KernelCall lower_cast_map(OpContext& ctx) {
  const DataType from = ctx.input(1).type, to = ctx.output(0).type;
  const int64_t pairs = map_pairs(ctx);
  const onnx_aotc::ref::CastMapParams p{pairs, cast_map_dense(ctx), ctx.attr_int("max_map")};
  // Only numbers cast to strings need storage; the kernel takes the operand either way.
  const KernelOperand storage = to == DataType::kString && from != DataType::kString
                                    ? KernelOperand::string_storage(static_cast<size_t>(std::max<int64_t>(1, pairs)) *
                                                                    onnx_aotc::ref::kCastMapStringSlot)
                                    : KernelOperand::scratch(1);
  return dispatch(CastMapTypes{}, from, ctx, [&](auto ftag) {
    return dispatch(CastMapTypes{}, to, ctx, [&](auto ttag) {
      using From = typename decltype(ftag)::type;
      using To = typename decltype(ttag)::type;
      return make_call(AOTC_KERNEL(cast_map, From, To), p, {ctx.in(0), ctx.in(1), ctx.out(0), storage}, "ml_maps");
    });
  });
}

/// DictVectorizer and CastMap take a map (OpTraits::sequences lets it through inference), then rewrite their
/// node to take its two tensors.
constexpr OpTraits kMapTraits{false, false, false, /*foldable=*/true, /*reads_input_values=*/true, /*sequences=*/true};
/// ZipMap's output is its input's bytes (as a view op's): no code unless the planner needs a copy.
constexpr OpTraits kZipMapTraits{false, true, true, true};

}  // namespace

const OpDef& op_CastMap() {
  static const OpDef def{kMl,
                         "CastMap",
                         {attr_string("cast_to", "TO_FLOAT"), attr_string("map_form", "DENSE"), attr_int("max_map", 1)},
                         kMapTraits,
                         infer_cast_map,
                         lower_cast_map};
  return def;
}

const OpDef& op_DictVectorizer() {
  static const OpDef def{kMl, "DictVectorizer", {attr_ints("int64_vocabulary"), attr_strings("string_vocabulary")},
                         kMapTraits, infer_dict_vectorizer, lower_dict_vectorizer};
  return def;
}

const OpDef& op_ZipMap() {
  static const OpDef def{kMl, "ZipMap", {attr_ints("classlabels_int64s"), attr_strings("classlabels_strings")},
                         kZipMapTraits, infer_zip_map, lower_view_copy};
  return def;
}

}  // namespace aotc
