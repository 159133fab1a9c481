// SPDX-License-Identifier: Apache-2.0
#include "frontend/npy.h"

#include <cstring>
#include <fstream>
#include <regex>

#include "support/diagnostics.h"

namespace aotc {
namespace {

struct NpyType {
  const char* descr;
  DataType type;
};
constexpr NpyType kTypes[] = {
    {"<f4", DataType::kFloat},  {"<f8", DataType::kDouble}, {"<f2", DataType::kFloat16}, {"|b1", DataType::kBool},
    {"|i1", DataType::kInt8},   {"|u1", DataType::kUint8},  {"<i2", DataType::kInt16},   {"<u2", DataType::kUint16},
    {"<i4", DataType::kInt32},  {"<u4", DataType::kUint32}, {"<i8", DataType::kInt64},   {"<u8", DataType::kUint64},
};

}  // namespace

std::shared_ptr<Value> read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open", path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) fail("{}: not an .npy file", path);
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail("{}: truncated .npy header", path);
    for (int i = 0; i < 4; ++i) header_len |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    fail("{}: unsupported .npy version {}", path, major);
  }
  if (offset + header_len > bytes.size()) fail("{}: truncated .npy header", path);
  const std::string header = bytes.substr(offset, header_len);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([^']*)'"))) fail("{}: .npy header has no descr", path);
  const std::string descr = m[1];
  if (std::regex_search(header, std::regex("'fortran_order':\\s*True"))) fail("{}: Fortran-order arrays are not supported", path);
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)"))) fail("{}: .npy header has no shape", path);
  auto value = std::make_shared<Value>();
  const std::string dims = m[1];
  const std::regex number("\\d+");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    value->shape.push_back(std::stoll(it->str()));
  value->shape_known = true;
  bool known = false;
  for (const auto& t : kTypes)
    if (descr == t.descr) { value->type = t.type; known = true; }
  if (!known) fail("{}: .npy element type '{}' is not supported", path, descr);
  const size_t data_bytes = value->byte_size();
  const size_t start = offset + header_len;
  if (bytes.size() - start != data_bytes) fail("{}: holds {} data bytes, shape {} needs {}", path, bytes.size() - start, shape_to_string(value->shape), data_bytes);
  value->constant = std::make_shared<OwnedBuffer>(std::vector<uint8_t>(bytes.begin() + static_cast<long>(start), bytes.end()));
  return value;
}

void write_npy(const std::string& path, DataType type, const Shape& shape, const void* data) {
  const char* descr = nullptr;
  for (const auto& t : kTypes)
    if (t.type == type) descr = t.descr;
  std::string payload(static_cast<const char*>(data), shape_numel(shape) * data_type_size(type));
  if (!descr) {
    // No NumPy spelling (bfloat16, float8, ...): store the raw bytes as unsigned integers of that width.
    descr = data_type_size(type) == 2 ? "<u2" : "|u1";
  }
  std::string dims;
  for (int64_t d : shape) dims += fmt::format("{}, ", d);
  if (shape.size() > 1) dims.resize(dims.size() - 2);
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", descr, dims);
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) fail("{}: cannot write", path);
  out.write("\x93NUMPY\x01\x00", 8);
  const char len[2] = {static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
  out.write(len, 2);
  out << header << payload;
  if (!out) fail("{}: write failed", path);
}

}  // namespace aotc
