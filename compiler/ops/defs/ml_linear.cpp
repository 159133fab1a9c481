// SPDX-License-Identifier: Apache-2.0
// ai.onnx.ml LinearRegressor, LinearClassifier, SVMRegressor and SVMClassifier (int64 or string class labels:
// the kernels take a label table and copy its entries).
#include <onnx_aotc/ref/ml_linear.h>

#include <algorithm>

#include "ops/defs/ml_common.h"

namespace aotc {
namespace {

constexpr const char* kMl = "ai.onnx.ml";
using MlInputTypes = TypeList<float, double, int64_t, int32_t>;
using LabelTypes = TypeList<int64_t, onnx_aotc_string>;

void expect_input(const OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  dispatch(MlInputTypes{}, ctx.input(0).type, ctx, [](auto) { return 0; });
  ml_rows(ctx);
}

std::vector<double> floats(const OpContext& ctx, const char* name) {
  return ctx.has_attr(name) ? ctx.attr_floats(name) : std::vector<double>{};
}

// ---- LinearRegressor ----------------------------------------------------------------------------------------

void infer_linear_regressor(OpContext& ctx) {
  expect_input(ctx);
  const int64_t targets = ctx.attr_int("targets");
  if (targets < 1) ctx.error("targets {} must be positive", targets);
  const MlRows in = ml_rows(ctx);
  const int64_t need = checked_mul(ctx, targets, in.cols, "targets times features");
  if (targets > static_cast<int64_t>(floats(ctx, "coefficients").size()) ||
      static_cast<int64_t>(floats(ctx, "coefficients").size()) != need)
    ctx.error("coefficients has {} entries; {} targets of {} features need {}", floats(ctx, "coefficients").size(), targets,
              in.cols, need);
  const auto intercepts = floats(ctx, "intercepts");
  if (!intercepts.empty() && static_cast<int64_t>(intercepts.size()) != targets)
    ctx.error("intercepts has {} entries for {} targets", intercepts.size(), targets);
  ctx.set_output(0, DataType::kFloat, {in.rows, targets});
}

KernelCall lower_linear_regressor(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const int64_t targets = ctx.attr_int("targets");
  auto intercepts = floats(ctx, "intercepts");
  intercepts.resize(static_cast<size_t>(targets), 0.0);
  const onnx_aotc::ref::LinearRegressorParams p{in.rows, in.cols, targets,
                                                ml_post_transform(ctx, ctx.attr_string("post_transform"))};
  return dispatch(MlInputTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(linear_regressor, T), p,
                     {ctx.in(0), ml_table(ctx, "coefficients", floats(ctx, "coefficients")),
                      ml_table(ctx, "intercepts", intercepts), ctx.out(0)},
                     "ml_linear");
  });
}

// ---- LinearClassifier ---------------------------------------------------------------------------------------

struct LinearShape {
  int64_t targets, columns;
  MlClassLabels labels;
};

LinearShape linear_shape(const OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const auto coefficients = floats(ctx, "coefficients");
  if (coefficients.empty() || in.cols == 0 || static_cast<int64_t>(coefficients.size()) % in.cols != 0)
    ctx.error("coefficients has {} entries, not a multiple of the {} features", coefficients.size(), in.cols);
  const int64_t targets = static_cast<int64_t>(coefficients.size()) / in.cols;
  MlClassLabels labels = ml_class_labels(ctx, "classlabels_ints");
  const int64_t columns = targets == 1 && labels.size() == 2 ? 2 : targets;
  if (labels.strings && columns == 1)
    ctx.unsupported("one coefficient row with {} string labels (onnxruntime requires 2)", labels.size());
  return {targets, columns, std::move(labels)};
}

/// The label table: one label per score column; one score alone reads {0, the one label (1 if none)}.
std::vector<int64_t> linear_label_entries(const LinearShape& s) {
  if (s.columns == 1) return {0, s.labels.size() > 0 ? s.labels.ints[0] : 1};
  if (s.labels.size() > 0) return ml_label_entries(s.labels);
  std::vector<int64_t> entries(static_cast<size_t>(s.columns));
  for (size_t k = 0; k < entries.size(); ++k) entries[k] = static_cast<int64_t>(k);
  return entries;
}

