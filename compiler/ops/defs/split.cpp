// SPDX-License-Identifier: Apache-2.0
// Split: sizes from the constant `split` input (opset 13+; also allowed at opset 1), the `split` attribute
// (opset 1-12), `num_outputs` (opset 18: chunks of ceil(dim / n), the last smaller), or an equal split.
#include <onnx_aotc/ref/split.h>

#include "ops/defs/shape_inputs.h"
#include "ops/defs/split.h"

namespace aotc {
namespace {

std::vector<int64_t> split_sizes(const OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(in.size()));
  const int64_t dim = in[axis];
  const int64_t n = static_cast<int64_t>(ctx.num_outputs());
  std::vector<int64_t> sizes;
  if (ctx.has_input(1)) sizes = ctx.constant_ints(1);
  else if (ctx.opset() < 13) sizes = ctx.attr_ints("split");
  if (ctx.has_input(1) && ctx.has_attr("num_outputs")) ctx.error("has both a split input and num_outputs");
  if (!sizes.empty()) {
    if (static_cast<int64_t>(sizes.size()) != n) ctx.error("split has {} entries for {} outputs", sizes.size(), n);
    int64_t sum = 0;
    for (int64_t s : sizes) {
      if (s < 0) ctx.error("split {} has a negative entry", shape_to_string(sizes));
      sum = checked_add(ctx, sum, s, "the sum of split");
    }
    if (sum != dim) ctx.error("split {} sums to {}, not the axis extent {}", shape_to_string(sizes), sum, dim);
    return sizes;
  }
  if (ctx.has_attr("num_outputs")) {
    const int64_t k = ctx.attr_int("num_outputs");
    if (k < 1) ctx.error("num_outputs {} must be positive", k);
    if (k != n) ctx.error("num_outputs is {} but the node has {} outputs", k, n);
    const int64_t chunk = (dim + k - 1) / k;
    for (int64_t i = 0; i < k; ++i) sizes.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
    if (dim - (k - 1) * chunk <= 0 && k > 1) ctx.error("cannot split {} elements into {} chunks of {}", dim, k, chunk);
    return sizes;
  }
  if (ctx.opset() >= 18) ctx.error("needs a split input or the num_outputs attribute");
  if (n < 1 || dim % n != 0) ctx.error("cannot split axis extent {} equally into {} outputs", dim, n);
  return std::vector<int64_t>(static_cast<size_t>(n), dim / n);
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  const Shape& in = ctx.input(0).shape;
  if (in.empty()) ctx.error("cannot split a scalar");
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(in.size()));
  const auto sizes = split_sizes(ctx);
  for (size_t i = 0; i < sizes.size(); ++i) {
    Shape s = in;
    s[axis] = sizes[i];
    ctx.set_output(i, ctx.input(0).type, s);
  }
}

KernelCall lower(OpContext& ctx) {
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(ctx.input(0).shape.size()));
  return lower_split_sizes(ctx, axis, split_sizes(ctx));
}

}  // namespace

KernelCall lower_split_sizes(OpContext& ctx, int64_t axis, const std::vector<int64_t>& sizes) {
  const Shape& in = ctx.input(0).shape;
  onnx_aotc::ref::ConcatParams p{};
  p.outer = shape_numel(Shape(in.begin(), in.begin() + axis));
  p.inner = shape_numel(Shape(in.begin() + axis + 1, in.end()));
  for (int64_t extent : sizes)
    if (!onnx_aotc::ref::concat_add_extent(p, extent))
      ctx.unsupported("the split sizes change more than {} times along the list", onnx_aotc::ref::kConcatMaxRuns);
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(split, T), p, {ctx.in(0), ctx.out_list(0)});
  });
}

const OpDef& op_Split() {
  static const OpDef def{"", "Split", {attr_int("axis", 0), attr_ints("split"), attr_int("num_outputs")}, {}, infer, lower};
  return def;
}

}  // namespace aotc
