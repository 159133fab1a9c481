// SPDX-License-Identifier: Apache-2.0
// Einsum: the equation is parsed at compile time into output and summed index spaces (see ref/einsum.h).
// Supports "..." broadcast dims, implicit output, repeated labels (diagonals) and reductions.
#include <onnx_aotc/ref/einsum.h>

#include <algorithm>
#include <map>

#include "ops/op_def.h"

namespace aotc {
namespace {

/// A label is a letter, or an ellipsis dimension encoded as -1 - k (k counts from the first
/// broadcast dim).
using Label = int;

struct EinsumPlan {
  Shape out_shape;
  onnx_aotc::ref::EinsumParams params;
};

std::vector<Label> parse_term(const OpContext& ctx, const std::string& term, int64_t rank, int64_t ellipsis_rank,
                              bool* has_ellipsis) {
  std::vector<Label> labels;
  *has_ellipsis = false;
  for (size_t i = 0; i < term.size(); ++i) {
    const char c = term[i];
    if (c == '.') {
      if (term.compare(i, 3, "...") != 0 || *has_ellipsis) ctx.error("malformed ellipsis in einsum term '{}'", term);
      *has_ellipsis = true;
      i += 2;
      const int64_t n = rank < 0 ? ellipsis_rank : rank - (static_cast<int64_t>(term.size()) - 3);
      if (n < 0) ctx.error("einsum term '{}' has more labels than the operand's rank {}", term, rank);
      for (int64_t k = 0; k < n; ++k) labels.push_back(static_cast<Label>(-1 - (ellipsis_rank - n + k)));
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      labels.push_back(c);
    } else {
      ctx.error("invalid character '{}' in einsum equation", c);
    }
  }
  if (rank >= 0 && static_cast<int64_t>(labels.size()) != rank)
    ctx.error("einsum term '{}' has {} labels but the operand has rank {}", term, labels.size(), rank);
  return labels;
}

EinsumPlan plan(const OpContext& ctx) {
  std::string eq;
  for (char c : ctx.attr_string("equation"))
    if (c != ' ') eq += c;
  const size_t arrow = eq.find("->");
  const std::string lhs = eq.substr(0, arrow);
  std::vector<std::string> terms;
  for (size_t start = 0;;) {
    const size_t comma = lhs.find(',', start);
    terms.push_back(lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  const size_t n = ctx.num_inputs();
  if (terms.size() != n) ctx.error("equation '{}' has {} input terms but the node has {} inputs", eq, terms.size(), n);
  if (n > 3) ctx.unsupported("Einsum with {} operands (up to 3 are supported)", n);
  // Broadcast (ellipsis) rank: the largest over the operands.
  int64_t ellipsis_rank = 0;
  for (size_t i = 0; i < n; ++i)
    if (terms[i].find("...") != std::string::npos) {
      int64_t letters = static_cast<int64_t>(terms[i].size()) - 3;
      ellipsis_rank = std::max(ellipsis_rank, static_cast<int64_t>(ctx.input(i).shape.size()) - letters);
    }
  std::vector<std::vector<Label>> in_labels(n);
  std::map<Label, int64_t> size;
  std::map<Label, int> count;
  for (size_t i = 0; i < n; ++i) {
    bool e = false;
    const Shape& s = ctx.input(i).shape;
    in_labels[i] = parse_term(ctx, terms[i], static_cast<int64_t>(s.size()), ellipsis_rank, &e);
    for (size_t k = 0; k < s.size(); ++k) {
      const Label l = in_labels[i][k];
      ++count[l];
      auto it = size.find(l);
      if (it == size.end() || it->second == 1) {
        if (it != size.end() && l >= 0 && s[k] != 1) ctx.error("label '{}' has sizes 1 and {}", static_cast<char>(l), s[k]);
        size[l] = s[k];
      } else if (s[k] != it->second && !(l < 0 && s[k] == 1)) {
        ctx.error("label '{}' has sizes {} and {}", l >= 0 ? std::string(1, static_cast<char>(l)) : std::string("..."), it->second, s[k]);
      }
    }
  }
  std::vector<Label> out_labels;
  if (arrow != std::string::npos) {
    bool e = false;
    out_labels = parse_term(ctx, eq.substr(arrow + 2), -1, ellipsis_rank, &e);
    for (Label l : out_labels) {
      if (l >= 0 && !size.count(l)) ctx.error("output label '{}' does not appear in the inputs", static_cast<char>(l));
      if (std::count(out_labels.begin(), out_labels.end(), l) > 1) ctx.error("output label repeated in '{}'", eq);
    }
  } else {
    for (int64_t k = 0; k < ellipsis_rank; ++k) out_labels.push_back(static_cast<Label>(-1 - k));
    for (const auto& [l, c] : count)
      if (l >= 0 && c == 1) out_labels.push_back(l);
    std::stable_sort(out_labels.begin() + ellipsis_rank, out_labels.end());
  }
  for (Label l : out_labels)
    if (l < 0 && !size.count(l)) size[l] = 1;
  std::vector<Label> sum_labels;
  for (const auto& [l, s] : size)
    if (std::find(out_labels.begin(), out_labels.end(), l) == out_labels.end()) sum_labels.push_back(l);
  if (out_labels.size() > static_cast<size_t>(onnx_aotc::kMaxRank) || sum_labels.size() > static_cast<size_t>(onnx_aotc::kMaxRank))
    ctx.unsupported("Einsum with {} output and {} summed labels (at most {} each)", out_labels.size(), sum_labels.size(), onnx_aotc::kMaxRank);
  EinsumPlan p{};
  for (Label l : out_labels) p.out_shape.push_back(size[l]);
  Shape sum_shape;
  for (Label l : sum_labels) sum_shape.push_back(size[l]);
  p.params.operands = static_cast<int32_t>(n);
  p.params.out_dims = to_dims(p.out_shape);
  p.params.sum_dims = to_dims(sum_shape);
  onnx_aotc::Dims* out_strides[3] = {&p.params.a_out, &p.params.b_out, &p.params.c_out};
  onnx_aotc::Dims* sum_strides[3] = {&p.params.a_sum, &p.params.b_sum, &p.params.c_sum};
  for (size_t i = 0; i < 3; ++i) {
    *out_strides[i] = to_dims(Shape(out_labels.size(), 0));
    *sum_strides[i] = to_dims(Shape(sum_labels.size(), 0));
  }
  for (size_t i = 0; i < n; ++i) {
    const Shape& s = ctx.input(i).shape;
    const onnx_aotc::Dims own = onnx_aotc::strides_of(to_dims(s));
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] == 1) continue;  // broadcast (or size 1): contributes no offset
      const Label l = in_labels[i][k];
      auto o = std::find(out_labels.begin(), out_labels.end(), l);
      if (o != out_labels.end()) out_strides[i]->d[o - out_labels.begin()] += own.d[k];
      else sum_strides[i]->d[std::find(sum_labels.begin(), sum_labels.end(), l) - sum_labels.begin()] += own.d[k];
    }
  }
  return p;
}

void infer(OpContext& ctx) {
  if (ctx.num_inputs() < 1) ctx.error("Einsum needs at least one input");
  for (size_t i = 0; i < ctx.num_inputs(); ++i)
    if (!ctx.has_input(i)) ctx.error("input {} is missing", i);
  ctx.expect_same_type({1, 2, 3, 4, 5, 6, 7});
  ctx.set_output(0, ctx.input(0).type, plan(ctx).out_shape);
}

KernelCall lower(OpContext& ctx) {
  const EinsumPlan p = plan(ctx);
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(einsum, T), p.params, {ctx.in_list(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Einsum() {
  static const OpDef def{"", "Einsum", {required(attr_string("equation"))}, {}, infer, lower};
  return def;
}

}  // namespace aotc