void infer_linear_classifier(OpContext& ctx) {
  expect_input(ctx);
  const LinearShape s = linear_shape(ctx);
  const auto intercepts = floats(ctx, "intercepts");
  if (!intercepts.empty() && static_cast<int64_t>(intercepts.size()) != s.targets)
    ctx.error("intercepts has {} entries for {} coefficient rows", intercepts.size(), s.targets);
  if (s.labels.size() > 0 && s.columns > 1 && s.labels.size() < s.columns)
    ctx.error("{} class labels for {} scores", s.labels.size(), s.columns);
  if (!ctx.has_output(1)) ctx.unsupported("the scores output Z must be present");
  const int64_t rows = ml_rows(ctx).rows;
  ml_set_label_output(ctx, 0, s.labels, {rows});
  ctx.set_output(1, DataType::kFloat, {rows, s.columns});
}

KernelCall lower_linear_classifier(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const LinearShape s = linear_shape(ctx);
  auto intercepts = floats(ctx, "intercepts");
  intercepts.resize(static_cast<size_t>(s.targets), 0.0);
  const onnx_aotc::ref::LinearClassifierParams p{in.rows, in.cols, s.targets, s.columns,
                                                 ml_post_transform(ctx, ctx.attr_string("post_transform"))};
  return dispatch(MlInputTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    return dispatch(LabelTypes{}, s.labels.type(), ctx, [&](auto label_tag) {
      using T = typename decltype(tag)::type;
      using L = typename decltype(label_tag)::type;
      return make_call(AOTC_KERNEL(linear_classifier, T, L), p,
                       {ctx.in(0), ml_table(ctx, "coefficients", floats(ctx, "coefficients")),
                        ml_table(ctx, "intercepts", intercepts),
                        ml_label_table(ctx, s.labels, linear_label_entries(s)), ctx.out(0), ctx.out(1)},
                       "ml_linear");
    });
  });
}

// ---- SVM common ---------------------------------------------------------------------------------------------

onnx_aotc::ref::SvmKernel svm_kernel(const OpContext& ctx) {
  static const char* const names[] = {"LINEAR", "POLY", "RBF", "SIGMOID"};
  const std::string type = ctx.attr_string("kernel_type");
  const auto it = std::find(std::begin(names), std::end(names), type);
  if (it == std::end(names)) ctx.error("kernel_type '{}' is not one of LINEAR, POLY, RBF, SIGMOID", type);
  const auto params = floats(ctx, "kernel_params");
  if (!params.empty() && params.size() != 3) ctx.error("kernel_params must hold [gamma, coef0, degree], has {} entries", params.size());
  // The attributes are float32: round them as the reference does.
  auto f = [&](size_t i) { return params.empty() ? 0.0 : static_cast<double>(static_cast<float>(params[i])); };
  return {it - std::begin(names), f(0), f(1), ml_cast<int64_t>(f(2))};
}

std::vector<double> float32_list(const OpContext& ctx, const char* name) {
  auto v = floats(ctx, name);
  for (double& d : v) d = static_cast<float>(d);
  return v;
}

// ---- SVMRegressor -------------------------------------------------------------------------------------------

void infer_svm_regressor(OpContext& ctx) {
  expect_input(ctx);
  const MlRows in = ml_rows(ctx);
  const int64_t supports = ctx.attr_int("n_supports");
  const size_t coefficients = floats(ctx, "coefficients").size();
  if (supports < 0) ctx.error("n_supports {} is negative", supports);
  if (supports != 0 && supports != static_cast<int64_t>(coefficients))
    ctx.error("coefficients has {} entries for {} supports", coefficients, supports);
  if (supports > 0) {
    const int64_t need = checked_mul(ctx, supports, in.cols, "supports times features");
    if (static_cast<int64_t>(floats(ctx, "support_vectors").size()) != need)
      ctx.error("support_vectors has {} entries; {} supports of {} features need {}", floats(ctx, "support_vectors").size(),
                supports, in.cols, need);
    if (static_cast<int64_t>(coefficients) != supports) ctx.error("coefficients has {} entries for {} supports", coefficients, supports);
  } else if (static_cast<int64_t>(coefficients) != in.cols) {
    ctx.error("a linear model needs {} coefficients (one per feature), has {}", in.cols, coefficients);
  }
  if (floats(ctx, "rho").empty()) ctx.error("rho must be given");
  if (ctx.attr_int("n_targets") != 1) ctx.unsupported("n_targets {} (only 1 is supported)", ctx.attr_int("n_targets"));
  svm_kernel(ctx);
  ctx.set_output(0, DataType::kFloat, {in.rows, 1});
}

