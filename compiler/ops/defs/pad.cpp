// SPDX-License-Identifier: Apache-2.0
// Pad: modes constant/reflect/edge/wrap. Pads (attribute before opset 11, constant input after) and the
// opset-18 axes input determine the output shape; the constant_value input may be computed at run time.
#include <onnx_aotc/ref/pad.h>

#include <algorithm>
#include <set>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

int32_t mode_code(const OpContext& ctx) {
  const std::string m = ctx.attr_string("mode");
  if (m == "constant") return onnx_aotc::ref::kPadConstant;
  if (m == "reflect") return onnx_aotc::ref::kPadReflect;
  if (m == "edge") return onnx_aotc::ref::kPadEdge;
  if (m == "wrap" && ctx.opset() >= 19) return onnx_aotc::ref::kPadWrap;
  ctx.error("mode '{}' is not valid at opset {}", m, ctx.opset());
}

/// Begin and end pads per axis.
std::pair<Shape, Shape> pads_of(const OpContext& ctx) {
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> pads, axes;
  if (ctx.opset() < 11) {
    pads = ctx.attr_ints("pads");
  } else {
    require_constant_inputs(ctx, {1, 3});
    pads = ctx.constant_ints(1);
    if (ctx.has_input(3)) axes = ctx.constant_ints(3);
  }
  if (axes.empty())
    for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
  if (pads.size() != 2 * axes.size()) ctx.error("pads has {} entries for {} axes", pads.size(), axes.size());
  Shape begin(in.size(), 0), end(in.size(), 0);
  std::set<int64_t> seen;
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t a = normalize_axis(ctx, axes[i], rank);
    if (!seen.insert(a).second) ctx.error("axis {} appears twice", a);
    begin[a] = pads[i];
    end[a] = pads[i + axes.size()];
  }
  return {begin, end};
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, ctx.opset() < 11 ? 1 : 4);
  const int32_t mode = mode_code(ctx);
  if (ctx.has_input(2)) {
    ctx.expect_same_type({2});
    if (ctx.input(2).numel() != 1) ctx.error("constant_value must hold one element");
  }
  const Shape& in = ctx.input(0).shape;
  const auto [begin, end] = pads_of(ctx);
  Shape out(in.size());
  for (size_t a = 0; a < in.size(); ++a) {
    out[a] = checked_add(ctx, checked_add(ctx, in[a], begin[a], "padded extent"), end[a], "padded extent");
    if (out[a] < 0) ctx.error("pads {} and {} remove more than the {} elements of axis {}", begin[a], end[a], in[a], a);
    if (mode != onnx_aotc::ref::kPadConstant && in[a] == 0 && out[a] > 0)
      ctx.error("cannot pad empty axis {} in mode '{}'", a, ctx.attr_string("mode"));
  }
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const auto [begin, end] = pads_of(ctx);
  const bool use_attr = ctx.opset() < 11;
  const onnx_aotc::ref::PadParams p{to_dims(ctx.input(0).shape), to_dims(ctx.output(0).shape), to_dims(begin),
                                    mode_code(ctx), use_attr, use_attr ? ctx.attr_float("value") : 0.0};
  auto make = [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(pad, T), p, {ctx.in(0), ctx.in(2), ctx.out(0)});
  };
  // Pad-2's float `value` attribute needs converting to the element type; otherwise bytes are moved.
  if (use_attr) return dispatch(AllTypes{}, ctx.input(0).type, ctx, make);
  return dispatch_by_size(ctx.input(0).type, ctx, make);
}

}  // namespace

const OpDef& op_Pad() {
  auto forwards_input = [](const OpContext& ctx) {
    const auto [begin, end] = pads_of(ctx);
    auto zero = [](const Shape& s) { return std::all_of(s.begin(), s.end(), [](int64_t p) { return p == 0; }); };
    return zero(begin) && zero(end);
  };
  static const OpDef def{"", "Pad", {attr_string("mode", "constant"), attr_ints("pads"), attr_float("value", 0.0)}, {}, infer, lower,
                         forwards_input};
  return def;
}

}  // namespace aotc
