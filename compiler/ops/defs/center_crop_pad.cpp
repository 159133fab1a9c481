// SPDX-License-Identifier: Apache-2.0
// CenterCropPad: crops or zero-pads each listed axis to the constant `shape` input, centred (an odd
// difference puts the extra element at the end). Lowers to the Pad kernel with negative pads for crops.
#include <onnx_aotc/ref/pad.h>

#include <set>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

Shape target_shape(const OpContext& ctx, Shape* begin_pads) {
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  const auto shape = ctx.constant_ints(1);
  std::vector<int64_t> axes = ctx.attr_ints("axes");
  if (axes.empty())
    for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
  if (shape.size() != axes.size()) ctx.error("shape has {} entries for {} axes", shape.size(), axes.size());
  Shape out = in;
  if (begin_pads) begin_pads->assign(in.size(), 0);
  std::set<int64_t> seen;
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t a = normalize_axis(ctx, axes[i], rank);
    if (!seen.insert(a).second) ctx.error("axis {} appears twice", a);
    if (shape[i] < 0) ctx.error("shape {} has a negative entry", shape_to_string(shape));
    out[a] = shape[i];
    // Crop: skip floor((in - out) / 2) leading elements; pad: add floor((out - in) / 2) leading zeros.
    if (begin_pads) (*begin_pads)[a] = shape[i] >= in[a] ? (shape[i] - in[a]) / 2 : -((in[a] - shape[i]) / 2);
  }
  return out;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  ctx.set_output(0, ctx.input(0).type, target_shape(ctx, nullptr));
}

KernelCall lower(OpContext& ctx) {
  Shape begin;
  const Shape out = target_shape(ctx, &begin);
  const onnx_aotc::ref::PadParams p{to_dims(ctx.input(0).shape), to_dims(out), to_dims(begin), onnx_aotc::ref::kPadConstant, false, 0.0};
  KernelOperand no_pad_value;  // Pad's optional constant_value input: zero
  no_pad_value.values = {nullptr};
  return dispatch_by_size(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(pad, T), p, {ctx.in(0), no_pad_value, ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_CenterCropPad() {
  static const OpDef def{"", "CenterCropPad", {attr_ints("axes")}, {}, infer, lower};
  return def;
}

}  // namespace aotc
