// SPDX-License-Identifier: Apache-2.0
// Transpose: permutes axes (default: reverses them).
#include <onnx_aotc/ref/data_movement.h>

#include <set>

#include "ops/op_def.h"

namespace aotc {
namespace {

std::vector<int64_t> permutation(const OpContext& ctx) {
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  std::vector<int64_t> perm = ctx.attr_ints("perm");
  if (perm.empty())
    for (int64_t i = rank - 1; i >= 0; --i) perm.push_back(i);
  if (static_cast<int64_t>(perm.size()) != rank) ctx.error("perm has {} entries for rank {}", perm.size(), rank);
  std::set<int64_t> seen;
  for (auto& p : perm) {
    p = normalize_axis(ctx, p, rank, "perm entry");
    if (!seen.insert(p).second) ctx.error("perm repeats axis {}", p);
  }
  return perm;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& in = ctx.input(0).shape;
  Shape out;
  for (int64_t p : permutation(ctx)) out.push_back(in[p]);
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const auto perm = permutation(ctx);
  const onnx_aotc::Dims in_strides = onnx_aotc::strides_of(to_dims(ctx.input(0).shape));
  onnx_aotc::ref::TransposeParams p{to_dims(ctx.output(0).shape), {static_cast<int32_t>(perm.size()), {}}};
  for (size_t i = 0; i < perm.size(); ++i) p.in_strides.d[i] = in_strides.d[perm[i]];
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(transpose, T), p, {ctx.in(0), ctx.out(0)}, "data_movement");
  });
}

}  // namespace

const OpDef& op_Transpose() {
  // Moving only axes of extent 1 keeps every element where it was.
  auto forwards_input = [](const OpContext& ctx) {
    int64_t last = -1;
    for (int64_t p : permutation(ctx)) {
      if (ctx.input(0).shape[static_cast<size_t>(p)] == 1) continue;
      if (p < last) return false;
      last = p;
    }
    return true;
  };
  static const OpDef def{"", "Transpose", {attr_ints("perm")}, {}, infer, lower, forwards_input};
  return def;
}

}  // namespace aotc
