// SPDX-License-Identifier: Apache-2.0
// A kernel call: what one node lowers to. The emitter prints it as C++; the constant folder runs the
// very same reference kernel through `evaluate`, so folding and generated code cannot drift apart.
#pragma once

#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <onnx_aotc/numeric_types.h>
#include <onnx_aotc/ref/common.h>

#include "ir/graph.h"
#include "ops/field_reflection.h"

namespace aotc {

class Graph;

/// One argument of a kernel call after the parameter struct: a tensor, or a list of tensors
/// (passed as `const T* const*`, e.g. Concat's inputs). Control-flow kernels also take integer arrays
/// known at compile time (`literal`, passed as `const int64_t*`), a workspace in the arena (`scratch_bytes`,
/// passed as `unsigned char*`) and subgraph bodies (`region`, passed as a callable `body()`).
struct KernelOperand {
  std::vector<const Value*> values;  ///< one entry unless `is_list`; nullptr for an omitted optional input
  bool is_list = false;
  bool is_output = false;
  bool is_literal = false;
  std::vector<int64_t> literal;
  bool is_dims = false;  ///< the actual dims of a data-dependent output (`int64_t*`), not its elements
  size_t scratch_bytes = 0;     ///< > 0: a workspace operand
  /// A workspace that lives to the end of the run: the characters of strings an op creates, which its
  /// string outputs (and everything copied from them, graph outputs included) point into.
  bool persistent = false;
  const Graph* region = nullptr;  ///< non-null: a subgraph body
  /// A constant the lowering created (the tables of ai.onnx.ml ops), which `values` points to; it lives as
  /// long as the call, and is stored among the weights like an initializer.
  std::shared_ptr<const Value> owned_constant;

  static KernelOperand literal_array(std::vector<int64_t> items) {
    KernelOperand o;
    o.is_literal = true;
    o.literal = std::move(items);
    return o;
  }
  static KernelOperand scratch(size_t bytes) {
    KernelOperand o;
    o.scratch_bytes = bytes;
    return o;
  }
  static KernelOperand string_storage(size_t bytes) {
    KernelOperand o = scratch(bytes);
    o.persistent = true;
    return o;
  }
  static KernelOperand body(const Graph* graph) {
    KernelOperand o;
    o.region = graph;
    return o;
  }
  bool is_tensor() const { return !is_literal && !is_dims && scratch_bytes == 0 && !region; }
};

/// Pointers for one evaluation: per operand, one pointer per value.
using OperandPointers = std::vector<std::vector<void*>>;

struct KernelCall {
  std::string header;          ///< "onnx_aotc/ref/gemm.h"
  std::string function;        ///< "onnx_aotc::ref::gemm<float>"
  std::string params_literal;  ///< "{64, 32, ...}"
  std::vector<KernelOperand> operands;
  std::vector<std::string> operand_types;  ///< C++ element type of each operand's pointer
  std::function<void(const OperandPointers&)> evaluate;  ///< empty for calls that cannot be folded
};


// ---- C++ spelling of element types -------------------------------------------------------------

template <typename T> constexpr const char* cpp_type_name();
#define AOTC_TYPE_NAME(type, spelling) \
  template <> constexpr const char* cpp_type_name<type>() { return spelling; }
AOTC_TYPE_NAME(float, "float")
AOTC_TYPE_NAME(double, "double")
AOTC_TYPE_NAME(bool, "bool")
AOTC_TYPE_NAME(int8_t, "int8_t")
AOTC_TYPE_NAME(int16_t, "int16_t")
AOTC_TYPE_NAME(int32_t, "int32_t")
AOTC_TYPE_NAME(int64_t, "int64_t")
AOTC_TYPE_NAME(uint8_t, "uint8_t")
AOTC_TYPE_NAME(uint16_t, "uint16_t")
AOTC_TYPE_NAME(uint32_t, "uint32_t")
AOTC_TYPE_NAME(uint64_t, "uint64_t")
AOTC_TYPE_NAME(onnx_aotc::float16, "onnx_aotc::float16")
AOTC_TYPE_NAME(onnx_aotc::bfloat16, "onnx_aotc::bfloat16")
AOTC_TYPE_NAME(onnx_aotc::float8e4m3fn, "onnx_aotc::float8e4m3fn")
AOTC_TYPE_NAME(onnx_aotc::float8e4m3fnuz, "onnx_aotc::float8e4m3fnuz")
AOTC_TYPE_NAME(onnx_aotc::float8e5m2, "onnx_aotc::float8e5m2")
AOTC_TYPE_NAME(onnx_aotc::float8e5m2fnuz, "onnx_aotc::float8e5m2fnuz")
AOTC_TYPE_NAME(onnx_aotc::float8e8m0, "onnx_aotc::float8e8m0")
AOTC_TYPE_NAME(onnx_aotc::float4e2m1, "onnx_aotc::float4e2m1")
AOTC_TYPE_NAME(onnx_aotc::int4, "onnx_aotc::int4")
AOTC_TYPE_NAME(onnx_aotc::uint4, "onnx_aotc::uint4")
AOTC_TYPE_NAME(onnx_aotc::int2, "onnx_aotc::int2")
AOTC_TYPE_NAME(onnx_aotc::uint2, "onnx_aotc::uint2")
AOTC_TYPE_NAME(onnx_aotc_string, "onnx_aotc_string")
#undef AOTC_TYPE_NAME

// ---- printing parameter structs -----------------------------------------------------------------

/// Prints a field as a C++ constant expression that reproduces the value exactly.
struct LiteralPrinter {
  std::string out;
  bool first = true;