KernelCall lower_svm_regressor(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const onnx_aotc::ref::SvmRegressorParams p{in.rows, in.cols, ctx.attr_int("n_supports"), svm_kernel(ctx),
                                             ctx.attr_int("one_class") != 0,
                                             ml_post_transform(ctx, ctx.attr_string("post_transform"))};
  return dispatch(MlInputTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(svm_regressor, T), p,
                     {ctx.in(0), ml_table(ctx, "support_vectors", float32_list(ctx, "support_vectors")),
                      ml_table(ctx, "coefficients", float32_list(ctx, "coefficients")),
                      ml_table(ctx, "rho", float32_list(ctx, "rho")), ctx.out(0)},
                     "ml_linear");
  });
}

// ---- SVMClassifier ------------------------------------------------------------------------------------------

struct SvmShape {
  onnx_aotc::ref::SvmClassifierParams params;
  std::vector<int64_t> starts, counts;
  MlClassLabels labels;
};

SvmShape svm_shape(const OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  SvmShape s;
  s.labels = ml_class_labels(ctx, "classlabels_ints");
  const int64_t k = ml_checked_count(ctx, std::max<int64_t>(s.labels.size(), 1), "class count");
  const auto counts = ml_ints(ctx, "vectors_per_class");
  int64_t vectors = 0;
  for (int64_t c : counts) {
    if (c < 0 || c > (int64_t{1} << 31)) ctx.error("vectors_per_class holds a count {} out of range", c);
    s.starts.push_back(vectors);
    vectors += c;
  }
  s.counts = counts;
  const auto coefficients = floats(ctx, "coefficients"), rho = floats(ctx, "rho");
  const auto prob_a = floats(ctx, "prob_a"), prob_b = floats(ctx, "prob_b");
  const int64_t pairs = k * (k - 1) / 2;
  const bool has_proba = vectors > 0 && !prob_a.empty();
  if (vectors > 0) {
    if (static_cast<int64_t>(counts.size()) != k) ctx.error("vectors_per_class has {} entries for {} classes", counts.size(), k);
    const int64_t need_vectors = checked_mul(ctx, vectors, in.cols, "vectors times features");
    if (static_cast<int64_t>(floats(ctx, "support_vectors").size()) != need_vectors)
      ctx.error("support_vectors has {} entries; {} vectors of {} features need {}", floats(ctx, "support_vectors").size(),
                vectors, in.cols, need_vectors);
    const int64_t need_coefficients = checked_mul(ctx, k - 1, vectors, "coefficient count");
    if (static_cast<int64_t>(coefficients.size()) != need_coefficients)
      ctx.error("coefficients has {} entries; {} classes and {} vectors need {}", coefficients.size(), k, vectors,
                need_coefficients);
    if (static_cast<int64_t>(rho.size()) < pairs) ctx.error("rho has {} entries for {} class pairs", rho.size(), pairs);
    if (has_proba && (static_cast<int64_t>(prob_a.size()) < pairs || static_cast<int64_t>(prob_b.size()) < pairs))
      ctx.error("prob_a and prob_b need one entry per class pair ({})", pairs);
    if (has_proba && k > onnx_aotc::ref::kSvmMaxProbabilityClasses)
      ctx.unsupported("probabilities for {} classes (at most {} are supported)", k, onnx_aotc::ref::kSvmMaxProbabilityClasses);
  } else {
    const int64_t need = checked_mul(ctx, k, in.cols, "classes times features");
    if (static_cast<int64_t>(coefficients.size()) != need)
      ctx.error("a linear model needs {} coefficients ({} classes of {} features), has {}", need, k, in.cols,
                coefficients.size());
    if (rho.empty()) ctx.error("rho must be given");
  }
  const int64_t post = ml_post_transform(ctx, ctx.attr_string("post_transform"));
  const int64_t raw = vectors == 0 || has_proba ? k : pairs;
  const int64_t columns = raw == 1 && k == 2 && post != 4 ? 2 : raw;
  const bool all_positive = std::all_of(coefficients.begin(), coefficients.end(), [](double c) { return c >= 0; });
  s.params = {in.rows, in.cols, k, vectors, svm_kernel(ctx), has_proba, all_positive, raw, columns, post};
  return s;
}

