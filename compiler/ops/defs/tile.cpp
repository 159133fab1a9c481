// SPDX-License-Identifier: Apache-2.0
// Tile: the constant `repeats` input determines the output shape.
#include <onnx_aotc/ref/tile.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

void infer(OpContext& ctx) {
  ctx.expect_inputs(2, 2);
  const Shape& in = ctx.input(0).shape;
  const auto repeats = ctx.constant_ints(1);
  if (repeats.size() != in.size()) ctx.error("repeats has {} entries for an input of rank {}", repeats.size(), in.size());
  Shape out(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (repeats[i] < 0) ctx.error("repeats {} has a negative entry", shape_to_string(repeats));
    out[i] = checked_mul(ctx, in[i], repeats[i], "tiled extent");
  }
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const onnx_aotc::ref::TileParams p{to_dims(ctx.input(0).shape), to_dims(ctx.output(0).shape)};
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(tile, T), p, {ctx.in(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Tile() {
  static const OpDef def{"", "Tile", {}, {}, infer, lower,
                         [](const OpContext&) { return true; }};  // to its own shape: a copy
  return def;
}

}  // namespace aotc
