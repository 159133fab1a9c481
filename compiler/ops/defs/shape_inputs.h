// SPDX-License-Identifier: Apache-2.0
// Helpers for data-movement ops whose small inputs (starts, pads, scales, depth, ...) determine an output
// shape and so must be constants: reading them as integers or doubles, and naming every missing one at once.
#pragma once

#include <string>
#include <vector>

#include "ops/op_def.h"

namespace aotc {

/// Fails (unsupported) naming every present input in `indices` that is not a constant, so that the caller
/// can supply all of them as constants in one go.
inline void require_constant_inputs(const OpContext& ctx, std::initializer_list<size_t> indices) {
  std::vector<std::string> missing;
  for (size_t i : indices)
    if (ctx.has_input(i) && !ctx.input(i).is_constant()) missing.push_back(ctx.constant_requirement(i));
  if (!missing.empty()) ctx.unsupported("{}", fmt::join(missing, "; "));
}

/// Constant element k of input `v` as a double (any numeric element type); false if the type is not numeric.
inline bool constant_element_as_double(const Value& v, size_t k, double& out) {
  switch (v.type) {
    case DataType::kFloat: out = v.constant_data<float>()[k]; return true;
    case DataType::kDouble: out = v.constant_data<double>()[k]; return true;
    case DataType::kFloat16: out = static_cast<float>(v.constant_data<onnx_aotc::float16>()[k]); return true;
    case DataType::kBFloat16: out = static_cast<float>(v.constant_data<onnx_aotc::bfloat16>()[k]); return true;
    case DataType::kInt8: out = v.constant_data<int8_t>()[k]; return true;
    case DataType::kInt16: out = v.constant_data<int16_t>()[k]; return true;
    case DataType::kInt32: out = v.constant_data<int32_t>()[k]; return true;
    case DataType::kInt64: out = static_cast<double>(v.constant_data<int64_t>()[k]); return true;
    case DataType::kUint8: out = v.constant_data<uint8_t>()[k]; return true;
    case DataType::kUint16: out = v.constant_data<uint16_t>()[k]; return true;
    case DataType::kUint32: out = v.constant_data<uint32_t>()[k]; return true;
    case DataType::kUint64: out = static_cast<double>(v.constant_data<uint64_t>()[k]); return true;
    case DataType::kBool: out = v.constant_data<bool>()[k] ? 1 : 0; return true;
    default: return false;
  }
}

/// Constant value of input i as doubles (any numeric type); fails if it is not a constant.
inline std::vector<double> constant_doubles(const OpContext& ctx, size_t i) {
  require_constant_inputs(ctx, {i});
  const Value& v = ctx.input(i);
  std::vector<double> out(static_cast<size_t>(v.numel()));
  for (size_t k = 0; k < out.size(); ++k)
    if (!constant_element_as_double(v, k, out[k]))
      ctx.error("input {} ('{}') must be numeric, not {}", i, v.name, data_type_name(v.type));
  return out;
}

/// Constant value of input i as int64s (any integer type); fails if it is not a constant.
inline std::vector<int64_t> constant_integers(const OpContext& ctx, size_t i) {
  require_constant_inputs(ctx, {i});
  const Value& v = ctx.input(i);
  std::vector<int64_t> out(static_cast<size_t>(v.numel()));
  for (size_t k = 0; k < out.size(); ++k) switch (v.type) {
      case DataType::kInt8: out[k] = v.constant_data<int8_t>()[k]; break;
      case DataType::kInt16: out[k] = v.constant_data<int16_t>()[k]; break;
      case DataType::kInt32: out[k] = v.constant_data<int32_t>()[k]; break;
      case DataType::kInt64: out[k] = v.constant_data<int64_t>()[k]; break;
      case DataType::kUint8: out[k] = v.constant_data<uint8_t>()[k]; break;
      case DataType::kUint16: out[k] = v.constant_data<uint16_t>()[k]; break;
      case DataType::kUint32: out[k] = v.constant_data<uint32_t>()[k]; break;
      case DataType::kUint64: out[k] = static_cast<int64_t>(v.constant_data<uint64_t>()[k]); break;
      default: ctx.error("input {} ('{}') must be an integer, not {}", i, v.name, data_type_name(v.type));
    }
  return out;
}

/// Raw bits of element 0 of a constant value, as an unsigned integer of the element's size (so that a kernel
/// instantiated per element size can recreate the element endian-independently with a static_cast).
inline uint64_t first_element_bits(const Value& v) {
  const uint8_t* p = v.constant->data();
  switch (data_type_size(v.type)) {
    case 1: { uint8_t x; std::memcpy(&x, p, 1); return x; }
    case 2: { uint16_t x; std::memcpy(&x, p, 2); return x; }
    case 4: { uint32_t x; std::memcpy(&x, p, 4); return x; }
    default: { uint64_t x; std::memcpy(&x, p, 8); return x; }
  }
}

/// Dispatches an int32/int64 index input type.
template <typename Fn>
auto dispatch_index(DataType type, const OpContext& ctx, Fn&& fn) {
  if (type != DataType::kInt32 && type != DataType::kInt64)
    ctx.error("index input must be int32 or int64, not {}", data_type_name(type));
  return dispatch(TypeList<int32_t, int64_t>{}, type, ctx, std::forward<Fn>(fn));
}

}  // namespace aotc