  void separator() {
    if (!first) out += ", ";
    first = false;
  }
  void operator()(bool v) { separator(); out += v ? "true" : "false"; }
  void operator()(float v) { separator(); out += float_literal(v, "f"); }
  void operator()(double v) { separator(); out += float_literal(v, ""); }
  void operator()(const onnx_aotc::Dims& v) {
    separator();
    out += fmt::format("{{{}, {{", v.rank);
    for (int i = 0; i < v.rank; ++i) out += fmt::format("{}{}", i ? ", " : "", integer_literal(v.d[i]));
    out += "}}";
  }
  template <typename T>
  void operator()(const T& v) {
    separator();
    static_assert(!std::is_enum_v<T>, "kernel parameters spell modes as integers, not enums");
    if constexpr (std::is_integral_v<T>) {
      out += integer_literal(static_cast<long long>(v));
    } else {
      LiteralPrinter nested;
      reflection::for_each_field(v, nested);
      out += "{" + nested.out + "}";
    }
  }

  static std::string integer_literal(long long v) {
    // INT64_MIN cannot be written as a negated literal.
    if (v == std::numeric_limits<long long>::min()) return "(-9223372036854775807LL - 1)";
    return fmt::format("{}LL", v);
  }
  template <typename F>
  static std::string float_literal(F v, const char* suffix) {
    if (std::isnan(v)) return fmt::format("static_cast<{}>(__builtin_nan(\"\"))", sizeof(F) == 4 ? "float" : "double");
    if (std::isinf(v)) return fmt::format("{}static_cast<{}>(__builtin_inf())", v < 0 ? "-" : "", sizeof(F) == 4 ? "float" : "double");
    return fmt::format("{:a}{}", v, suffix);  // hex float: exact and locale-independent
  }
};

template <typename P>
std::string params_literal(const P& params) {
  LiteralPrinter printer;
  reflection::for_each_field(params, printer);
  return "{" + printer.out + "}";
}

// ---- binding a kernel ----------------------------------------------------------------------------

namespace detail {

template <typename Arg>
struct OperandArg;  // converts the pointers of one operand to the kernel's argument type
template <typename T>
struct OperandArg<const T*> {
  const T* value;
  explicit OperandArg(const std::vector<void*>& ptrs) : value(static_cast<const T*>(ptrs[0])) {}
  const T* get() const { return value; }
};
template <typename T>
struct OperandArg<T*> {
  T* value;
  explicit OperandArg(const std::vector<void*>& ptrs) : value(static_cast<T*>(ptrs[0])) {}
  T* get() const { return value; }
};
template <typename T>
struct OperandArg<const T* const*> {
  std::vector<const T*> values;
  explicit OperandArg(const std::vector<void*>& ptrs) {
    for (void* p : ptrs) values.push_back(static_cast<const T*>(p));
  }
  const T* const* get() const { return values.data(); }
};

template <typename T>
struct OperandArg<T* const*> {
  std::vector<T*> values;
  explicit OperandArg(const std::vector<void*>& ptrs) {
    for (void* p : ptrs) values.push_back(static_cast<T*>(p));
  }
  T* const* get() const { return values.data(); }
};

template <typename Arg>
const char* element_type_name() {
  using Pointee = std::remove_cv_t<std::remove_pointer_t<std::remove_cv_t<std::remove_pointer_t<Arg>>>>;
  if constexpr (std::is_pointer_v<std::remove_cv_t<std::remove_pointer_t<Arg>>>) return cpp_type_name<Pointee>();
  else return cpp_type_name<std::remove_cv_t<std::remove_pointer_t<Arg>>>();
}

template <typename P, typename... Args, size_t... I>
void invoke(void (*fn)(const P&, Args...), const P& params, const OperandPointers& ptrs, std::index_sequence<I...>) {
  std::tuple<OperandArg<Args>...> args{OperandArg<Args>(ptrs[I])...};
  fn(params, std::get<I>(args).get()...);
}

}  // namespace detail

/// Names a reference kernel together with its C++ spelling: AOTC_KERNEL(gemm, T) for
/// onnx_aotc::ref::gemm<T>, declared in onnx_aotc/ref/gemm.h.
#define AOTC_KERNEL(name, ...) \
  ::aotc::KernelRef{#name, ::aotc::template_arguments<__VA_ARGS__>(), &::onnx_aotc::ref::name<__VA_ARGS__>}

/// Same, for a kernel that is not a template (it handles one element type): AOTC_PLAIN_KERNEL(string_concat).
#define AOTC_PLAIN_KERNEL(name) ::aotc::KernelRef{#name, std::string(), &::onnx_aotc::ref::name}

template <typename... T>
std::string template_arguments() {
  std::vector<std::string> names{cpp_type_name<T>()...};
  return "<" + fmt::format("{}", fmt::join(names, ", ")) + ">";
}

template <typename Fn>
struct KernelRef {
  const char* name;
  std::string template_args;
  Fn fn;
};
template <typename Fn>
KernelRef(const char*, std::string, Fn) -> KernelRef<Fn>;

/// Builds the call of `kernel` with `params` on `operands` (inputs and outputs in kernel order).
template <typename P, typename... Args>
KernelCall make_call(KernelRef<void (*)(const P&, Args...)> kernel, const P& params, std::vector<KernelOperand> operands,
                     const char* header = nullptr) {
  static_assert(std::is_trivially_copyable_v<P>, "kernel parameters must be a plain aggregate");
  if (operands.size() != sizeof...(Args))
    throw std::logic_error(fmt::format("kernel {} takes {} operands, given {}", kernel.name, sizeof...(Args), operands.size()));
  KernelCall call;
  call.header = fmt::format("onnx_aotc/ref/{}.h", header ? header : kernel.name);
  call.function = fmt::format("onnx_aotc::ref::{}{}", kernel.name, kernel.template_args);
  call.params_literal = params_literal(params);
  call.operands = std::move(operands);
  call.operand_types = {detail::element_type_name<Args>()...};
  auto fn = kernel.fn;
  call.evaluate = [fn, params](const OperandPointers& ptrs) {
    detail::invoke(fn, params, ptrs, std::index_sequence_for<Args...>{});
  };
  return call;
}

/// A call of a control-flow kernel (If, Loop, Scan), which takes subgraph bodies and so cannot be bound
/// to a function pointer for folding: the op must not be foldable.
template <typename P>
KernelCall make_region_call(const char* header, const char* function, const P& params, std::vector<KernelOperand> operands,
                            std::vector<std::string> operand_types) {
  static_assert(std::is_trivially_copyable_v<P>, "kernel parameters must be a plain aggregate");
  KernelCall call;
  call.header = fmt::format("onnx_aotc/ref/{}.h", header);
  call.function = fmt::format("onnx_aotc::ref::{}", function);
  call.params_literal = params_literal(params);
  call.operands = std::move(operands);
  call.operand_types = std::move(operand_types);
  return call;
}

}  // namespace aotc
