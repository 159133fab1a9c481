// SPDX-License-Identifier: Apache-2.0
// ai.onnx.ml Binarizer, ArrayFeatureExtractor, Scaler, Normalizer, Imputer, FeatureVectorizer, OneHotEncoder,
// LabelEncoder and CategoryMapper (a LabelEncoder between strings and int64); string data and categories included.
#include <onnx_aotc/ref/ml_preprocess.h>

#include "ops/defs/ml_common.h"

namespace aotc {
namespace {

constexpr const char* kMl = "ai.onnx.ml";
using MlNumericTypes = TypeList<float, double, int64_t, int32_t>;

void expect_ml_numeric(const OpContext& ctx, size_t i) {
  dispatch(MlNumericTypes{}, ctx.input(i).type, ctx, [](auto) { return 0; });
}

// ---- Binarizer ------------------------------------------------------------------------------------------

void infer_binarizer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  expect_ml_numeric(ctx, 0);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower_binarizer(OpContext& ctx) {
  const onnx_aotc::ref::BinarizerParams p{ctx.input(0).numel(), static_cast<double>(static_cast<float>(ctx.attr_float("threshold")))};
  return dispatch(MlNumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(binarizer, T), p, {ctx.in(0), ctx.out(0)}, "ml_preprocess");
  });
}

// ---- ArrayFeatureExtractor --------------------------------------------------------------------------------

using FeatureTypes = TypeList<float, double, int64_t, int32_t, onnx_aotc_string>;

void infer_array_feature_extractor(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  dispatch(FeatureTypes{}, ctx.input(0).type, ctx, [](auto) { return 0; });
  if (ctx.input(1).type != DataType::kInt64) ctx.error("indices Y must be int64, not {}", data_type_name(ctx.input(1).type));
  const Shape& x = ctx.input(0).shape;
  if (x.empty()) ctx.error("data X must have rank >= 1");
  if (ctx.input(1).numel() == 0) ctx.error("indices Y must not be empty");
  Shape out = x.size() == 1 ? Shape{1} : Shape(x.begin(), x.end() - 1);
  out.push_back(ctx.input(1).numel());
  ctx.set_output(0, ctx.input(0).type, out);
  if (ctx.input(1).is_constant()) {
    const int64_t* idx = ctx.input(1).constant_data<int64_t>();
    for (int64_t k = 0; k < ctx.input(1).numel(); ++k)
      if (idx[k] < 0 || idx[k] >= x.back()) ctx.error("index {} is out of range [0, {})", idx[k], x.back());
  }
}

KernelCall lower_array_feature_extractor(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::ArrayFeatureExtractorParams p{shape_numel(Shape(x.begin(), x.end() - 1)), x.back(),
                                                      ctx.input(1).numel()};
  return dispatch(FeatureTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(array_feature_extractor, T), p, {ctx.in(0), ctx.in(1), ctx.out(0)}, "ml_preprocess");
  });
}

// ---- Scaler -------------------------------------------------------------------------------------------------

int64_t last_dim(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  return x.empty() ? 1 : x.back();
}

/// Rows of the input read as [rows, last dim].
int64_t leading_rows(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  return x.empty() ? 1 : shape_numel(Shape(x.begin(), x.end() - 1));
}

void infer_scaler(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  expect_ml_numeric(ctx, 0);
  const int64_t cols = last_dim(ctx);
  for (const char* name : {"offset", "scale"}) {
    const size_t n = ctx.has_attr(name) ? ctx.attr_floats(name).size() : 0;
    if (n > 1 && static_cast<int64_t>(n) != cols) ctx.error("{} has {} entries; it needs 1 or {} (the last dim)", name, n, cols);
  }
  ctx.set_output(0, DataType::kFloat, ctx.input(0).shape);
}

std::vector<float> float_list(const OpContext& ctx, const char* name, float absent) {
  std::vector<float> out;
  if (ctx.has_attr(name))
    for (double v : ctx.attr_floats(name)) out.push_back(static_cast<float>(v));
  if (out.empty()) out.push_back(absent);
  return out;
}

KernelCall lower_scaler(OpContext& ctx) {
  const int64_t cols = last_dim(ctx);
  const auto offset = float_list(ctx, "offset", 0.0f), scale = float_list(ctx, "scale", 1.0f);
  const onnx_aotc::ref::ScalerParams p{leading_rows(ctx), cols, offset.size() == 1, scale.size() == 1};
  return dispatch(MlNumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(scaler, T), p,
                     {ctx.in(0), ml_table(ctx, "offset", offset), ml_table(ctx, "scale", scale), ctx.out(0)},
                     "ml_preprocess");
  });
}

