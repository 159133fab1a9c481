// SPDX-License-Identifier: Apache-2.0
// Gemm: Y = alpha * op(A) * op(B) + beta * C.
#include <onnx_aotc/cpu/gemm.h>
#include <onnx_aotc/ref/fused.h>
#include <onnx_aotc/ref/gemm.h>

#include "ops/defs/epilogue.h"
#include "ops/defs/legacy.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

struct GemmShape {
  int64_t m, n, k;
};

GemmShape gemm_shape(const OpContext& ctx) {
  const Shape& a = ctx.input(0).shape;
  const Shape& b = ctx.input(1).shape;
  if (a.size() != 2 || b.size() != 2) ctx.error("A {} and B {} must be matrices", shape_to_string(a), shape_to_string(b));
  const bool ta = ctx.attr_int("transA") != 0, tb = ctx.attr_int("transB") != 0;
  const GemmShape s{ta ? a[1] : a[0], tb ? b[0] : b[1], ta ? a[0] : a[1]};
  const int64_t kb = tb ? b[1] : b[0];
  if (kb != s.k) ctx.error("inner dimensions differ: op(A) is {}x{} but op(B) is {}x{} (transA={}, transB={})", s.m, s.k, kb, s.n, ta, tb);
  return s;
}

/// Gemm-7+ (and FusedGemm): C broadcasts unidirectionally to [M, N].
void infer_product(OpContext& ctx) {
  const GemmShape s = gemm_shape(ctx);
  if (ctx.has_input(2)) {
    const Shape out = broadcast_shapes(ctx, {ctx.input(2).shape, {s.m, s.n}});
    if (out != Shape{s.m, s.n}) ctx.error("C {} cannot be broadcast to [{},{}]", shape_to_string(ctx.input(2).shape), s.m, s.n);
  }
  ctx.set_output(0, ctx.input(0).type, {s.m, s.n});
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  ctx.expect_same_type({1, 2});
  reject_removed_attrs(ctx, 7, {"broadcast"});
  const GemmShape s = gemm_shape(ctx);
  // Gemm-1/6 broadcast C to [M, N] only with broadcast=1.
  if (ctx.has_input(2) && ctx.opset() < 7 && ctx.attr_int("broadcast") == 0 && ctx.input(2).shape != Shape{s.m, s.n})
    ctx.error("C {} is not [{},{}] and broadcast=0 (opset {} broadcasts C only with broadcast=1)",
              shape_to_string(ctx.input(2).shape), s.m, s.n, ctx.opset());
  infer_product(ctx);
}

onnx_aotc::ref::GemmParams gemm_params(const OpContext& ctx) {
  const GemmShape s = gemm_shape(ctx);
  int64_t c_row = 0, c_col = 0;
  if (ctx.has_input(2)) {
    const auto strides = onnx_aotc::broadcast_strides(to_dims(ctx.input(2).shape), to_dims({s.m, s.n}));
    c_row = strides.d[0];
    c_col = strides.d[1];
  }
  return {s.m, s.n, s.k, ctx.attr_int("transA") != 0, ctx.attr_int("transB") != 0,
          static_cast<float>(ctx.attr_float("alpha")), static_cast<float>(ctx.attr_float("beta")), c_row, c_col};
}

/// The CPU provider's kernel in place of the reference `call`: the same parameters and operands plus the GEMM
/// workspace, for float and double (other types keep the reference kernel). Folding still runs the reference.
KernelCall cpu_gemm_call(const OpContext& ctx, KernelCall call, const char* name, const onnx_aotc::ref::GemmParams& p) {
  const DataType type = ctx.input(0).type;
  if (ctx.provider() != Provider::kCpu || (type != DataType::kFloat && type != DataType::kDouble)) return call;
  call.header = "onnx_aotc/cpu/gemm.h";
  call.function = fmt::format("onnx_aotc::cpu::{}<{}>", name, type == DataType::kFloat ? "float" : "double");
  const int64_t bytes = onnx_aotc::cpu::gemm_workspace_bytes(p.m, p.n, p.k, static_cast<int64_t>(data_type_size(type)));
  call.operands.push_back(KernelOperand::scratch(static_cast<size_t>(bytes)));
  call.operand_types.push_back("unsigned char");
  call.evaluate = [ref = std::move(call.evaluate)](const OperandPointers& ptrs) { ref(OperandPointers(ptrs.begin(), ptrs.end() - 1)); };
  return call;
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::ref::GemmParams p = gemm_params(ctx);
  using GemmTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int32_t, int64_t, uint32_t, uint64_t>;
  return dispatch(GemmTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return cpu_gemm_call(ctx, make_call(AOTC_KERNEL(gemm, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}), "gemm", p);
  });
}

/// FusedGemm: Gemm, then the activation.
void infer_fused(OpContext& ctx) {
  ctx.expect_inputs(2, 3);
  ctx.expect_same_type({1, 2});
  infer_product(ctx);
  epilogue_of(ctx);
}

KernelCall lower_fused(OpContext& ctx) {
  const onnx_aotc::ref::FusedGemmParams p{gemm_params(ctx), epilogue_of(ctx)};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return cpu_gemm_call(ctx, make_call(AOTC_KERNEL(fused_gemm, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)}, "fused"),
                         "fused_gemm", p.gemm);
  });
}

}  // namespace

const OpDef& op_FusedGemm() {
  static const OpDef def = [] {
    OpDef d{kFusedDomain, "FusedGemm",
            {attr_float("alpha", 1.0), attr_float("beta", 1.0), attr_int("transA", 0), attr_int("transB", 0)}, {}, infer_fused,
            lower_fused};
    for (AttrSpec& spec : epilogue_attributes()) d.attributes.push_back(std::move(spec));
    return d;
  }();
  return def;
}

const OpDef& op_Gemm() {
  static const OpDef def{"", "Gemm",
                         {attr_float("alpha", 1.0), attr_float("beta", 1.0), attr_int("transA", 0), attr_int("transB", 0),
                          attr_int("broadcast", 0)},
                         {}, infer, lower};
  return def;
}

}  // namespace aotc
