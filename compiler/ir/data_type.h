// SPDX-License-Identifier: Apache-2.0
// ONNX element types, numbered as in TensorProto.DataType.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aotc {

enum class DataType : int32_t {
  kUndefined = 0,
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13,
  kComplex64 = 14,
  kComplex128 = 15,
  kBFloat16 = 16,
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUint4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUint2 = 25,
  kInt2 = 26,
};

/// Type from the raw TensorProto number, or nullopt if the number is not an ONNX type.
std::optional<DataType> data_type_from_onnx(int32_t value);

/// ONNX spelling: "float", "int64", "float16", ...
std::string_view data_type_name(DataType type);

/// C++ type the runtime library uses for elements of this type ("float", "onnx_aotc::float16", ...);
/// empty for types generated code cannot hold (complex). Strings are `onnx_aotc_string` views.
std::string_view data_type_ctype(DataType type);

/// Bytes one element occupies in memory. Sub-byte types (int4, float4, int2 ...) are kept unpacked,
/// one element per byte; a string element is its 16-byte view (`onnx_aotc_string`); 0 for complex.
size_t data_type_size(DataType type);

bool is_float_type(DataType type);     // float, double, float16, bfloat16, float8*, float4
bool is_integer_type(DataType type);   // signed and unsigned integers of every width
bool is_signed_integer(DataType type);
bool is_sub_byte_type(DataType type);  // int4, uint4, int2, uint2, float4e2m1

}  // namespace aotc
