// SPDX-License-Identifier: Apache-2.0
// MatMulInteger and QLinearMatMul: numpy matmul on quantized operands with per-tensor or per-row/column
// zero points (and scales).
#include <onnx_aotc/ref/mat_mul_integer.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct Geometry {
  Shape a, b, batch, out;
};

Geometry geometry(const OpContext& ctx, size_t ia, size_t ib) {
  Geometry g{ctx.input(ia).shape, ctx.input(ib).shape, {}, {}};
  if (g.a.empty() || g.b.empty()) ctx.error("matrix operands must have rank 1 or more");
  const bool a_vector = g.a.size() == 1, b_vector = g.b.size() == 1;
  if (a_vector) g.a.insert(g.a.begin(), 1);
  if (b_vector) g.b.push_back(1);
  if (g.b[g.b.size() - 2] != g.a.back())
    ctx.error("inner dimensions differ: {} x {}", shape_to_string(ctx.input(ia).shape), shape_to_string(ctx.input(ib).shape));
  g.batch = broadcast_shapes(ctx, {Shape(g.a.begin(), g.a.end() - 2), Shape(g.b.begin(), g.b.end() - 2)});
  g.out = g.batch;
  if (!a_vector) g.out.push_back(g.a[g.a.size() - 2]);
  if (!b_vector) g.out.push_back(g.b.back());
  return g;
}

onnx_aotc::Dims batch_strides(const Shape& operand, const Shape& batch) {
  const Shape operand_batch(operand.begin(), operand.end() - 2);
  const int64_t matrix = operand[operand.size() - 1] * operand[operand.size() - 2];
  onnx_aotc::Dims s = onnx_aotc::broadcast_strides(to_dims(operand_batch), to_dims(batch));
  for (int i = 0; i < s.rank; ++i) s.d[i] *= matrix;
  return s;
}

/// 0 for a per-tensor quantization parameter (one element), 1 for one per row/column (`count` elements).
int64_t param_stride(const OpContext& ctx, size_t i, int64_t count, const char* what) {
  if (!ctx.has_input(i)) return 0;
  const int64_t n = ctx.input(i).numel();
  if (n == 1) return 0;
  if (n == count) return 1;
  ctx.error("{} ('{}') has shape {}; expected one element or {} ({})", what, ctx.input(i).name,
            shape_to_string(ctx.input(i).shape), count, std::string(what).find("a_") == 0 ? "one per row of A" : "one per column of B");
}

onnx_aotc::ref::QuantizedMatMulParams params(const OpContext& ctx, size_t ia, size_t ib, size_t azp, size_t bzp,
                                             size_t as, size_t bs) {
  const Geometry g = geometry(ctx, ia, ib);
  const int64_t m = g.a[g.a.size() - 2], n = g.b.back();
  onnx_aotc::ref::QuantizedMatMulParams p{{m, n, g.a.back(), to_dims(g.batch), batch_strides(g.a, g.batch), batch_strides(g.b, g.batch)},
                                          param_stride(ctx, azp, m, "a_zero_point"), param_stride(ctx, bzp, n, "b_zero_point"),
                                          0, 0};
  if (as != bzp) {
    p.a_scale_row_stride = param_stride(ctx, as, m, "a_scale");
    p.b_scale_col_stride = param_stride(ctx, bs, n, "b_scale");
  }
  return p;
}

using Int8Types = TypeList<int8_t, uint8_t>;

void infer_mat_mul_integer(OpContext& ctx) {
  ctx.expect_inputs(2, 4);
  ctx.expect_same_type({2}, 0);
  ctx.expect_same_type({3}, 1);
  const Geometry g = geometry(ctx, 0, 1);
  params(ctx, 0, 1, 2, 3, 3, 3);
  ctx.set_output(0, DataType::kInt32, g.out);
}

KernelCall lower_mat_mul_integer(OpContext& ctx) {
  const auto p = params(ctx, 0, 1, 2, 3, 3, 3);
  return dispatch(Int8Types{}, ctx.input(0).type, ctx, [&](auto at) {
    using A = typename decltype(at)::type;
    return dispatch(Int8Types{}, ctx.input(1).type, ctx, [&](auto bt) {
      using B = typename decltype(bt)::type;
      return make_call(AOTC_KERNEL(mat_mul_integer, A, B), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.out(0)});
    });
  });
}

void infer_qlinear_mat_mul(OpContext& ctx) {
  ctx.expect_inputs(8, 8);
  ctx.expect_same_type({2}, 0);
  ctx.expect_same_type({5}, 3);
  ctx.expect_same_type({4, 6}, 1);
  if (ctx.input(7).numel() != 1 || ctx.input(6).numel() != 1) ctx.error("y_scale and y_zero_point must be scalars");
  const Geometry g = geometry(ctx, 0, 3);
  params(ctx, 0, 3, 2, 5, 1, 4);
  ctx.set_output(0, ctx.input(7).type, g.out);
}

KernelCall lower_qlinear_mat_mul(OpContext& ctx) {
  const auto p = params(ctx, 0, 3, 2, 5, 1, 4);
  using STypes = TypeList<float, onnx_aotc::float16, onnx_aotc::bfloat16>;
  const std::vector<KernelOperand> ops = {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4),
                                          ctx.in(5), ctx.in(6), ctx.in(7), ctx.out(0)};
  const DataType ta = ctx.input(0).type, tb = ctx.input(3).type, ty = ctx.input(7).type;
  auto is8 = [](DataType t) { return t == DataType::kInt8 || t == DataType::kUint8; };
  return dispatch(STypes{}, ctx.input(1).type, ctx, [&](auto st) {
    using S = typename decltype(st)::type;
    if (is8(ta) && is8(tb) && is8(ty)) {
      // Any mix of int8 and uint8 operands.
      return dispatch(Int8Types{}, ta, ctx, [&](auto at) {
        using A = typename decltype(at)::type;
        return dispatch(Int8Types{}, tb, ctx, [&](auto bt) {
          using B = typename decltype(bt)::type;
          return dispatch(Int8Types{}, ty, ctx, [&](auto yt) {
            using Y = typename decltype(yt)::type;
            return make_call(AOTC_KERNEL(qlinear_mat_mul, A, B, S, Y), p, ops, "mat_mul_integer");
          });
        });
      });
    }
    // float8: one type for a, b and y (mixed float8 types are not instantiated).
    if (ta != tb || ta != ty) ctx.unsupported("QLinearMatMul mixing {}, {} and {}", data_type_name(ta), data_type_name(tb), data_type_name(ty));
    return dispatch(Float8Types{}, ta, ctx, [&](auto qt) {
      using Q = typename decltype(qt)::type;
      return make_call(AOTC_KERNEL(qlinear_mat_mul, Q, Q, S, Q), p, ops, "mat_mul_integer");
    });
  });
}

}  // namespace

const OpDef& op_MatMulInteger() {
  static const OpDef def{"", "MatMulInteger", {}, {}, infer_mat_mul_integer, lower_mat_mul_integer};
  return def;
}

const OpDef& op_QLinearMatMul() {
  static const OpDef def{"", "QLinearMatMul", {}, {}, infer_qlinear_mat_mul, lower_qlinear_mat_mul};
  return def;
}

}  // namespace aotc
