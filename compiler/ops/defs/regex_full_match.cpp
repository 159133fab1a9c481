// SPDX-License-Identifier: Apache-2.0
// RegexFullMatch (opset 20): whether each string of X matches the RE2 pattern as a whole. The pattern
// is compiled here, once, into an NFA program (ops/defs/regex.h) that the kernel runs in linear time.
#include <onnx_aotc/ref/regex_full_match.h>

#include "ops/defs/regex.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

/// The pattern's program; an invalid pattern is reported as an error in the model, a valid RE2
/// construct we do not implement as unsupported, both with the byte offset in the pattern.
regex::Program compile_pattern(const OpContext& ctx) {
  const std::string pattern = ctx.attr_string("pattern");
  try {
    return regex::compile(pattern);
  } catch (const regex::RegexError& e) {
    const std::string where =
        e.offset == regex::RegexError::kWholePattern ? std::string() : fmt::format(" at byte {}", e.offset);
    if (e.unsupported) ctx.unsupported("pattern \"{}\"{}: {}", pattern, where, e.what());
    ctx.error("invalid pattern \"{}\"{}: {}", pattern, where, e.what());
  }
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Value& x = ctx.input(0);
  if (x.type != DataType::kString) ctx.error("input X must be a string tensor, not {}", data_type_name(x.type));
  compile_pattern(ctx);
  ctx.set_output(0, DataType::kBool, x.shape);
}

KernelCall lower(OpContext& ctx) {
  regex::Program program = compile_pattern(ctx);
  const onnx_aotc::ref::RegexFullMatchParams p{ctx.input(0).numel(), program.instructions,
                                               static_cast<int64_t>(program.words.size())};
  const auto scratch = static_cast<size_t>(onnx_aotc::ref::regex_full_match_scratch_bytes(program.instructions));
  return make_call(AOTC_PLAIN_KERNEL(regex_full_match), p,
                   {ctx.in(0), KernelOperand::literal_array(std::move(program.words)), KernelOperand::scratch(scratch),
                    ctx.out(0)});
}

}  // namespace

const OpDef& op_RegexFullMatch() {
  static const OpDef def{"", "RegexFullMatch", {required(attr_string("pattern"))}, {true, false, false, true}, infer, lower};
  return def;
}

}  // namespace aotc