// ---- Normalizer ---------------------------------------------------------------------------------------------

int64_t norm_code(const OpContext& ctx) {
  const std::string norm = ctx.attr_string("norm");
  if (norm == "MAX") return 0;
  if (norm == "L1") return 1;
  if (norm == "L2") return 2;
  ctx.error("norm '{}' is not one of MAX, L1, L2", norm);
}

void infer_normalizer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  expect_ml_numeric(ctx, 0);
  ml_rows(ctx);
  norm_code(ctx);
  ctx.set_output(0, DataType::kFloat, ctx.input(0).shape);
}

KernelCall lower_normalizer(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const onnx_aotc::ref::NormalizerParams p{in.rows, in.cols, norm_code(ctx)};
  return dispatch(MlNumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(normalizer, T), p, {ctx.in(0), ctx.out(0)}, "ml_preprocess");
  });
}

// ---- Imputer ------------------------------------------------------------------------------------------------

bool is_ml_float(DataType t) { return t == DataType::kFloat || t == DataType::kDouble; }

void infer_imputer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  expect_ml_numeric(ctx, 0);
  const bool floats = is_ml_float(ctx.input(0).type);
  const char* name = floats ? "imputed_value_floats" : "imputed_value_int64s";
  const size_t n = floats ? (ctx.has_attr(name) ? ctx.attr_floats(name).size() : 0) : ml_ints(ctx, name).size();
  if (n == 0) ctx.error("{} must be given for a {} input", name, data_type_name(ctx.input(0).type));
  if (n != 1 && static_cast<int64_t>(n) != last_dim(ctx))
    ctx.error("{} has {} entries; it needs 1 or {} (the last dim)", name, n, last_dim(ctx));
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower_imputer(OpContext& ctx) {
  const int64_t cols = last_dim(ctx);
  const bool floats = is_ml_float(ctx.input(0).type);
  const std::vector<double> values = floats ? ctx.attr_floats("imputed_value_floats") : [&] {
    std::vector<double> v;
    for (int64_t i : ctx.attr_ints("imputed_value_int64s")) v.push_back(static_cast<double>(i));
    return v;
  }();
  const double replaced = floats ? static_cast<double>(static_cast<float>(ctx.attr_float("replaced_value_float")))
                                 : static_cast<double>(ctx.attr_int("replaced_value_int64"));
  const onnx_aotc::ref::ImputerParams p{leading_rows(ctx), cols, values.size() == 1, std::isnan(replaced),
                                        std::isnan(replaced) ? 0.0 : replaced};
  return dispatch(MlNumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    std::vector<T> typed;
    for (double v : values) typed.push_back(ml_cast<T>(v));
    return make_call(AOTC_KERNEL(imputer, T), p, {ctx.in(0), ml_table(ctx, "values", typed), ctx.out(0)},
                     "ml_preprocess");
  });
}

// ---- FeatureVectorizer ----------------------------------------------------------------------------------------

void infer_feature_vectorizer(OpContext& ctx) {
  if (ctx.num_inputs() < 1) ctx.error("needs at least one input");
  const auto dims = ml_ints(ctx, "inputdimensions");
  if (dims.size() != ctx.num_inputs())
    ctx.error("inputdimensions has {} entries for {} inputs", dims.size(), ctx.num_inputs());
  int64_t rows = -1, total = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    expect_ml_numeric(ctx, i);
    if (ctx.input(i).type != ctx.input(0).type)
      ctx.unsupported("inputs of different element types ({} and {}) are not supported", data_type_name(ctx.input(0).type),
                      data_type_name(ctx.input(i).type));
    // The spec reads a 1-D input as one row [1, C].
    const Shape& s = ctx.input(i).shape;
    if (s.empty() || s.size() > 2) ctx.error("input {} must have rank 1 or 2, has shape {}", i, shape_to_string(s));
    const int64_t n = s.size() == 2 ? s[0] : 1;
    if (rows >= 0 && n != rows) ctx.error("input {} has {} rows, input 0 has {}", i, n, rows);
    rows = n;
    if (dims[i] < 0) ctx.error("inputdimensions[{}] is negative", i);
    ml_checked_count(ctx, dims[i], "inputdimensions entry");
    total += dims[i];
  }
  ctx.set_output(0, DataType::kFloat, {rows, total});
}

