// SPDX-License-Identifier: Apache-2.0
// TfIdfVectorizer: int32/int64 tokens with pool_int64s, or string tokens with pool_strings; the n-gram pool
// becomes constant tables.
#include <onnx_aotc/ref/tf_idf_vectorizer.h>

#include <algorithm>

#include "ops/defs/ml_common.h"

namespace aotc {
namespace {

int64_t mode_code(const OpContext& ctx) {
  const std::string mode = ctx.attr_string("mode");
  if (mode == "TF") return 0;
  if (mode == "IDF") return 1;
  if (mode == "TFIDF") return 2;
  ctx.error("mode '{}' is not one of TF, IDF, TFIDF", mode);
}

int64_t output_size(const OpContext& ctx) {
  const auto indexes = ctx.attr_ints("ngram_indexes");
  if (indexes.empty()) ctx.error("ngram_indexes must not be empty");
  for (int64_t i : indexes)
    if (i < 0) ctx.error("ngram_indexes holds a negative index {}", i);
  return ml_checked_count(ctx, *std::max_element(indexes.begin(), indexes.end()), "the largest of ngram_indexes") + 1;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const DataType type = ctx.input(0).type;
  if (type != DataType::kString && type != DataType::kInt32 && type != DataType::kInt64)
    ctx.error("input X must be string, int32 or int64, not {}", data_type_name(type));
  const char* pool = type == DataType::kString ? "pool_strings" : "pool_int64s";
  if (!ctx.has_attr(pool)) ctx.error("{} must be given for a {} input", pool, data_type_name(type));
  mode_code(ctx);
  const Shape& x = ctx.input(0).shape;
  const int64_t out = output_size(ctx);
  if (x.size() == 1) ctx.set_output(0, DataType::kFloat, {out});
  else if (x.size() == 2) ctx.set_output(0, DataType::kFloat, {x[0], out});
  else ctx.error("input X must have shape [C] or [N, C], has {}", shape_to_string(x));
}

KernelCall lower(OpContext& ctx) {
  const bool strings = ctx.input(0).type == DataType::kString;
  const auto pool = strings ? std::vector<int64_t>{} : ctx.attr_ints("pool_int64s");
  const auto pool_strings = strings ? ml_strings(ctx, "pool_strings") : std::vector<std::string>{};
  const auto counts = ctx.attr_ints("ngram_counts");
  const auto indexes = ctx.attr_ints("ngram_indexes");
  const int64_t min_gram = ctx.attr_int("min_gram_length"), max_gram = ctx.attr_int("max_gram_length");
  const int64_t max_skip = ctx.attr_int("max_skip_count");
  if (min_gram < 1 || max_gram < min_gram) ctx.error("gram lengths [{}, {}] are not a valid range", min_gram, max_gram);
  if (max_skip < 0) ctx.error("max_skip_count {} is negative", max_skip);
  const int64_t total = static_cast<int64_t>(strings ? pool_strings.size() : pool.size());
  std::vector<int64_t> grams;
  int64_t id = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    const int64_t n = static_cast<int64_t>(i) + 1;
    const int64_t begin = counts[i], end = i + 1 < counts.size() ? counts[i + 1] : total;
    if (begin < 0 || end > total || end < begin) ctx.error("ngram_counts[{}] = {} is out of order or range", i, begin);
    for (int64_t start = begin; start + n <= end; start += n, ++id) {
      if (n < min_gram || n > max_gram) continue;
      if (id >= static_cast<int64_t>(indexes.size()))
        ctx.error("the pool holds more n-grams than ngram_indexes has entries ({})", indexes.size());
      grams.insert(grams.end(), {start, n, indexes[static_cast<size_t>(id)]});
    }
  }
  const int64_t out = output_size(ctx);
  // weights[i] belongs to the i-th n-gram of the pool, whose output column is ngram_indexes[i].
  std::vector<float> weights;
  if (ctx.has_attr("weights") && !ctx.attr_floats("weights").empty()) {
    const auto w = ctx.attr_floats("weights");
    if (w.size() != indexes.size())
      ctx.error("weights has {} entries but ngram_indexes has {}", w.size(), indexes.size());
    weights.assign(static_cast<size_t>(out), 1.0f);
    for (size_t i = 0; i < w.size(); ++i) weights[static_cast<size_t>(indexes[i])] = static_cast<float>(w[i]);
  }
  // Longer n-grams than the pool holds or the row fits, and wider skips than the row, never match.
  const Shape& x = ctx.input(0).shape;
  const int64_t cols = x.back();
  const int64_t longest = std::min<int64_t>(max_gram, static_cast<int64_t>(counts.size()));
  const onnx_aotc::ref::TfIdfVectorizerParams p{x.size() == 2 ? x[0] : 1, cols, min_gram, std::min(longest, cols),
                                                std::min(max_skip, cols),
                                                static_cast<int64_t>(grams.size() / 3), out, mode_code(ctx),
                                                !weights.empty()};
  if (strings)
    return make_call(AOTC_KERNEL(tf_idf_vectorizer, onnx_aotc_string, onnx_aotc_string), p,
                     {ctx.in(0), ml_table(ctx, "grams", grams), string_table(ctx, "pool", pool_strings),
                      ml_table(ctx, "weights", weights), ctx.out(0)});
  return dispatch(TypeList<int32_t, int64_t>{}, ctx.input(0).type, ctx, [&](auto tag) {
    using I = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(tf_idf_vectorizer, I, int64_t), p,
                     {ctx.in(0), ml_table(ctx, "grams", grams), ml_table(ctx, "pool", pool),
                      ml_table(ctx, "weights", weights), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_TfIdfVectorizer() {
  static const OpDef def{"",
                         "TfIdfVectorizer",
                         {required(attr_int("max_gram_length")), required(attr_int("max_skip_count")),
                          required(attr_int("min_gram_length")), required(attr_string("mode")),
                          required(attr_ints("ngram_counts")), required(attr_ints("ngram_indexes")),
                          attr_ints("pool_int64s"), attr_strings("pool_strings"), attr_floats("weights")},
                         {},
                         infer,
                         lower};
  return def;
}

}  // namespace aotc