/// The label table: the class labels, or the class indices when none are given.
std::vector<int64_t> svm_label_entries(const SvmShape& s) {
  if (s.labels.size() > 0) return ml_label_entries(s.labels);
  std::vector<int64_t> entries(static_cast<size_t>(s.params.classes));
  for (size_t k = 0; k < entries.size(); ++k) entries[k] = static_cast<int64_t>(k);
  return entries;
}

void infer_svm_classifier(OpContext& ctx) {
  expect_input(ctx);
  const SvmShape s = svm_shape(ctx);
  if (!ctx.has_output(1)) ctx.unsupported("the scores output Z must be present");
  ml_set_label_output(ctx, 0, s.labels, {s.params.rows});
  ctx.set_output(1, DataType::kFloat, {s.params.rows, s.params.score_columns});
}

KernelCall lower_svm_classifier(OpContext& ctx) {
  const SvmShape s = svm_shape(ctx);
  return dispatch(MlInputTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    return dispatch(LabelTypes{}, s.labels.type(), ctx, [&](auto label_tag) {
      using T = typename decltype(tag)::type;
      using L = typename decltype(label_tag)::type;
      return make_call(AOTC_KERNEL(svm_classifier, T, L), s.params,
                       {ctx.in(0), ml_table(ctx, "support_vectors", float32_list(ctx, "support_vectors")),
                        ml_table(ctx, "coefficients", float32_list(ctx, "coefficients")),
                        ml_table(ctx, "rho", float32_list(ctx, "rho")), ml_table(ctx, "prob_a", float32_list(ctx, "prob_a")),
                        ml_table(ctx, "prob_b", float32_list(ctx, "prob_b")), ml_table(ctx, "starts", s.starts),
                        ml_table(ctx, "counts", s.counts), ml_label_table(ctx, s.labels, svm_label_entries(s)),
                        ctx.out(0), ctx.out(1)},
                       "ml_linear");
    });
  });
}

}  // namespace

const OpDef& op_LinearRegressor() {
  static const OpDef def{kMl,
                         "LinearRegressor",
                         {attr_floats("coefficients"), attr_floats("intercepts"), attr_string("post_transform", "NONE"),
                          attr_int("targets", 1)},
                         {},
                         infer_linear_regressor,
                         lower_linear_regressor};
  return def;
}

const OpDef& op_LinearClassifier() {
  static const OpDef def{kMl,
                         "LinearClassifier",
                         {attr_ints("classlabels_ints"), attr_strings("classlabels_strings"),
                          required(attr_floats("coefficients")), attr_floats("intercepts"), attr_int("multi_class", 0),
                          attr_string("post_transform", "NONE")},
                         {},
                         infer_linear_classifier,
                         lower_linear_classifier};
  return def;
}

const OpDef& op_SVMRegressor() {
  static const OpDef def{kMl,
                         "SVMRegressor",
                         {attr_floats("coefficients"), attr_floats("kernel_params"), attr_string("kernel_type", "LINEAR"),
                          attr_int("n_supports", 0), attr_int("n_targets", 1), attr_int("one_class", 0),
                          attr_string("post_transform", "NONE"), attr_floats("rho"), attr_floats("support_vectors")},
                         {},
                         infer_svm_regressor,
                         lower_svm_regressor};
  return def;
}

const OpDef& op_SVMClassifier() {
  static const OpDef def{kMl,
                         "SVMClassifier",
                         {attr_ints("classlabels_ints"), attr_strings("classlabels_strings"), attr_floats("coefficients"),
                          attr_floats("kernel_params"), attr_string("kernel_type", "LINEAR"),
                          attr_string("post_transform", "NONE"), attr_floats("prob_a"), attr_floats("prob_b"),
                          attr_floats("rho"), attr_floats("support_vectors"), attr_ints("vectors_per_class")},
                         {},
                         infer_svm_classifier,
                         lower_svm_classifier};
  return def;
}

}  // namespace aotc
