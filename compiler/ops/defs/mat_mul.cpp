// SPDX-License-Identifier: Apache-2.0
// MatMul with numpy semantics: 1-D operands are promoted, batch dimensions broadcast.
#include <onnx_aotc/cpu/mat_mul.h>
#include <onnx_aotc/ref/mat_mul.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct MatMulShapes {
  Shape a, b;  ///< operands with 1-D promoted to matrices
  Shape batch; ///< broadcast batch shape
  Shape out;   ///< ONNX output shape (promoted dims removed)
};

MatMulShapes matmul_shapes(const OpContext& ctx) {
  MatMulShapes s{ctx.input(0).shape, ctx.input(1).shape, {}, {}};
  if (s.a.empty() || s.b.empty()) ctx.error("MatMul operands must have rank 1 or more");
  const bool a_vector = s.a.size() == 1, b_vector = s.b.size() == 1;
  if (a_vector) s.a.insert(s.a.begin(), 1);
  if (b_vector) s.b.push_back(1);
  const int64_t k = s.a.back();
  if (s.b[s.b.size() - 2] != k) ctx.error("inner dimensions differ: {} x {}", shape_to_string(ctx.input(0).shape), shape_to_string(ctx.input(1).shape));
  s.batch = broadcast_shapes(ctx, {Shape(s.a.begin(), s.a.end() - 2), Shape(s.b.begin(), s.b.end() - 2)});
  s.out = s.batch;
  if (!a_vector) s.out.push_back(s.a[s.a.size() - 2]);
  if (!b_vector) s.out.push_back(s.b.back());
  return s;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  ctx.expect_same_type({1});
  ctx.set_output(0, ctx.input(0).type, matmul_shapes(ctx).out);
}

/// Strides of one operand's matrices along the broadcast batch shape.
onnx_aotc::Dims batch_strides(const Shape& operand, const Shape& batch) {
  const Shape operand_batch(operand.begin(), operand.end() - 2);
  const int64_t matrix = operand[operand.size() - 1] * operand[operand.size() - 2];
  onnx_aotc::Dims s = onnx_aotc::broadcast_strides(to_dims(operand_batch), to_dims(batch));
  for (int i = 0; i < s.rank; ++i) s.d[i] *= matrix;
  return s;
}

/// The CPU provider's kernel in place of the reference `call`: the same parameters and operands plus the GEMM
/// workspace, for float and double (other types keep the reference kernel). Folding still runs the reference.
KernelCall cpu_mat_mul_call(const OpContext& ctx, KernelCall call, const onnx_aotc::ref::MatMulParams& p) {
  const DataType type = ctx.input(0).type;
  if (ctx.provider() != Provider::kCpu || (type != DataType::kFloat && type != DataType::kDouble)) return call;
  call.header = "onnx_aotc/cpu/mat_mul.h";
  call.function = fmt::format("onnx_aotc::cpu::mat_mul<{}>", type == DataType::kFloat ? "float" : "double");
  const int64_t bytes = onnx_aotc::cpu::mat_mul_workspace_bytes(p, static_cast<int64_t>(data_type_size(type)));
  call.operands.push_back(KernelOperand::scratch(static_cast<size_t>(bytes)));
  call.operand_types.push_back("unsigned char");
  call.evaluate = [ref = std::move(call.evaluate)](const OperandPointers& ptrs) { ref(OperandPointers(ptrs.begin(), ptrs.end() - 1)); };
  return call;
}

KernelCall lower(OpContext& ctx) {
  const MatMulShapes s = matmul_shapes(ctx);
  const onnx_aotc::ref::MatMulParams p{s.a[s.a.size() - 2], s.b.back(), s.a.back(), to_dims(s.batch),
                                       batch_strides(s.a, s.batch), batch_strides(s.b, s.batch)};
  using MatMulTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int32_t, int64_t, uint32_t, uint64_t>;
  return dispatch(MatMulTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return cpu_mat_mul_call(ctx, make_call(AOTC_KERNEL(mat_mul, T), p, {ctx.in(0), ctx.in(1), ctx.out(0)}), p);
  });
}

}  // namespace

const OpDef& op_MatMul() {
  static const OpDef def{"", "MatMul", {}, {}, infer, lower};
  return def;
}

}  // namespace aotc
