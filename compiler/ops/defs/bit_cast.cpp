// SPDX-License-Identifier: Apache-2.0
// BitCast (opset 26): the input's bits reinterpreted as the type given by `to`, which must have the same bit
// width; same shape. Types stored as their bit pattern are copied as unsigned integers of their size; bool and the
// sub-byte types (kept one element per byte) need their own conversions.
//
// Not a view op: an aliased view keeps its input's storage, and the emitter spells a graph input or output buffer
// with that value's own element type, so a type-changing alias of one would not compile.
#include <onnx_aotc/ref/bit_cast.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

DataType target_type(const OpContext& ctx) {
  const int64_t to = ctx.attr_int("to");
  const auto type = data_type_from_onnx(static_cast<int32_t>(to));
  if (!type || *type == DataType::kUndefined || *type == DataType::kString)
    ctx.error("'to' must be a non-string ONNX data type, not {}", to);
  return *type;
}

size_t bit_width(DataType type) {
  switch (type) {
    case DataType::kInt2:
    case DataType::kUint2: return 2;
    case DataType::kInt4:
    case DataType::kUint4:
    case DataType::kFloat4E2M1: return 4;
    default: return data_type_size(type) * 8;
  }
}

/// The type the kernel handles `type` as: bool and sub-byte types as themselves, others as unsigned integers of
/// the same size.
DataType carrier(DataType type) {
  if (type == DataType::kBool || is_sub_byte_type(type)) return type;
  switch (data_type_size(type)) {
    case 1: return DataType::kUint8;
    case 2: return DataType::kUint16;
    case 4: return DataType::kUint32;
    default: return DataType::kUint64;
  }
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const DataType from = ctx.input(0).type;
  const DataType to = target_type(ctx);
  if (from == DataType::kString) ctx.error("input must not be a string tensor");
  for (DataType t : {from, to})
    if (data_type_ctype(t).empty()) ctx.unsupported("element type {} is not supported", data_type_name(t));
  if (bit_width(from) != bit_width(to))
    ctx.error("cannot reinterpret {} ({} bits) as {} ({} bits): the bit widths must match", data_type_name(from),
              bit_width(from), data_type_name(to), bit_width(to));
  ctx.set_output(0, to, ctx.input(0).shape);
}

template <typename... T>
KernelCall lower_pair(TypeList<T...> carriers, OpContext& ctx, DataType from, DataType to) {
  const onnx_aotc::ref::BitCastParams p{ctx.input(0).numel()};
  return dispatch(carriers, from, ctx, [&](auto from_tag) {
    return dispatch(carriers, to, ctx, [&](auto to_tag) {
      using F = typename decltype(from_tag)::type;
      using To = typename decltype(to_tag)::type;
      return make_call(AOTC_KERNEL(bit_cast, F, To), p, {ctx.in(0), ctx.out(0)});
    });
  });
}

KernelCall lower(OpContext& ctx) {
  const DataType from = carrier(ctx.input(0).type), to = carrier(target_type(ctx));
  switch (bit_width(from)) {
    case 2: return lower_pair(TypeList<onnx_aotc::int2, onnx_aotc::uint2>{}, ctx, from, to);
    case 4: return lower_pair(TypeList<onnx_aotc::int4, onnx_aotc::uint4, onnx_aotc::float4e2m1>{}, ctx, from, to);
    case 8: return lower_pair(TypeList<bool, uint8_t>{}, ctx, from, to);
    case 16: return lower_pair(TypeList<uint16_t>{}, ctx, from, to);
    case 32: return lower_pair(TypeList<uint32_t>{}, ctx, from, to);
    case 64: return lower_pair(TypeList<uint64_t>{}, ctx, from, to);
    default: ctx.unsupported("element type {} is not supported", data_type_name(ctx.input(0).type));
  }
}

}  // namespace

const OpDef& op_BitCast() {
  static const OpDef def{"", "BitCast", {required(attr_int("to"))}, {}, infer, lower};
  return def;
}

}  // namespace aotc
