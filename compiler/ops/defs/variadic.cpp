// SPDX-License-Identifier: Apache-2.0
// Variadic elementwise ops with numpy broadcasting: Max, Min, Sum, Mean (1 to 64 inputs).
#include <onnx_aotc/ref/elementwise.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

constexpr size_t kMaxInputs = 64;  // 8 broadcast masks of 8 bits per Dims entry, 8 entries

void infer(OpContext& ctx) {
  if (ctx.num_inputs() < 1) ctx.error("needs at least one input");
  std::vector<Shape> shapes;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) ctx.error("input {} is missing", i);
    shapes.push_back(ctx.input(i).shape);
  }
  for (size_t i = 1; i < ctx.num_inputs(); ++i)
    if (ctx.input(i).type != ctx.input(0).type)
      ctx.error("input {} ('{}') is {} but input 0 is {}", i, ctx.input(i).name, data_type_name(ctx.input(i).type),
                data_type_name(ctx.input(0).type));
  if (ctx.num_inputs() > kMaxInputs) ctx.unsupported("{} inputs (at most {} are supported)", ctx.num_inputs(), kMaxInputs);
  ctx.set_output(0, ctx.input(0).type, broadcast_shapes(ctx, shapes));
}

onnx_aotc::ref::VariadicParams params(const OpContext& ctx) {
  const Shape& out = ctx.output(0).shape;
  const size_t count = ctx.num_inputs();
  onnx_aotc::ref::VariadicParams p{to_dims(out), static_cast<int32_t>(count),
                                   {static_cast<int32_t>((count + 7) / 8), {}}};
  for (size_t i = 0; i < count; ++i) {
    const Shape& s = ctx.input(i).shape;
    uint64_t mask = 0;
    const size_t offset = out.size() - s.size();
    for (size_t a = 0; a < out.size(); ++a)
      if (a < offset || (s[a - offset] == 1 && out[a] != 1)) mask |= uint64_t{1} << a;
    const uint64_t word = static_cast<uint64_t>(p.broadcast_masks.d[i / 8]) | (mask << (8 * (i % 8)));
    p.broadcast_masks.d[i / 8] = static_cast<int64_t>(word);
  }
  return p;
}

template <typename Types, typename Kernel>
KernelCall lower_variadic(OpContext& ctx, Kernel kernel_for) {
  return dispatch(Types{}, ctx.input(0).type, ctx, [&](auto tag) -> KernelCall {
    return make_call(kernel_for(tag), params(ctx), {ctx.in_list(0), ctx.out(0)}, "elementwise");
  });
}

constexpr OpTraits kTraits{true, false, false, true};

}  // namespace

const OpDef& op_Max() {
  static const OpDef def{"", "Max", {}, kTraits, infer, [](OpContext& ctx) {
                           return lower_variadic<NumericTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(variadic_max, typename decltype(tag)::type); });
                         }};
  return def;
}

const OpDef& op_Min() {
  static const OpDef def{"", "Min", {}, kTraits, infer, [](OpContext& ctx) {
                           return lower_variadic<NumericTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(variadic_min, typename decltype(tag)::type); });
                         }};
  return def;
}

const OpDef& op_Sum() {
  static const OpDef def{"", "Sum", {}, kTraits, infer, [](OpContext& ctx) {
                           return lower_variadic<FloatTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(variadic_sum, typename decltype(tag)::type); });
                         }};
  return def;
}

const OpDef& op_Mean() {
  static const OpDef def{"", "Mean", {}, kTraits, infer, [](OpContext& ctx) {
                           return lower_variadic<FloatTypes>(
                               ctx, [](auto tag) { return AOTC_KERNEL(variadic_mean, typename decltype(tag)::type); });
                         }};
  return def;
}

}  // namespace aotc
