// SPDX-License-Identifier: Apache-2.0
// StringConcat, StringNormalizer, StringSplit. Ops that create strings get arena storage sized from their
// inputs' per-element length bounds (Value::string_bound: a constant's longest string, or the
// --max-string-bytes bound of the graph inputs they come from).
#include <onnx_aotc/ref/strings.h>

#include "ops/defs/ml_common.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

void expect_strings(const OpContext& ctx, size_t i) {
  if (ctx.input(i).type != DataType::kString)
    ctx.error("input {} ('{}') must be a string tensor, not {}", i, ctx.input(i).name, data_type_name(ctx.input(i).type));
}

/// The length bound of string input i, which storage for created strings is sized from.
int64_t bound_of(const OpContext& ctx, size_t i) {
  const int64_t bound = ctx.input(i).string_bound();
  if (bound < 0)
    ctx.unsupported("input {} ('{}') holds strings of unknown length (only graph inputs and constants have a bound)", i,
                    ctx.input(i).name);
  return bound;
}

/// Arena bytes for `count` strings of at most `bound` bytes each, NUL included; fails beyond what an
/// arena can sensibly hold.
size_t storage_bytes(const OpContext& ctx, int64_t count, int64_t bound) {
  constexpr int64_t kMaxStorage = int64_t{1} << 32;
  if (count > 0 && bound + 1 > kMaxStorage / count)
    ctx.unsupported("storage for {} strings of up to {} bytes is over 4 GiB (lower --max-string-bytes)", count, bound);
  return static_cast<size_t>(std::max<int64_t>(1, count * (bound + 1)));
}

// ---- StringConcat --------------------------------------------------------------------------------

void infer_concat(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  expect_strings(ctx, 0);
  expect_strings(ctx, 1);
  ctx.set_output(0, DataType::kString, broadcast_shapes(ctx, {ctx.input(0).shape, ctx.input(1).shape}));
  const int64_t a = ctx.input(0).string_bound(), b = ctx.input(1).string_bound();
  ctx.output(0).max_string_bytes = a < 0 || b < 0 ? -1 : a + b;
}

KernelCall lower_concat(OpContext& ctx) {
  const int64_t bound = bound_of(ctx, 0) + bound_of(ctx, 1);
  const Shape& out = ctx.output(0).shape;
  const onnx_aotc::ref::StringConcatParams p{to_dims(out), onnx_aotc::broadcast_strides(to_dims(ctx.input(0).shape), to_dims(out)),
                                             onnx_aotc::broadcast_strides(to_dims(ctx.input(1).shape), to_dims(out)), bound + 1};
  return make_call(AOTC_PLAIN_KERNEL(string_concat), p,
                   {ctx.in(0), ctx.in(1), ctx.out(0), KernelOperand::string_storage(storage_bytes(ctx, ctx.output(0).numel(), bound))},
                   "strings");
}

// ---- StringNormalizer ----------------------------------------------------------------------------

int32_t case_change(const OpContext& ctx) {
  const std::string action = ctx.attr_string("case_change_action");
  if (action == "NONE") return onnx_aotc::ref::kCaseNone;
  if (action == "LOWER") return onnx_aotc::ref::kCaseLower;
  if (action == "UPPER") return onnx_aotc::ref::kCaseUpper;
  ctx.error("case_change_action '{}' is not one of NONE, LOWER, UPPER", action);
}

/// X is [C] or [1, C].
bool two_dim(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  if (x.size() == 1) return false;
  if (x.size() == 2 && x[0] == 1) return true;
  ctx.error("input X must have shape [C] or [1, C], not {}", shape_to_string(x));
}

void infer_normalizer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  expect_strings(ctx, 0);
  case_change(ctx);
  const bool rows = two_dim(ctx);
  const int64_t c = std::max<int64_t>(1, ctx.input(0).numel());  // all dropped: one empty string
  const Shape y = rows ? Shape{1, c} : Shape{c};
  // Without stopwords nothing is dropped, so the shape is X's (or [1] for an empty X).
  if (ml_strings(ctx, "stopwords").empty()) ctx.set_output(0, DataType::kString, y);
  else ctx.set_output_bounded(0, DataType::kString, y);
  ctx.output(0).max_string_bytes = ctx.input(0).string_bound();
}

