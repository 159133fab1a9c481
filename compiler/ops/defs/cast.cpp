// SPDX-License-Identifier: Apache-2.0
// Cast and CastLike between every element type the generated code can hold (not complex), strings included.
#include <onnx_aotc/ref/cast.h>
#include <onnx_aotc/ref/cast_string.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

using CastTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int8_t, int16_t, int32_t, int64_t,
                           uint8_t, uint16_t, uint32_t, uint64_t, bool, onnx_aotc::float8e4m3fn,
                           onnx_aotc::float8e4m3fnuz, onnx_aotc::float8e5m2, onnx_aotc::float8e5m2fnuz,
                           onnx_aotc::float8e8m0, onnx_aotc::float4e2m1, onnx_aotc::int4, onnx_aotc::uint4,
                           onnx_aotc::int2, onnx_aotc::uint2>;

void check_type(const OpContext& ctx, DataType type, const char* what) {
  if (type == DataType::kComplex64 || type == DataType::kComplex128)
    ctx.unsupported("{} type {} is not supported", what, data_type_name(type));
}

int32_t round_mode(const OpContext& ctx) {
  const std::string mode = ctx.attr_string("round_mode");
  if (mode == "up") return 0;
  if (mode == "down") return 1;
  if (mode == "nearest") return 2;
  ctx.error("attribute 'round_mode' must be \"up\", \"down\" or \"nearest\", not \"{}\"", mode);
}

void check_attributes(const OpContext& ctx) {
  const int64_t saturate = ctx.attr_int("saturate");
  if (saturate != 0 && saturate != 1) ctx.error("attribute 'saturate' must be 0 or 1, not {}", saturate);
  round_mode(ctx);
}

DataType target_type(const OpContext& ctx) {
  const int64_t to = ctx.attr_int("to");
  const auto type = to >= INT32_MIN && to <= INT32_MAX ? data_type_from_onnx(static_cast<int32_t>(to)) : std::nullopt;
  if (!type || *type == DataType::kUndefined) ctx.error("attribute 'to' ({}) is not an ONNX element type", to);
  return *type;
}

void infer_with(OpContext& ctx, DataType to) {
  check_attributes(ctx);
  check_type(ctx, ctx.input(0).type, "input");
  check_type(ctx, to, "target");
  ctx.set_output(0, to, ctx.input(0).shape);
  if (to == DataType::kString && ctx.input(0).type != DataType::kString)
    ctx.output(0).max_string_bytes = onnx_aotc::ref::kNumberStringSlot - 1;
}

/// Casts from or to strings: numbers are parsed or formatted (onnx_aotc/ref/cast_string.h).
KernelCall lower_string_cast(OpContext& ctx, DataType from, DataType to) {
  const int64_t count = ctx.input(0).numel();
  if (from == DataType::kString && to == DataType::kString)
    return make_call(AOTC_PLAIN_KERNEL(cast_string_to_string), onnx_aotc::ref::CastToStringParams{count}, {ctx.in(0), ctx.out(0)},
                     "cast_string");
  if (from == DataType::kString) {
    const onnx_aotc::ref::CastParams p{count, ctx.attr_int("saturate") != 0, round_mode(ctx)};
    return dispatch(CastTypes{}, to, ctx, [&](auto tag) {
      using To = typename decltype(tag)::type;
      return make_call(AOTC_KERNEL(cast_from_string, To), p, {ctx.in(0), ctx.out(0)}, "cast_string");
    });
  }
  const size_t storage = static_cast<size_t>(std::max<int64_t>(1, count)) * onnx_aotc::ref::kNumberStringSlot;
  return dispatch(CastTypes{}, from, ctx, [&](auto tag) {
    using From = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(cast_to_string, From), onnx_aotc::ref::CastToStringParams{count},
                     {ctx.in(0), ctx.out(0), KernelOperand::string_storage(storage)}, "cast_string");
  });
}

// One entry per (from, to) pair. Cast has 23 x 23 kernels; building each through make_call would
// instantiate its closure machinery 529 times, so the pairs share one type-erased closure instead
// (it still runs the very kernel the generated code calls).
using ErasedCast = void (*)(const onnx_aotc::ref::CastParams&, const void*, void*);

template <typename From, typename To>
void erased_cast(const onnx_aotc::ref::CastParams& p, const void* x, void* y) {
  onnx_aotc::ref::cast<From, To>(p, static_cast<const From*>(x), static_cast<To*>(y));
}

struct CastEntry {
  DataType from, to;
  ErasedCast fn;
  const char* from_name;
  const char* to_name;
};

template <typename From, typename... To>
void add_row(std::vector<CastEntry>& table, TypeList<To...>) {
  (table.push_back({data_type_of<From>(), data_type_of<To>(), &erased_cast<From, To>, cpp_type_name<From>(),
                    cpp_type_name<To>()}),
   ...);
}

template <typename... From>
std::vector<CastEntry> make_table(TypeList<From...>) {
  std::vector<CastEntry> table;
  (add_row<From>(table, CastTypes{}), ...);
  return table;
}

KernelCall lower_to(OpContext& ctx, DataType to) {
  static const std::vector<CastEntry> table = make_table(CastTypes{});
  const DataType from = ctx.input(0).type;
  if (from == DataType::kString || to == DataType::kString) return lower_string_cast(ctx, from, to);
  const onnx_aotc::ref::CastParams p{ctx.input(0).numel(), ctx.attr_int("saturate") != 0, round_mode(ctx)};
  for (const CastEntry& e : table) {
    if (e.from != from || e.to != to) continue;
    KernelCall call;
    call.header = "onnx_aotc/ref/cast.h";
    call.function = fmt::format("onnx_aotc::ref::cast<{}, {}>", e.from_name, e.to_name);
    call.params_literal = params_literal(p);
    call.operands = {ctx.in(0), ctx.out(0)};
    call.operand_types = {e.from_name, e.to_name};
    call.evaluate = [fn = e.fn, p](const OperandPointers& ptrs) { fn(p, ptrs[0][0], ptrs[1][0]); };
    return call;
  }
  ctx.unsupported("cast from {} to {} is not supported", data_type_name(from), data_type_name(to));
}

constexpr OpTraits kTraits{true, false, false, true};

/// A cast to the input's own type (the pass checks the types) changes nothing.
bool forwards_same_type(const OpContext&) { return true; }

}  // namespace

const OpDef& op_Cast() {
  static const OpDef def{"", "Cast", {required(attr_int("to")), attr_int("saturate", 1), attr_string("round_mode", "up")},
                         kTraits,
                         [](OpContext& ctx) {
                           ctx.expect_inputs(1, 1);
                           infer_with(ctx, target_type(ctx));
                         },
                         [](OpContext& ctx) { return lower_to(ctx, target_type(ctx)); }, forwards_same_type};
  return def;
}

const OpDef& op_CastLike() {
  static const OpDef def{"", "CastLike", {attr_int("saturate", 1), attr_string("round_mode", "up")}, kTraits,
                         [](OpContext& ctx) {
                           ctx.expect_inputs(2, 2);
                           infer_with(ctx, ctx.input(1).type);
                         },
                         [](OpContext& ctx) { return lower_to(ctx, ctx.input(1).type); }, forwards_same_type};
  return def;
}

}  // namespace aotc