KernelCall lower_feature_vectorizer(OpContext& ctx) {
  const auto dims = ctx.attr_ints("inputdimensions");
  std::vector<int64_t> in_cols;
  int64_t total = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const Shape& s = ctx.input(i).shape;
    in_cols.push_back(s.back());
    total += dims[i];
  }
  const Shape& s0 = ctx.input(0).shape;
  const onnx_aotc::ref::FeatureVectorizerParams p{s0.size() == 2 ? s0[0] : 1, static_cast<int64_t>(ctx.num_inputs()), total};
  return dispatch(MlNumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(feature_vectorizer, T), p,
                     {ctx.in_list(0), ml_table(ctx, "in_cols", in_cols), ml_table(ctx, "dims", dims), ctx.out(0)},
                     "ml_preprocess");
  });
}

// ---- OneHotEncoder ------------------------------------------------------------------------------------------

/// The categories: cats_strings for a string input, else cats_int64s.
size_t one_hot_categories(const OpContext& ctx) {
  const bool strings = ctx.input(0).type == DataType::kString;
  const size_t ints = ml_ints(ctx, "cats_int64s").size(), names = ml_strings(ctx, "cats_strings").size();
  if (ints > 0 && names > 0) ctx.error("only one of cats_int64s and cats_strings may be given");
  const size_t n = strings ? names : ints;
  if (n == 0)
    ctx.error("{} must name at least one category for a {} input", strings ? "cats_strings" : "cats_int64s",
              data_type_name(ctx.input(0).type));
  return n;
}

void infer_one_hot_encoder(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  if (ctx.input(0).type != DataType::kString) expect_ml_numeric(ctx, 0);
  Shape out = ctx.input(0).shape;
  out.push_back(static_cast<int64_t>(one_hot_categories(ctx)));
  ctx.set_output(0, DataType::kFloat, out);
}

KernelCall lower_one_hot_encoder(OpContext& ctx) {
  const onnx_aotc::ref::OneHotEncoderParams p{ctx.input(0).numel(), static_cast<int64_t>(one_hot_categories(ctx))};
  if (ctx.input(0).type == DataType::kString)
    return make_call(AOTC_KERNEL(one_hot_encoder, onnx_aotc_string, onnx_aotc_string), p,
                     {ctx.in(0), string_table(ctx, "cats", ml_strings(ctx, "cats_strings")), ctx.out(0)},
                     "ml_preprocess");
  return dispatch(MlNumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(one_hot_encoder, T, int64_t), p,
                     {ctx.in(0), ml_table(ctx, "cats", ml_ints(ctx, "cats_int64s")), ctx.out(0)}, "ml_preprocess");
  });
}

// ---- LabelEncoder ---------------------------------------------------------------------------------------------

using LabelTypes = TypeList<float, double, int64_t, int32_t, int16_t, onnx_aotc_string>;

/// Keys or values of a LabelEncoder: numbers (as doubles, and exactly as `ints` for int64) or strings, with
/// their element type.
struct LabelColumn {
  DataType type = DataType::kUndefined;
  std::vector<double> numbers;
  std::vector<std::string> strings;
  std::vector<int64_t> ints;
  size_t size() const { return type == DataType::kString ? strings.size() : numbers.size(); }
};

LabelColumn int64_column(std::vector<int64_t> ints) {
  LabelColumn c;
  c.type = DataType::kInt64;
  for (int64_t k : ints) c.numbers.push_back(static_cast<double>(k));
  c.ints = std::move(ints);
  return c;
}

LabelColumn string_column(std::vector<std::string> strings) {
  LabelColumn c;
  c.type = DataType::kString;
  c.strings = std::move(strings);
  return c;
}

/// A constant tensor attribute as a column.
LabelColumn tensor_column(const OpContext& ctx, const Value& t, const std::string& what) {
  if (t.type == DataType::kString) return string_column(static_cast<const StringBuffer&>(*t.constant).strings());
  if (t.type == DataType::kInt64)
    return int64_column(std::vector<int64_t>(t.constant_data<int64_t>(), t.constant_data<int64_t>() + t.numel()));
  LabelColumn c;
  c.type = t.type;
  c.numbers = ml_tensor_doubles(ctx, t, what);
  return c;
}

/// The column given by `<prefix>_tensor`, `<prefix>_floats`, `<prefix>_int64s` or `<prefix>_strings`.
LabelColumn label_column(const OpContext& ctx, const std::string& prefix) {
  LabelColumn c;
  if (ctx.has_attr(prefix + "_tensor")) {
    c = tensor_column(ctx, *ctx.attr(prefix + "_tensor").tensor, prefix + "_tensor");
  } else if (ctx.has_attr(prefix + "_floats")) {
    c.type = DataType::kFloat;
    c.numbers = ctx.attr_floats(prefix + "_floats");
  } else if (ctx.has_attr(prefix + "_int64s")) {
    c = int64_column(ctx.attr_ints(prefix + "_int64s"));
  } else if (ctx.has_attr(prefix + "_strings")) {
    c = string_column(ctx.attr(prefix + "_strings").strings);
  } else {
    ctx.error("one of {0}_tensor, {0}_floats, {0}_int64s, {0}_strings must be given", prefix);
  }
  return c;
}

