// SPDX-License-Identifier: Apache-2.0
// ConstantOfShape: a tensor of the constant input shape filled with the `value` attribute (default float 0).
#include <onnx_aotc/ref/constant_of_shape.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

DataType value_type(const OpContext& ctx) {
  if (!ctx.has_attr("value")) return DataType::kFloat;
  const auto& t = ctx.attr("value").tensor;
  if (!t || !t->is_constant()) ctx.error("attribute 'value' has no data");
  if (t->numel() != 1) ctx.error("attribute 'value' must hold exactly one element, not {}", t->numel());
  if (data_type_size(t->type) == 0) ctx.unsupported("value of type {} is not supported", data_type_name(t->type));
  return t->type;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& s = ctx.input(0).shape;
  if (s.size() != 1) ctx.error("input shape must be 1-D, not {}", shape_to_string(s));
  const auto dims = ctx.constant_ints(0);
  for (int64_t d : dims)
    if (d < 0) ctx.error("shape {} has a negative dimension", shape_to_string(dims));
  ctx.set_output(0, value_type(ctx), dims);
}

KernelCall lower(OpContext& ctx) {
  const DataType type = value_type(ctx);
  const uint64_t bits = ctx.has_attr("value") ? first_element_bits(*ctx.attr("value").tensor) : 0;
  const onnx_aotc::ref::FillParams p{ctx.output(0).numel(), bits};
  return dispatch_by_size(type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(constant_of_shape, T), p, {ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_ConstantOfShape() {
  static const OpDef def{"", "ConstantOfShape", {attr_tensor("value")}, {}, infer, lower};
  return def;
}

}  // namespace aotc
