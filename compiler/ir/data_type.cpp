// SPDX-License-Identifier: Apache-2.0
// Properties of ONNX element types.
#include "ir/data_type.h"

namespace aotc {
namespace {

struct TypeInfo {
  std::string_view name;
  std::string_view ctype;
  size_t size;
};

TypeInfo info(DataType type) {
  switch (type) {
    case DataType::kFloat: return {"float", "float", 4};
    case DataType::kUint8: return {"uint8", "uint8_t", 1};
    case DataType::kInt8: return {"int8", "int8_t", 1};
    case DataType::kUint16: return {"uint16", "uint16_t", 2};
    case DataType::kInt16: return {"int16", "int16_t", 2};
    case DataType::kInt32: return {"int32", "int32_t", 4};
    case DataType::kInt64: return {"int64", "int64_t", 8};
    case DataType::kString: return {"string", "onnx_aotc_string", 16};
    case DataType::kBool: return {"bool", "bool", 1};
    case DataType::kFloat16: return {"float16", "onnx_aotc::float16", 2};
    case DataType::kDouble: return {"double", "double", 8};
    case DataType::kUint32: return {"uint32", "uint32_t", 4};
    case DataType::kUint64: return {"uint64", "uint64_t", 8};
    case DataType::kComplex64: return {"complex64", "", 8};
    case DataType::kComplex128: return {"complex128", "", 16};
    case DataType::kBFloat16: return {"bfloat16", "onnx_aotc::bfloat16", 2};
    case DataType::kFloat8E4M3FN: return {"float8e4m3fn", "onnx_aotc::float8e4m3fn", 1};
    case DataType::kFloat8E4M3FNUZ: return {"float8e4m3fnuz", "onnx_aotc::float8e4m3fnuz", 1};
    case DataType::kFloat8E5M2: return {"float8e5m2", "onnx_aotc::float8e5m2", 1};
    case DataType::kFloat8E5M2FNUZ: return {"float8e5m2fnuz", "onnx_aotc::float8e5m2fnuz", 1};
    case DataType::kUint4: return {"uint4", "onnx_aotc::uint4", 1};
    case DataType::kInt4: return {"int4", "onnx_aotc::int4", 1};
    case DataType::kFloat4E2M1: return {"float4e2m1", "onnx_aotc::float4e2m1", 1};
    case DataType::kFloat8E8M0: return {"float8e8m0", "onnx_aotc::float8e8m0", 1};
    case DataType::kUint2: return {"uint2", "onnx_aotc::uint2", 1};
    case DataType::kInt2: return {"int2", "onnx_aotc::int2", 1};
    case DataType::kUndefined: break;
  }
  return {"undefined", "", 0};
}

}  // namespace

std::optional<DataType> data_type_from_onnx(int32_t value) {
  if (value < 1 || value > static_cast<int32_t>(DataType::kInt2)) return std::nullopt;
  return static_cast<DataType>(value);
}

std::string_view data_type_name(DataType type) { return info(type).name; }
std::string_view data_type_ctype(DataType type) { return info(type).ctype; }
size_t data_type_size(DataType type) { return info(type).size; }

bool is_float_type(DataType type) {
  switch (type) {
    case DataType::kFloat: case DataType::kDouble: case DataType::kFloat16: case DataType::kBFloat16:
    case DataType::kFloat8E4M3FN: case DataType::kFloat8E4M3FNUZ: case DataType::kFloat8E5M2:
    case DataType::kFloat8E5M2FNUZ: case DataType::kFloat8E8M0: case DataType::kFloat4E2M1:
      return true;
    default:
      return false;
  }
}

bool is_signed_integer(DataType type) {
  switch (type) {
    case DataType::kInt8: case DataType::kInt16: case DataType::kInt32: case DataType::kInt64:
    case DataType::kInt4: case DataType::kInt2:
      return true;
    default:
      return false;
  }
}

bool is_integer_type(DataType type) {
  switch (type) {
    case DataType::kUint8: case DataType::kUint16: case DataType::kUint32: case DataType::kUint64:
    case DataType::kUint4: case DataType::kUint2:
      return true;
    default:
      return is_signed_integer(type);
  }
}

bool is_sub_byte_type(DataType type) {
  switch (type) {
    case DataType::kInt4: case DataType::kUint4: case DataType::kInt2: case DataType::kUint2:
    case DataType::kFloat4E2M1:
      return true;
    default:
      return false;
  }
}

}  // namespace aotc