struct LabelMapping {
  LabelColumn keys, values;
  LabelColumn default_value;  ///< one element, of the values' type
};

/// A mapping between strings and int64: `names[k]` <-> `ints[k]` (string -> int64 for a string input, else
/// int64 -> string), as LabelEncoder-1 and CategoryMapper define it.
LabelMapping string_int_mapping(const OpContext& ctx, std::vector<std::string> names, std::vector<int64_t> ints) {
  if (names.size() != ints.size()) ctx.error("{} strings but {} int64 values", names.size(), ints.size());
  if (ctx.input(0).type == DataType::kString)
    return {string_column(std::move(names)), int64_column(std::move(ints)), int64_column({ctx.attr_int("default_int64")})};
  if (ctx.input(0).type == DataType::kInt64)
    return {int64_column(std::move(ints)), string_column(std::move(names)), string_column({ctx.attr_string("default_string")})};
  ctx.error("input X must be string or int64, not {}", data_type_name(ctx.input(0).type));
}

LabelMapping label_mapping(const OpContext& ctx) {
  if (ctx.opset() < 2) {  // LabelEncoder-1: classes_strings[k] <-> k
    const auto classes = ml_strings(ctx, "classes_strings");
    std::vector<int64_t> indices(classes.size());
    for (size_t k = 0; k < indices.size(); ++k) indices[k] = static_cast<int64_t>(k);
    return string_int_mapping(ctx, classes, indices);
  }
  if (ctx.has_attr("classes_strings")) ctx.error("classes_strings belongs to LabelEncoder-1, not {}", ctx.opset());
  LabelMapping m{label_column(ctx, "keys"), label_column(ctx, "values"), {}};
  if (m.keys.size() != m.values.size()) ctx.error("{} keys but {} values", m.keys.size(), m.values.size());
  if ((m.keys.type == DataType::kString) != (ctx.input(0).type == DataType::kString))
    ctx.error("keys are {} but input X is {}", data_type_name(m.keys.type), data_type_name(ctx.input(0).type));
  LabelColumn& d = m.default_value;
  d.type = m.values.type;
  if (ctx.has_attr("default_tensor")) {
    const Value& t = *ctx.attr("default_tensor").tensor;
    if (t.numel() != 1) ctx.error("default_tensor must hold one element, has {}", t.numel());
    if (t.type != m.values.type) ctx.error("default_tensor must have the values' type {}", data_type_name(m.values.type));
    d = tensor_column(ctx, t, "default_tensor");
  } else if (d.type == DataType::kString) {
    d.strings = {ctx.attr_string("default_string")};
  } else if (d.type == DataType::kFloat || d.type == DataType::kDouble) {
    d.numbers = {static_cast<float>(ctx.attr_float("default_float"))};
  } else {
    d = int64_column({ctx.attr_int("default_int64")});
    d.type = m.values.type;
  }
  return m;
}

/// Sets the output of a mapping (LabelEncoder, CategoryMapper).
void infer_mapping(OpContext& ctx, const LabelMapping& m) {
  dispatch(LabelTypes{}, m.values.type, ctx, [](auto) { return 0; });
  ctx.set_output(0, m.values.type, ctx.input(0).shape);
  if (m.values.type == DataType::kString) {  // outputs point at the values and the default
    int64_t longest = static_cast<int64_t>(m.default_value.strings[0].size());
    for (const std::string& v : m.values.strings) longest = std::max(longest, static_cast<int64_t>(v.size()));
    ctx.output(0).max_string_bytes = longest;
  }
}

/// A column as a table operand of element type T (keys converted to the input's type).
template <typename T>
KernelOperand label_table(const OpContext& ctx, const std::string& what, const LabelColumn& c) {
  if constexpr (std::is_same_v<T, onnx_aotc_string>) {
    return string_table(ctx, what, c.strings);
  } else {
    std::vector<T> out;
    if (std::is_integral_v<T> && c.type == DataType::kInt64)
      for (int64_t k : c.ints) out.push_back(static_cast<T>(k));
    else
      for (double d : c.numbers) out.push_back(ml_cast<T>(d));
    return ml_table(ctx, what, out);
  }
}