KernelCall lower_normalizer(OpContext& ctx) {
  const int32_t change = case_change(ctx);
  const int64_t bound = change == onnx_aotc::ref::kCaseNone ? 0 : bound_of(ctx, 0);
  const auto stopwords = ml_strings(ctx, "stopwords");
  const onnx_aotc::ref::StringNormalizerParams p{ctx.input(0).numel(), two_dim(ctx) ? 1 : 0, change,
                                                 static_cast<int32_t>(ctx.attr_int("is_case_sensitive") != 0),
                                                 static_cast<int64_t>(stopwords.size()), bound + 1};
  const size_t storage = change == onnx_aotc::ref::kCaseNone ? 1 : storage_bytes(ctx, ctx.input(0).numel(), bound);
  // A static-shaped Y still takes a dims operand: the kernel reports into a local array then.
  return make_call(AOTC_PLAIN_KERNEL(string_normalizer), p,
                   {ctx.in(0), string_table(ctx, "stopwords", stopwords), ctx.out(0), ctx.out_dims(0),
                    KernelOperand::string_storage(storage)},
                   "strings");
}

// ---- StringSplit ---------------------------------------------------------------------------------

/// The most parts one element can split into.
int64_t max_parts(const OpContext& ctx) {
  const int64_t bound = bound_of(ctx, 0);
  const std::string delimiter = ctx.has_attr("delimiter") ? ctx.attr_string("delimiter") : "";
  int64_t parts = delimiter.empty() ? (bound + 1) / 2 : bound / static_cast<int64_t>(delimiter.size()) + 1;
  if (ctx.has_attr("maxsplit")) {
    const int64_t maxsplit = ctx.attr_int("maxsplit");
    if (maxsplit < 0) ctx.error("maxsplit must not be negative, is {}", maxsplit);
    parts = std::min(parts, maxsplit + 1);
  }
  return parts;
}

void infer_split(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  expect_strings(ctx, 0);
  const Shape& x = ctx.input(0).shape;
  if (static_cast<int>(x.size()) >= onnx_aotc::kMaxRank) ctx.unsupported("input rank {} leaves no room for Y's extra axis", x.size());
  Shape y = x;
  y.push_back(max_parts(ctx));
  if (shape_numel(y) > (int64_t{1} << 32)) ctx.unsupported("Y would have up to {} elements", shape_numel(y));
  ctx.set_output_bounded(0, DataType::kString, y);
  ctx.output(0).max_string_bytes = ctx.input(0).string_bound();
  ctx.set_output(1, DataType::kInt64, x);
}

KernelCall lower_split(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::StringSplitParams p{ctx.input(0).numel(), max_parts(ctx),
                                            ctx.has_attr("maxsplit") ? ctx.attr_int("maxsplit") : -1,
                                            static_cast<int32_t>(x.size()), to_dims(x)};
  const std::string delimiter = ctx.has_attr("delimiter") ? ctx.attr_string("delimiter") : "";
  return make_call(AOTC_PLAIN_KERNEL(string_split), p,
                   {ctx.in(0), string_table(ctx, "delimiter", {delimiter}), ctx.out(0), ctx.out_dims(0), ctx.out(1)},
                   "strings");
}

}  // namespace

const OpDef& op_StringConcat() {
  static const OpDef def{"", "StringConcat", {}, {}, infer_concat, lower_concat};
  return def;
}

const OpDef& op_StringNormalizer() {
  static const OpDef def{"",
                         "StringNormalizer",
                         {attr_string("case_change_action", "NONE"), attr_int("is_case_sensitive", 0), attr_string("locale"),
                          attr_strings("stopwords")},
                         {},
                         infer_normalizer,
                         lower_normalizer};
  return def;
}

const OpDef& op_StringSplit() {
  static const OpDef def{"", "StringSplit", {attr_string("delimiter"), attr_int("maxsplit")}, {}, infer_split, lower_split};
  return def;
}

}  // namespace aotc
