// SPDX-License-Identifier: Apache-2.0
// Range: the constant scalars start/limit/delta determine the output length.
#include <onnx_aotc/ref/range.h>

#include <cmath>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

using RangeTypes = TypeList<float, double, onnx_aotc::float16, onnx_aotc::bfloat16, int16_t, int32_t, int64_t>;

int64_t range_count(const OpContext& ctx) {
  require_constant_inputs(ctx, {0, 1, 2});
  for (size_t i = 0; i < 3; ++i)
    if (ctx.input(i).numel() != 1) ctx.error("input {} must be a scalar, has shape {}", i, shape_to_string(ctx.input(i).shape));
  const DataType type = ctx.input(0).type;
  if (type == DataType::kInt64 || type == DataType::kInt32 || type == DataType::kInt16) {
    const int64_t s = constant_integers(ctx, 0)[0], l = constant_integers(ctx, 1)[0], d = constant_integers(ctx, 2)[0];
    if (d == 0) ctx.error("delta is zero");
    if (d > 0 ? l <= s : l >= s) return 0;
    // |l - s| and |d| as unsigned magnitudes (exact under modular arithmetic), then a ceiling division.
    const uint64_t span = d > 0 ? static_cast<uint64_t>(l) - static_cast<uint64_t>(s) : static_cast<uint64_t>(s) - static_cast<uint64_t>(l);
    const uint64_t step = d > 0 ? static_cast<uint64_t>(d) : uint64_t{0} - static_cast<uint64_t>(d);
    const uint64_t n = span / step + (span % step != 0 ? 1 : 0);
    if (n > static_cast<uint64_t>(INT64_MAX)) ctx.error("range has too many elements");
    return static_cast<int64_t>(n);
  }
  const double s = constant_doubles(ctx, 0)[0], l = constant_doubles(ctx, 1)[0], d = constant_doubles(ctx, 2)[0];
  if (d == 0) ctx.error("delta is zero");
  if (!std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d)) ctx.error("start, limit and delta must be finite");
  const double n = std::ceil((l - s) / d);
  if (n > 1e15) ctx.error("range has too many elements ({})", n);
  return n < 0 ? 0 : static_cast<int64_t>(n);
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  ctx.expect_same_type({1, 2});
  dispatch(RangeTypes{}, ctx.input(0).type, ctx, [](auto) { return 0; });
  ctx.set_output(0, ctx.input(0).type, {range_count(ctx)});
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::ref::RangeParams p{ctx.output(0).shape[0]};
  return dispatch(RangeTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(range, T), p, {ctx.in(0), ctx.in(2), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Range() {
  static const OpDef def{"", "Range", {}, {}, infer, lower};
  return def;
}

}  // namespace aotc