KernelCall lower_mapping(OpContext& ctx, const LabelMapping& m) {
  const onnx_aotc::ref::LabelEncoderParams p{ctx.input(0).numel(), static_cast<int64_t>(m.keys.size())};
  return dispatch(LabelTypes{}, ctx.input(0).type, ctx, [&](auto itag) {
    return dispatch(LabelTypes{}, m.values.type, ctx, [&](auto otag) {
      using I = typename decltype(itag)::type;
      using O = typename decltype(otag)::type;
      return make_call(AOTC_KERNEL(label_encoder, I, O), p,
                       {ctx.in(0), label_table<I>(ctx, "keys", m.keys), label_table<O>(ctx, "values", m.values),
                        label_table<O>(ctx, "default", m.default_value), ctx.out(0)},
                       "ml_preprocess");
    });
  });
}

void infer_label_encoder(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  dispatch(LabelTypes{}, ctx.input(0).type, ctx, [](auto) { return 0; });
  infer_mapping(ctx, label_mapping(ctx));
}

KernelCall lower_label_encoder(OpContext& ctx) { return lower_mapping(ctx, label_mapping(ctx)); }

// ---- CategoryMapper ---------------------------------------------------------------------------------------

LabelMapping category_mapping(const OpContext& ctx) {
  return string_int_mapping(ctx, ml_strings(ctx, "cats_strings"), ml_ints(ctx, "cats_int64s"));
}

void infer_category_mapper(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  infer_mapping(ctx, category_mapping(ctx));
}

KernelCall lower_category_mapper(OpContext& ctx) { return lower_mapping(ctx, category_mapping(ctx)); }

OpTraits elementwise() {
  OpTraits t;
  t.elementwise = true;
  return t;
}

}  // namespace

const OpDef& op_Binarizer() {
  static const OpDef def{kMl, "Binarizer", {attr_float("threshold", 0.0)}, elementwise(), infer_binarizer, lower_binarizer};
  return def;
}

const OpDef& op_ArrayFeatureExtractor() {
  static const OpDef def{kMl, "ArrayFeatureExtractor", {}, {}, infer_array_feature_extractor, lower_array_feature_extractor};
  return def;
}

const OpDef& op_Scaler() {
  static const OpDef def{kMl, "Scaler", {attr_floats("offset"), attr_floats("scale")}, {}, infer_scaler, lower_scaler};
  return def;
}

const OpDef& op_Normalizer() {
  static const OpDef def{kMl, "Normalizer", {attr_string("norm", "MAX")}, {}, infer_normalizer, lower_normalizer};
  return def;
}

const OpDef& op_Imputer() {
  static const OpDef def{kMl,
                         "Imputer",
                         {attr_floats("imputed_value_floats"), attr_ints("imputed_value_int64s"),
                          attr_float("replaced_value_float", 0.0), attr_int("replaced_value_int64", 0)},
                         {},
                         infer_imputer,
                         lower_imputer};
  return def;
}

const OpDef& op_FeatureVectorizer() {
  static const OpDef def{kMl, "FeatureVectorizer", {attr_ints("inputdimensions")}, {}, infer_feature_vectorizer,
                         lower_feature_vectorizer};
  return def;
}

const OpDef& op_OneHotEncoder() {
  // zeros=0 asks for a runtime failure on an unknown category; the kernel cannot fail, so it writes a zero row.
  static const OpDef def{kMl, "OneHotEncoder", {attr_ints("cats_int64s"), attr_strings("cats_strings"), attr_int("zeros", 1)},
                         {}, infer_one_hot_encoder, lower_one_hot_encoder};
  return def;
}

const OpDef& op_CategoryMapper() {
  static const OpDef def{kMl,
                         "CategoryMapper",
                         {attr_ints("cats_int64s"), attr_strings("cats_strings"), attr_int("default_int64", -1),
                          attr_string("default_string", "_Unused")},
                         {},
                         infer_category_mapper,
                         lower_category_mapper};
  return def;
}

const OpDef& op_LabelEncoder() {
  static const OpDef def{kMl,
                         "LabelEncoder",
                         {attr_strings("classes_strings"), attr_float("default_float", -0.0), attr_int("default_int64", -1),
                          attr_string("default_string", "_Unused"), attr_tensor("default_tensor"),
                          attr_floats("keys_floats"), attr_ints("keys_int64s"), attr_strings("keys_strings"),
                          attr_tensor("keys_tensor"), attr_floats("values_floats"), attr_ints("values_int64s"),
                          attr_strings("values_strings"), attr_tensor("values_tensor")},
                         {},
                         infer_label_encoder,
                         lower_label_encoder};
  return def;
}

}  // namespace aotc
