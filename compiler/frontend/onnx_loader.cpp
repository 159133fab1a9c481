// SPDX-License-Identifier: Apache-2.0
// ONNX protobuf -> graph IR.
//
// Constant nodes become constant values; sparse initializers are densified; model-local functions are
// inlined (with a depth limit against recursion); external data is read only from regular files
// inside the model's directory (no absolute paths, no "..", no symlinks or hard links).
#include "frontend/onnx_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>
#include <onnx/defs/parser.h>
#include <onnx/onnx_pb.h>

#include "frontend/npy.h"
#include "support/diagnostics.h"

namespace aotc {
std::shared_ptr<Value> load_tensor_proto_file(const std::string& path);
namespace {

// Limits on what a model may ask of the compiler (docs in SECURITY.md; each is tested just under and just
// over by test/robustness). They bound memory, time and stack depth on hostile input.
constexpr int kMaxFunctionDepth = 64;             ///< local functions calling local functions
constexpr int kMaxGraphDepth = 16;                ///< subgraphs (If/Loop/Scan bodies) inside subgraphs
constexpr int kMaxRank = 8;                       ///< dimensions of any tensor
constexpr int64_t kMaxElements = int64_t{1} << 40;    ///< elements of any tensor
constexpr int64_t kMaxWeightBytes = int64_t{1} << 32; ///< bytes of all constants together (4 GiB)
constexpr int64_t kMaxNodes = int64_t{1} << 17;       ///< nodes, after inlining functions, in all graphs
constexpr int kProtobufRecursionLimit = 100;      ///< protobuf's default message nesting limit

struct Context {
  std::string file;
  std::string base_dir;
  const LoadOptions* options;
  std::map<std::pair<std::string, std::string>, const onnx::FunctionProto*> functions;
  std::map<std::string, int> opsets;
  int unique_counter = 0;
  int64_t weight_bytes = 0;  ///< constants decoded so far
  int64_t nodes = 0;         ///< nodes added so far, in all graphs
};

std::string where(const Context& ctx) { return ctx.file; }

// ---- element decoding -------------------------------------------------------------------------

DataType checked_type(const Context& ctx, int32_t raw, const std::string& what) {
  auto type = data_type_from_onnx(raw);
  if (!type) fail("{}: {} has invalid element type {}", where(ctx), what, raw);
  return *type;
}

void check_dims(const Context& ctx, const google::protobuf::RepeatedField<int64_t>& dims, const std::string& what,
                Shape* shape) {
  if (dims.size() > kMaxRank) fail("{}: {} has rank {}, more than the supported {}", where(ctx), what, dims.size(), kMaxRank);
  int64_t total = 1;
  for (int64_t d : dims) {
    if (d < 0) fail("{}: {} has negative dimension {}", where(ctx), what, d);
    if (d != 0 && total > kMaxElements / d) fail("{}: {} has more than 2^40 elements", where(ctx), what);
    total *= d;
    shape->push_back(d);
  }
}

/// Unpacks ONNX's 4-bit (2 per byte) or 2-bit (4 per byte) storage into one element per byte.
std::vector<uint8_t> unpack_sub_byte(const uint8_t* packed, size_t packed_size, int64_t count, int bits,
                                     bool sign_extend) {
  std::vector<uint8_t> out(static_cast<size_t>(count));
  const int per_byte = 8 / bits;
  const uint8_t mask = static_cast<uint8_t>((1 << bits) - 1);
  for (int64_t i = 0; i < count; ++i) {
    size_t byte = static_cast<size_t>(i / per_byte);
    uint8_t v = byte < packed_size ? static_cast<uint8_t>((packed[byte] >> ((i % per_byte) * bits)) & mask) : 0;
    if (sign_extend && (v >> (bits - 1))) v = static_cast<uint8_t>(v | ~mask);
    out[static_cast<size_t>(i)] = v;
  }
  return out;
}

int sub_byte_bits(DataType type) {
  return (type == DataType::kInt2 || type == DataType::kUint2) ? 2 : 4;
}

template <typename Src, typename Dst>
void narrow_copy(const google::protobuf::RepeatedField<Src>& src, std::vector<uint8_t>* out) {
  out->resize(src.size() * sizeof(Dst));
  for (int i = 0; i < src.size(); ++i) {
    Dst v = static_cast<Dst>(src.Get(i));
    std::memcpy(out->data() + i * sizeof(Dst), &v, sizeof(Dst));
  }
}

/// Closes a file descriptor on scope exit.
struct FileDescriptor {
  int fd = -1;
  explicit FileDescriptor(int f) : fd(f) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { if (fd >= 0) close(fd); }
};

/// Reads `length` bytes at `offset` of a file in the model directory, refusing anything that escapes it.
/// The path is opened one component at a time with O_NOFOLLOW relative to the directory opened before,
/// so no component (directory or file) can be a symbolic link, and the checks apply to the file that is
/// read (no race between checking a path and opening it). `max_bytes` caps what may be read.
std::string read_external(const Context& ctx, const std::string& tensor, const std::string& location,
                          int64_t offset, int64_t length, int64_t max_bytes) {
  if (ctx.base_dir.empty()) fail("{}: tensor '{}' uses external data, which is not allowed here", where(ctx), tensor);
  if (location.empty() || location[0] == '/' || location.find('\\') != std::string::npos ||
      location.find('\0') != std::string::npos)
    fail("{}: tensor '{}' has external data location '{}' that is not a relative path", where(ctx), tensor, location);
  std::vector<std::string> parts;
  std::stringstream split(location);
  for (std::string part; std::getline(split, part, '/');) {
    if (part == "..") fail("{}: tensor '{}' has external data location '{}' outside the model directory", where(ctx), tensor, location);
    if (!part.empty() && part != ".") parts.push_back(part);
  }
  if (parts.empty()) fail("{}: tensor '{}' has external data location '{}' that names no file", where(ctx), tensor, location);
  FileDescriptor dir(open(ctx.base_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0) fail("{}: tensor '{}': cannot open the model directory for external data '{}'", where(ctx), tensor, location);
  auto refuse = [&](int parent, const std::string& part, int err) {
    struct stat st{};
    if (fstatat(parent, part.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
      fail("{}: tensor '{}': external data file '{}' is a symbolic link or goes through one ('{}')", where(ctx), tensor, location, part);
    if (err == ENOENT) fail("{}: tensor '{}': external data file '{}' not found", where(ctx), tensor, location);
    if (err == ENOTDIR) fail("{}: tensor '{}': external data file '{}': '{}' is not a directory", where(ctx), tensor, location, part);
    fail("{}: tensor '{}': external data file '{}' cannot be opened ({})", where(ctx), tensor, location, std::strerror(err));
  };
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const int next = openat(dir.fd, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) refuse(dir.fd, parts[i], errno);
    close(dir.fd);
    dir.fd = next;
  }
  // O_NONBLOCK: opening a FIFO or device must not block; such files are refused below.
  FileDescriptor file(openat(dir.fd, parts.back().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (file.fd < 0) refuse(dir.fd, parts.back(), errno);
  struct stat st{};
  if (fstat(file.fd, &st) != 0) fail("{}: tensor '{}': cannot stat external data file '{}'", where(ctx), tensor, location);
  if (!S_ISREG(st.st_mode)) fail("{}: tensor '{}': external data file '{}' is not a regular file", where(ctx), tensor, location);
  if (st.st_nlink > 1) fail("{}: tensor '{}': external data file '{}' has several hard links", where(ctx), tensor, location);
  const int64_t file_size = st.st_size;
  if (offset < 0 || offset > file_size) fail("{}: tensor '{}': external data offset {} is outside '{}' ({} bytes)", where(ctx), tensor, offset, location, file_size);
  if (length < 0) length = file_size - offset;
  if (length > file_size - offset) fail("{}: tensor '{}': external data offset {} + length {} runs past the end of '{}' ({} bytes)", where(ctx), tensor, offset, length, location, file_size);
  if (length > max_bytes) fail("{}: tensor '{}': external data length {} is more than the tensor's {} bytes", where(ctx), tensor, length, max_bytes);
  std::string bytes(static_cast<size_t>(length), '\0');
  for (int64_t done = 0; done < length;) {
    const ssize_t got = pread(file.fd, bytes.data() + done, static_cast<size_t>(length - done), offset + done);
    if (got <= 0) fail("{}: tensor '{}': could not read external data from '{}'", where(ctx), tensor, location);
    done += got;
  }
  return bytes;
}

/// Decodes a TensorProto into a detached constant Value with the runtime's memory layout.
std::shared_ptr<Value> decode_tensor(Context& ctx, const onnx::TensorProto& t, const std::string& what) {
  auto value = std::make_shared<Value>();
  value->name = t.name();
  value->type = checked_type(ctx, t.data_type(), what);
  check_dims(ctx, t.dims(), what, &value->shape);
  value->shape_known = true;
  const DataType type = value->type;
  if (type == DataType::kComplex64 || type == DataType::kComplex128)
    unsupported("{}: {} has element type {}, which is not supported", where(ctx), what, data_type_name(type));
  const int64_t count = value->numel();
  if (type == DataType::kString) {
    // Strings live only in string_data (the spec forbids raw_data and external data for them).
    if (t.has_raw_data() || t.data_location() == onnx::TensorProto::EXTERNAL)
      fail("{}: {} is a string tensor with raw or external data (strings must be in string_data)", where(ctx), what);
    if (t.string_data_size() != count)
      fail("{}: {} holds {} strings but its shape {} needs {}", where(ctx), what, t.string_data_size(), shape_to_string(value->shape), count);
    int64_t bytes = 0;
    for (const std::string& s : t.string_data()) bytes += static_cast<int64_t>(s.size() + sizeof(onnx_aotc_string));
    ctx.weight_bytes += bytes;
    if (ctx.weight_bytes > kMaxWeightBytes)
      fail("{}: {} ({} bytes) brings the model's constants over the limit of {} bytes", where(ctx), what, bytes, kMaxWeightBytes);
    value->constant = std::make_shared<StringBuffer>(std::vector<std::string>(t.string_data().begin(), t.string_data().end()));
    return value;
  }
  const size_t elem = data_type_size(type);
  const size_t expected = static_cast<size_t>(count) * elem;
  // Checked before any data is read or allocated: a small file may declare (or point at) huge tensors.
  ctx.weight_bytes += static_cast<int64_t>(expected);
  if (ctx.weight_bytes > kMaxWeightBytes)
    fail("{}: {} ({} bytes) brings the model's constants over the limit of {} bytes", where(ctx), what, expected, kMaxWeightBytes);

  std::string raw;
  bool have_raw = false;
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    int64_t offset = 0, length = -1;
    auto parse_int = [&](const std::string& key, const std::string& text) {
      try {
        size_t used = 0;
        const int64_t v = std::stoll(text, &used);
        if (used == text.size()) return v;
      } catch (const std::exception&) {
      }
      fail("{}: {} has a malformed external data entry {}='{}'", where(ctx), what, key, text);
    };
    for (const auto& kv : t.external_data()) {
      if (kv.key() == "location") location = kv.value();
      else if (kv.key() == "offset") offset = parse_int(kv.key(), kv.value());
      else if (kv.key() == "length") length = parse_int(kv.key(), kv.value());
    }
    raw = read_external(ctx, what, location, offset, length, static_cast<int64_t>(expected));
    have_raw = true;
  } else if (t.has_raw_data()) {
    raw = t.raw_data();
    have_raw = true;
  }

  std::vector<uint8_t> bytes;
  if (have_raw) {
    if (is_sub_byte_type(type)) {
      const int bits = sub_byte_bits(type);
      const size_t packed = static_cast<size_t>((count * bits + 7) / 8);
      if (raw.size() != packed) fail("{}: {} holds {} bytes of data but its shape {} of {} needs {}", where(ctx), what, raw.size(), shape_to_string(value->shape), data_type_name(type), packed);
      bytes = unpack_sub_byte(reinterpret_cast<const uint8_t*>(raw.data()), raw.size(), count, bits,
                              type == DataType::kInt4 || type == DataType::kInt2);
    } else {
      if (raw.size() != expected) fail("{}: {} holds {} bytes of data but its shape {} of {} needs {}", where(ctx), what, raw.size(), shape_to_string(value->shape), data_type_name(type), expected);
      bytes.assign(raw.begin(), raw.end());
    }
  } else {
    switch (type) {
      case DataType::kFloat: narrow_copy<float, float>(t.float_data(), &bytes); break;
      case DataType::kDouble: narrow_copy<double, double>(t.double_data(), &bytes); break;
      case DataType::kInt64: narrow_copy<int64_t, int64_t>(t.int64_data(), &bytes); break;
      case DataType::kUint64: narrow_copy<uint64_t, uint64_t>(t.uint64_data(), &bytes); break;
      case DataType::kUint32: narrow_copy<uint64_t, uint32_t>(t.uint64_data(), &bytes); break;
      case DataType::kInt32: narrow_copy<int32_t, int32_t>(t.int32_data(), &bytes); break;
      case DataType::kInt16: narrow_copy<int32_t, int16_t>(t.int32_data(), &bytes); break;
      case DataType::kUint16: case DataType::kFloat16: case DataType::kBFloat16:
        narrow_copy<int32_t, uint16_t>(t.int32_data(), &bytes); break;
      case DataType::kInt8: narrow_copy<int32_t, int8_t>(t.int32_data(), &bytes); break;
      case DataType::kUint8: case DataType::kBool: case DataType::kFloat8E4M3FN: case DataType::kFloat8E4M3FNUZ:
      case DataType::kFloat8E5M2: case DataType::kFloat8E5M2FNUZ: case DataType::kFloat8E8M0:
        narrow_copy<int32_t, uint8_t>(t.int32_data(), &bytes); break;
      case DataType::kInt4: case DataType::kUint4: case DataType::kInt2: case DataType::kUint2:
      case DataType::kFloat4E2M1: {
        std::vector<uint8_t> packed;
        narrow_copy<int32_t, uint8_t>(t.int32_data(), &packed);
        const int bits = sub_byte_bits(type);
        if (packed.size() != static_cast<size_t>((count * bits + 7) / 8)) bytes.resize(expected + 1);
        else bytes = unpack_sub_byte(packed.data(), packed.size(), count, bits, type == DataType::kInt4 || type == DataType::kInt2);
        break;
      }
      default: break;
    }
    if (bytes.size() != expected) fail("{}: {} holds {} elements but its shape {} needs {}", where(ctx), what, elem ? bytes.size() / elem : 0, shape_to_string(value->shape), count);
  }
  if (type == DataType::kBool)
    for (auto& b : bytes) b = b ? 1 : 0;
  value->constant = std::make_shared<OwnedBuffer>(std::move(bytes));
  return value;
}

std::shared_ptr<Value> decode_sparse(Context& ctx, const onnx::SparseTensorProto& sparse, const std::string& what) {
  auto values = decode_tensor(ctx, sparse.values(), what + " (values)");
  auto dense = std::make_shared<Value>();
  dense->name = sparse.values().name();
  dense->type = values->type;
  check_dims(ctx, sparse.dims(), what, &dense->shape);
  dense->shape_known = true;
  const size_t elem = data_type_size(dense->type);
  const int64_t total = dense->numel();
  const int64_t nnz = values->numel();
  std::vector<uint8_t> bytes(static_cast<size_t>(total) * elem, 0);
  auto indices = decode_tensor(ctx, sparse.indices(), what + " (indices)");
  if (indices->type != DataType::kInt64) fail("{}: {} indices must be int64", where(ctx), what);
  const int64_t* idx = indices->constant_data<int64_t>();
  const int rank = static_cast<int>(dense->shape.size());
  const bool linear = indices->shape.size() == 1;
  if (linear ? indices->shape[0] != nnz : (indices->shape.size() != 2 || indices->shape[0] != nnz || indices->shape[1] != rank))
    fail("{}: {} has indices of shape {} for {} values", where(ctx), what, shape_to_string(indices->shape), nnz);
  for (int64_t k = 0; k < nnz; ++k) {
    int64_t flat = 0;
    if (linear) {
      flat = idx[k];
    } else {
      for (int a = 0; a < rank; ++a) {
        const int64_t i = idx[k * rank + a];
        if (i < 0 || i >= dense->shape[a]) fail("{}: {} index {} is out of range on axis {}", where(ctx), what, i, a);
        flat = flat * dense->shape[a] + i;
      }
    }
    if (flat < 0 || flat >= total) fail("{}: {} index {} is out of range for {} elements", where(ctx), what, flat, total);
    std::memcpy(bytes.data() + flat * elem, values->constant->data() + k * elem, elem);
  }
  dense->constant = std::make_shared<OwnedBuffer>(std::move(bytes));
  return dense;
}

std::shared_ptr<Value> load_tensor_file(const std::string& path) {
  if (path.size() > 4 && path.substr(path.size() - 4) == ".npy") return read_npy(path);
  return load_tensor_proto_file(path);
}

// ---- graphs ---------------------------------------------------------------------------------------

class GraphBuilder {
 public:
  GraphBuilder(Context& ctx, Graph& graph, int depth) : ctx_(ctx), graph_(graph), depth_(depth) {}

  void build(const onnx::GraphProto& proto, bool is_main) {
    if (depth_ > kMaxGraphDepth)
      fail("{}: subgraph '{}' is nested {} levels deep, more than the supported {}", where(ctx_), proto.name(), depth_, kMaxGraphDepth);
    graph_.name = proto.name();
    for (const auto& init : proto.initializer()) {
      const std::string what = fmt::format("initializer '{}'", init.name());
      if (init.name().empty()) fail("{}: an initializer has an empty name", where(ctx_));
      define_constant(init.name(), decode_tensor(ctx_, init, what));
    }
    for (const auto& sparse : proto.sparse_initializer()) {
      const std::string what = fmt::format("sparse initializer '{}'", sparse.values().name());
      define_constant(sparse.values().name(), decode_sparse(ctx_, sparse, what));
    }
    for (const auto& in : proto.input()) {
      if (Value* existing = graph_.find_value(in.name())) {
        // IR < 4 lists initializers among the inputs as well; they stay constants.
        if (existing->is_constant()) continue;
        fail("{}: graph input '{}' is declared twice", where(ctx_), in.name());
      }
      if (in.name().empty()) fail("{}: a graph input has an empty name", where(ctx_));
      if (is_main && (in.type().has_sequence_type() || in.type().has_optional_type())) {
        declare_container_input(in);
        continue;
      }
      if (is_main && in.type().has_map_type()) {
        declare_map_input(in);
        continue;
      }
      auto bound = is_main ? ctx_.options->constant_inputs.find(in.name()) : ctx_.options->constant_inputs.end();
      if (is_main && bound != ctx_.options->constant_inputs.end()) {
        auto tensor = load_tensor_file(bound->second);
        if (static_cast<int>(tensor->type) != in.type().tensor_type().elem_type())
          fail("{}: constant for graph input '{}' has type {}", bound->second, in.name(), data_type_name(tensor->type));
        define_constant(in.name(), tensor);
        continue;
      }
      Value* v = graph_.add_value(in.name());
      declare_input(in, v, is_main);
      graph_.inputs.push_back(v);
    }
    for (const auto& node : proto.node()) add_node(node, {}, "", nullptr);
    for (const auto& out : proto.output()) {
      Value* v = lookup(out.name());
      if (!v) fail("{}: graph output '{}' is not produced by any node", where(ctx_), out.name());
      // A sequence of maps is fine (ZipMap's output becomes a tensor); a lone map has no tensor form.
      if (out.type().has_map_type() || v->kind == ValueKind::kMap)
        unsupported("{}: graph output '{}' is a map (maps may only be graph inputs, or ZipMap's sequence of maps)", where(ctx_), out.name());
      if (out.type().has_tensor_type() && out.type().tensor_type().elem_type() != 0 && v->type != DataType::kUndefined &&
          static_cast<int>(v->type) != out.type().tensor_type().elem_type())
        fail("{}: graph output '{}' is declared as {} but is {}", where(ctx_), out.name(),
             data_type_name(checked_type(ctx_, out.type().tensor_type().elem_type(), "graph output '" + out.name() + "'")),
             data_type_name(v->type));
      graph_.outputs.push_back(v);
    }
    if (is_main && graph_.outputs.empty()) fail("{}: graph '{}' has no outputs", where(ctx_), proto.name());
    graph_.sort_topologically();
  }

 private:
  void define_constant(const std::string& name, std::shared_ptr<Value> tensor) {
    if (graph_.find_value(name)) fail("{}: tensor name '{}' is defined twice", where(ctx_), name);
    Value* v = graph_.add_value(name);
    v->type = tensor->type;
    v->shape = tensor->shape;
    v->shape_known = true;
    v->constant = tensor->constant;
  }

  /// A sequence or optional graph input: one tensor input per element, "name[i]".
  void declare_container_input(const onnx::ValueInfoProto& in) {
    const bool optional = in.type().has_optional_type();
    const char* what = optional ? "an optional" : "a sequence";
    const onnx::TypeProto& elem = optional ? in.type().optional_type().elem_type() : in.type().sequence_type().elem_type();
    if (!elem.has_tensor_type())
      unsupported("{}: graph input '{}' is {} of {} (only tensors are supported inside sequences and optionals)", where(ctx_),
                  in.name(), what, elem.has_sequence_type() ? "sequences" : elem.has_map_type() ? "maps; a map may be a graph input itself" : "non-tensors");
    auto length = ctx_.options->sequence_lengths.find(in.name());
    if (length == ctx_.options->sequence_lengths.end())
      fail("{}: graph input '{}' is {}; give its element count with --sequence-length {}=N", where(ctx_), in.name(), what, in.name());
    if (length->second < 0 || (optional && length->second > 1) || length->second > 4096)
      fail("{}: --sequence-length {}={} is out of range", where(ctx_), in.name(), length->second);
    Value* container = graph_.add_value(in.name());
    container->kind = optional ? ValueKind::kOptional : ValueKind::kSequence;
    container->type = checked_type(ctx_, elem.tensor_type().elem_type(), fmt::format("graph input '{}'", in.name()));
    container->shape_known = true;
    for (int64_t i = 0; i < length->second; ++i) {
      onnx::ValueInfoProto info;
      info.set_name(fmt::format("{}[{}]", in.name(), i));
      *info.mutable_type() = elem;
      if (graph_.find_value(info.name())) fail("{}: tensor name '{}' is defined twice", where(ctx_), info.name());
      Value* e = graph_.add_value(info.name());
      declare_input(info, e, true);
      graph_.inputs.push_back(e);
      container->elements.push_back(e);
    }
  }

  /// A map graph input (DictVectorizer, CastMap): two tensor inputs of the same length, "name.keys" and
  /// "name.values"; the length is the number of pairs, given like a sequence's.
  void declare_map_input(const onnx::ValueInfoProto& in) {
    const onnx::TypeProto::Map& map = in.type().map_type();
    if (!map.value_type().has_tensor_type())
      unsupported("{}: graph input '{}' is a map whose values are not tensors (only maps of numbers or strings are supported)",
                  where(ctx_), in.name());
    auto length = ctx_.options->sequence_lengths.find(in.name());
    if (length == ctx_.options->sequence_lengths.end())
      fail("{}: graph input '{}' is a map; give its number of key-value pairs with --sequence-length {}=N", where(ctx_), in.name(), in.name());
    if (length->second < 0 || length->second > kMaxElements)
      fail("{}: --sequence-length {}={} is out of range", where(ctx_), in.name(), length->second);
    Value* container = graph_.add_value(in.name());
    container->kind = ValueKind::kMap;
    container->type = checked_type(ctx_, map.value_type().tensor_type().elem_type(), fmt::format("graph input '{}' values", in.name()));
    container->shape_known = true;
    const std::pair<const char*, int32_t> parts[] = {{"keys", map.key_type()}, {"values", static_cast<int32_t>(container->type)}};
    for (const auto& [part, elem_type] : parts) {
      const std::string name = fmt::format("{}.{}", in.name(), part);
      if (graph_.find_value(name)) fail("{}: tensor name '{}' is defined twice", where(ctx_), name);
      Value* e = graph_.add_value(name);
      e->type = checked_type(ctx_, elem_type, fmt::format("graph input '{}' {}", in.name(), part));
      e->shape = {length->second};
      e->shape_known = true;
      graph_.inputs.push_back(e);
      container->elements.push_back(e);
    }
  }

  void declare_input(const onnx::ValueInfoProto& info, Value* v, bool is_main) {
    const std::string what = fmt::format("{} '{}'", is_main ? "graph input" : "subgraph input", info.name());
    // A subgraph input may leave its type to the enclosing op (Loop and Scan bodies of function expansions do).
    if (!is_main && !info.has_type()) return;
    if (!info.type().has_tensor_type()) unsupported("{}: {} is not a tensor (sequence, map and optional values are not supported)", where(ctx_), what);
    const auto& tt = info.type().tensor_type();
    v->type = checked_type(ctx_, tt.elem_type(), what);
    auto override_it = ctx_.options->input_shapes.find(info.name());
    if (is_main && override_it != ctx_.options->input_shapes.end()) {
      v->shape = override_it->second;
      v->shape_known = true;
      check_shape_size(v->shape, what);
      return;
    }
    if (!tt.has_shape()) {
      if (!is_main) return;  // subgraph inputs get their shapes from the enclosing op
      fail("{}: {} has no shape; give one with --input-shape {}=DxDx...", where(ctx_), what, info.name());
    }
    if (tt.shape().dim_size() > kMaxRank) fail("{}: {} has rank {}, more than the supported {}", where(ctx_), what, tt.shape().dim_size(), kMaxRank);
    for (int i = 0; i < tt.shape().dim_size(); ++i) {
      const auto& dim = tt.shape().dim(i);
      if (dim.has_dim_value()) {
        if (dim.dim_value() < 0) fail("{}: {} has negative dimension {} at axis {}", where(ctx_), what, dim.dim_value(), i);
        v->shape.push_back(dim.dim_value());
      } else if (dim.has_dim_param() && !dim.dim_param().empty()) {
        auto bound = ctx_.options->dims.find(dim.dim_param());
        if (bound == ctx_.options->dims.end()) {
          if (!is_main) { v->shape.clear(); return; }
          fail("{}: {} has symbolic dimension '{}' at axis {}; bind it with --dim {}=VALUE", where(ctx_), what, dim.dim_param(), i, dim.dim_param());
        }
        v->shape.push_back(bound->second);
      } else {
        if (!is_main) { v->shape.clear(); return; }
        fail("{}: {} has an unknown dimension at axis {}; give the shape with --input-shape {}=DxDx...", where(ctx_), what, i, info.name());
      }
    }
    v->shape_known = true;
    check_shape_size(v->shape, what);
  }

  void check_shape_size(const Shape& shape, const std::string& what) const {
    if (shape.size() > static_cast<size_t>(kMaxRank)) fail("{}: {} has rank {}, more than the supported {}", where(ctx_), what, shape.size(), kMaxRank);
    int64_t total = 1;
    for (int64_t d : shape)
      if (d != 0 && (total = total > kMaxElements / d ? kMaxElements + 1 : total * d) > kMaxElements)
        fail("{}: {} has shape {}, more than 2^40 elements", where(ctx_), what, shape_to_string(shape));
  }

  Value* lookup(const std::string& name) const {
    for (const Graph* g = &graph_; g; g = g->parent)
      if (Value* v = g->find_value(name)) return v;
    return nullptr;
  }

  using Renames = std::map<std::string, std::string>;
  /// Attributes of a node under the names the node uses (a function body may rename the caller's).
  using NamedAttributes = std::vector<std::pair<std::string, const onnx::AttributeProto*>>;

  /// Adds `proto` to the graph; inside an inlined function, `renames` maps its names to graph names and
  /// `call_attributes` gives the calling node's attributes for `ref_attr_name`.
  void add_node(const onnx::NodeProto& proto, const Renames& renames, const std::string& name_prefix,
                const std::map<std::string, const onnx::AttributeProto*>* call_attributes, int function_depth = 0) {
    auto rename = [&](const std::string& n) {
      if (n.empty() || !call_attributes) return n;
      auto it = renames.find(n);
      return it != renames.end() ? it->second : name_prefix + n;
    };
    const std::string node_name = proto.name().empty() && !call_attributes
                                      ? fmt::format("{}_{}", proto.op_type(), graph_.nodes.size())
                                      : name_prefix + proto.name();
    const std::string op_label = fmt::format("{} node '{}'", proto.op_type(), node_name);
    if (proto.op_type().empty()) fail("{}: node '{}' has no op_type", where(ctx_), node_name);

    // Resolve attributes (including references to the calling function's attributes).
    NamedAttributes attributes;
    for (const auto& a : proto.attribute()) {
      if (!a.ref_attr_name().empty()) {
        if (!call_attributes) fail("{}: {} attribute '{}' refers to '{}' outside a function", where(ctx_), op_label, a.name(), a.ref_attr_name());
        auto it = call_attributes->find(a.ref_attr_name());
        if (it == call_attributes->end()) continue;  // not given by the caller and no default: omitted
        attributes.emplace_back(a.name(), it->second);
        continue;
      }
      attributes.emplace_back(a.name(), &a);
    }

    auto fn = ctx_.functions.find({proto.domain(), proto.op_type()});
    if (fn != ctx_.functions.end()) {
      inline_function(proto, *fn->second, rename, node_name, attributes, function_depth);
      return;
    }
    if (++ctx_.nodes > kMaxNodes)
      fail("{}: {} makes the model larger than the supported {} nodes (counting inlined functions and subgraphs)", where(ctx_), op_label, kMaxNodes);

    if (proto.op_type() == "Constant" && (proto.domain().empty() || proto.domain() == "ai.onnx")) {
      if (proto.output_size() != 1) fail("{}: {} must have one output", where(ctx_), op_label);
      const std::string out_name = rename(proto.output(0));
      define_constant(out_name, constant_value(op_label, attributes));
      return;
    }

    Node* node = graph_.add_node();
    node->name = node_name;
    node->domain = proto.domain() == "ai.onnx" ? "" : proto.domain();
    node->op_type = proto.op_type();
    auto opset = ctx_.opsets.find(node->domain);
    if (opset == ctx_.opsets.end()) fail("{}: {} uses domain '{}', which the model does not import", where(ctx_), op_label, node->domain);
    node->opset = opset->second;
    for (const auto& in_name : proto.input()) {
      if (in_name.empty()) { node->inputs.push_back(nullptr); continue; }
      Value* v = lookup(rename(in_name));
      if (!v) fail("{}: {} uses input '{}', which is not defined before it", where(ctx_), op_label, rename(in_name));
      node->inputs.push_back(v);
    }
    for (const auto& [key, a] : attributes) {
      if (node->attributes.count(key)) fail("{}: {} has attribute '{}' twice", where(ctx_), op_label, key);
      node->attributes[key] = convert_attribute(*a, op_label, key);
    }
    for (const auto& out_name : proto.output()) {
      if (out_name.empty()) { node->outputs.push_back(nullptr); continue; }
      const std::string n = rename(out_name);
      if (graph_.find_value(n)) fail("{}: {} output '{}' is already defined (tensor names must be unique)", where(ctx_), op_label, n);
      Value* v = graph_.add_value(n);
      v->producer = node;
      node->outputs.push_back(v);
    }
    graph_.nodes.push_back(node);
  }

  template <typename Rename>
  void inline_function(const onnx::NodeProto& call, const onnx::FunctionProto& fn, Rename outer_rename,
                       const std::string& node_name, const NamedAttributes& attributes,
                       int depth) {
    if (depth >= kMaxFunctionDepth) fail("{}: function '{}' calls itself or nests deeper than {} levels (at node '{}')", where(ctx_), fn.name(), kMaxFunctionDepth, node_name);
    Renames renames;
    for (int i = 0; i < fn.input_size(); ++i)
      renames[fn.input(i)] = i < call.input_size() ? outer_rename(call.input(i)) : "";
    for (int i = 0; i < fn.output_size(); ++i)
      renames[fn.output(i)] = i < call.output_size() ? outer_rename(call.output(i)) : "";
    std::map<std::string, const onnx::AttributeProto*> call_attrs;
    for (const auto& [key, a] : attributes) call_attrs[key] = a;
    // Default attribute values (FunctionProto.attribute_proto, field 11) postdate the proto Debian ships.
    for (const auto* def : function_defaults(fn))
      call_attrs.emplace(def->name(), def);
    const std::string prefix = fmt::format("{}/{}_{}/", node_name, fn.name(), ctx_.unique_counter++);
    for (const auto& inner : fn.node()) add_node(inner, renames, prefix, &call_attrs, depth + 1);
  }

  std::vector<const onnx::AttributeProto*> function_defaults(const onnx::FunctionProto& fn) {
    std::vector<const onnx::AttributeProto*> out;
    const auto& unknown = fn.GetReflection()->GetUnknownFields(fn);
    for (int i = 0; i < unknown.field_count(); ++i) {
      const auto& field = unknown.field(i);
      if (field.number() != 11 || field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) continue;
      auto attr = std::make_unique<onnx::AttributeProto>();
      if (!attr->ParseFromString(field.length_delimited())) fail("{}: function '{}' has a malformed default attribute", where(ctx_), fn.name());
      out.push_back(attr.get());
      owned_attributes_.push_back(std::move(attr));
    }
    return out;
  }

  std::shared_ptr<Value> constant_value(const std::string& op_label, const NamedAttributes& attributes) {
    if (attributes.size() != 1) fail("{}: {} must have exactly one value attribute", where(ctx_), op_label);
    const std::string& key = attributes[0].first;
    const auto& a = *attributes[0].second;
    auto make = [](DataType type, Shape shape, const void* data, size_t bytes) {
      auto v = std::make_shared<Value>();
      v->type = type;
      v->shape = std::move(shape);
      v->shape_known = true;
      const auto* p = static_cast<const uint8_t*>(data);
      v->constant = std::make_shared<OwnedBuffer>(std::vector<uint8_t>(p, p + bytes));
      return v;
    };
    if (key == "value") return decode_tensor(ctx_, a.t(), op_label + " value");
    if (key == "sparse_value") return decode_sparse(ctx_, a.sparse_tensor(), op_label + " sparse_value");
    if (key == "value_float") { float f = a.f(); return make(DataType::kFloat, {}, &f, 4); }
    if (key == "value_int") { int64_t i = a.i(); return make(DataType::kInt64, {}, &i, 8); }
    if (key == "value_floats") {
      std::vector<float> f(a.floats().begin(), a.floats().end());
      return make(DataType::kFloat, {static_cast<int64_t>(f.size())}, f.data(), f.size() * 4);
    }
    if (key == "value_ints") {
      std::vector<int64_t> i(a.ints().begin(), a.ints().end());
      return make(DataType::kInt64, {static_cast<int64_t>(i.size())}, i.data(), i.size() * 8);
    }
    if (key == "value_string" || key == "value_strings") {
      auto v = std::make_shared<Value>();
      v->type = DataType::kString;
      v->shape_known = true;
      std::vector<std::string> strings;
      if (key == "value_string") strings.push_back(a.s());
      else strings.assign(a.strings().begin(), a.strings().end());
      if (key == "value_strings") v->shape = {static_cast<int64_t>(strings.size())};
      v->constant = std::make_shared<StringBuffer>(std::move(strings));
      return v;
    }
    unsupported("{}: {} attribute '{}' is not supported", where(ctx_), op_label, key);
  }

  Attribute convert_attribute(const onnx::AttributeProto& a, const std::string& op_label, const std::string& key) {
    Attribute out;
    using AP = onnx::AttributeProto;
    auto type = a.type();
    if (type == AP::UNDEFINED) {  // IR 1/2 files: infer from the populated field
      if (a.has_f()) type = AP::FLOAT; else if (a.has_i()) type = AP::INT; else if (a.has_s()) type = AP::STRING;
      else if (a.has_t()) type = AP::TENSOR; else if (a.has_g()) type = AP::GRAPH; else if (a.floats_size()) type = AP::FLOATS;
      else if (a.ints_size()) type = AP::INTS; else if (a.strings_size()) type = AP::STRINGS;
      else fail("{}: {} attribute '{}' has no type", where(ctx_), op_label, key);
    }
    switch (type) {
      case AP::FLOAT: out.kind = Attribute::Kind::kFloat; out.f = a.f(); break;
      case AP::INT: out.kind = Attribute::Kind::kInt; out.i = a.i(); break;
      case AP::STRING: out.kind = Attribute::Kind::kString; out.s = a.s(); break;
      case AP::FLOATS: out.kind = Attribute::Kind::kFloats; out.floats.assign(a.floats().begin(), a.floats().end()); break;
      case AP::INTS: out.kind = Attribute::Kind::kInts; out.ints.assign(a.ints().begin(), a.ints().end()); break;
      case AP::STRINGS: out.kind = Attribute::Kind::kStrings; out.strings.assign(a.strings().begin(), a.strings().end()); break;
      case AP::TENSOR: out.kind = Attribute::Kind::kTensor; out.tensor = decode_tensor(ctx_, a.t(), op_label + " attribute '" + key + "'"); break;
      case AP::GRAPH: {
        out.kind = Attribute::Kind::kGraph;
        out.graph = std::make_shared<Graph>();
        out.graph->parent = &graph_;
        GraphBuilder sub(ctx_, *out.graph, depth_ + 1);
        sub.build(a.g(), false);
        break;
      }
      default:
        unsupported("{}: {} attribute '{}' has type {}, which is not supported", where(ctx_), op_label, key, AP::AttributeType_Name(type));
    }
    return out;
  }

  Context& ctx_;
  Graph& graph_;
  int depth_;
  std::vector<std::unique_ptr<onnx::AttributeProto>> owned_attributes_;
};

}  // namespace

Model load_onnx_model_from_bytes(const std::string& bytes, const std::string& base_dir, const LoadOptions& options,
                                 const std::string& display_name) {
  onnx::ModelProto proto;
  google::protobuf::io::ArrayInputStream raw(bytes.data(), static_cast<int>(bytes.size()));
  google::protobuf::io::CodedInputStream coded(&raw);
  coded.SetTotalBytesLimit(INT32_MAX);
  if (bytes.empty()) fail("{}: the file is empty", display_name);
  coded.SetRecursionLimit(kProtobufRecursionLimit);
  if (!proto.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage()) {
    // Tell messages nested too deep (which would be valid with a higher limit) from broken data.
    google::protobuf::io::ArrayInputStream again_raw(bytes.data(), static_cast<int>(bytes.size()));
    google::protobuf::io::CodedInputStream again(&again_raw);
    again.SetTotalBytesLimit(INT32_MAX);
    again.SetRecursionLimit(10 * kProtobufRecursionLimit);
    onnx::ModelProto deeper;
    if (deeper.ParseFromCodedStream(&again) && again.ConsumedEntireMessage())
      fail("{}: not a valid ONNX model: protobuf messages are nested deeper than {} levels (too many nested subgraphs)", display_name, kProtobufRecursionLimit);
    fail("{}: not a valid ONNX model (protobuf parse failed)", display_name);
  }
  if (proto.ir_version() < 3) fail("{}: IR version {} is not supported (need 3 or later)", display_name, proto.ir_version());
  if (!proto.has_graph()) fail("{}: the model has no graph", display_name);

  Context ctx;
  ctx.file = display_name;
  ctx.base_dir = base_dir;
  ctx.options = &options;
  for (const auto& op : proto.opset_import()) {
    const std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
    // skl2onnx repeats an import with the same version (ORT and onnx.checker accept that); two versions conflict.
    auto known = ctx.opsets.find(domain);
    if (known != ctx.opsets.end() && known->second != static_cast<int>(op.version()))
      fail("{}: opset for domain '{}' is imported twice", display_name, domain);
    ctx.opsets[domain] = static_cast<int>(op.version());
  }
  for (const auto& fn : proto.functions()) {
    auto key = std::make_pair(fn.domain(), fn.name());
    if (ctx.functions.count(key)) fail("{}: local function '{}' is defined twice", display_name, fn.name());
    ctx.functions[key] = &fn;
    for (const auto& op : fn.opset_import()) {
      const std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
      ctx.opsets.emplace(domain, static_cast<int>(op.version()));
    }
  }

  Model model;
  model.ir_version = proto.ir_version();
  model.producer = proto.producer_name();
  model.graph = std::make_shared<Graph>();
  GraphBuilder builder(ctx, *model.graph, 0);
  builder.build(proto.graph(), true);
  model.opsets = ctx.opsets;
  return model;
}

Model load_onnx_model(const std::string& path, const LoadOptions& options) {
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) fail("{}: file not found", path);
  if (!S_ISREG(st.st_mode)) fail("{}: not a regular file", path);
  if (st.st_size > INT32_MAX) fail("{}: file is {} bytes; ONNX protobuf files must be under 2 GiB (store weights as external data)", path, st.st_size);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) fail("{}: could not read the file", path);
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  if (dir.empty()) dir = "/";
  if (path.size() > 8 && path.compare(path.size() - 8, 8, ".onnxtxt") == 0) {
    // ONNX's textual syntax (onnx/defs/parser.h), which the lit tests are written in.
    onnx::ModelProto proto;
    const auto status = onnx::OnnxParser::Parse(proto, bytes.c_str());
    if (!status.IsOK()) fail("{}: not valid ONNX text: {}", path, status.ErrorMessage());
    proto.SerializeToString(&bytes);
  }
  return load_onnx_model_from_bytes(bytes, dir, options, path);
}

}  // namespace aotc

namespace aotc {

std::shared_ptr<Value> load_tensor_proto_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open tensor file", path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes)) fail("{}: not a valid TensorProto", path);
  LoadOptions options;
  Context ctx;
  ctx.file = path;
  ctx.options = &options;
  return decode_tensor(ctx, proto, fmt::format("tensor '{}'", proto.name()));
}

}  // namespace aotc
