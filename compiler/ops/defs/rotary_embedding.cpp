// SPDX-License-Identifier: Apache-2.0
// RotaryEmbedding (opset 23): rotary positional embeddings over 4-D [B, heads, S, D] or 3-D [B, S, heads*D] input.
#include <onnx_aotc/ref/rotary_embedding.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct RotaryGeometry {
  bool three_d = false;
  int64_t batch = 0, heads = 0, seq = 0, head_size = 0, rotary_dim = 0, max_position = 0;
};

RotaryGeometry geometry(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  RotaryGeometry g;
  if (x.size() == 4) {
    g.batch = x[0];
    g.heads = x[1];
    g.seq = x[2];
    g.head_size = x[3];
  } else if (x.size() == 3) {
    g.three_d = true;
    if (!ctx.has_attr("num_heads")) ctx.error("3-D input needs the attribute 'num_heads'");
    g.heads = ctx.attr_int("num_heads");
    if (g.heads < 1 || x[2] % g.heads != 0) ctx.error("hidden size {} is not a multiple of num_heads {}", x[2], g.heads);
    g.batch = x[0];
    g.seq = x[1];
    g.head_size = x[2] / g.heads;
  } else {
    ctx.error("input has rank {}; RotaryEmbedding needs 3-D or 4-D input", x.size());
  }
  g.rotary_dim = ctx.attr_int("rotary_embedding_dim");
  if (g.rotary_dim == 0) g.rotary_dim = g.head_size;
  if (g.rotary_dim < 0 || g.rotary_dim > g.head_size || g.rotary_dim % 2 != 0)
    ctx.error("rotary_embedding_dim {} must be even and at most the head size {}", g.rotary_dim, g.head_size);
  const Shape& cs = ctx.input(1).shape;
  if (ctx.input(2).shape != cs)
    ctx.error("cos_cache {} and sin_cache {} differ in shape", shape_to_string(cs), shape_to_string(ctx.input(2).shape));
  const int64_t half = g.rotary_dim / 2;
  if (ctx.has_input(3)) {
    if (ctx.input(3).type != DataType::kInt64) ctx.error("position_ids must be int64");
    if (ctx.input(3).shape != Shape{g.batch, g.seq})
      ctx.error("position_ids {} must be [{}, {}]", shape_to_string(ctx.input(3).shape), g.batch, g.seq);
    if (cs.size() != 2 || cs[1] != half)
      ctx.error("with position_ids the caches {} must be [max_position, {}]", shape_to_string(cs), half);
    g.max_position = cs[0];
  } else if (cs != Shape{g.batch, g.seq, half}) {
    ctx.error("without position_ids the caches {} must be [{}, {}, {}]", shape_to_string(cs), g.batch, g.seq, half);
  }
  return g;
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 4);
  ctx.expect_same_type({1, 2});
  const DataType t = ctx.input(0).type;
  if (t != DataType::kFloat && t != DataType::kFloat16 && t != DataType::kBFloat16)
    ctx.error("element type {} is not float, float16 or bfloat16", data_type_name(t));
  geometry(ctx);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower(OpContext& ctx) {
  const RotaryGeometry g = geometry(ctx);
  const Shape strides = g.three_d ? Shape{g.seq * g.heads * g.head_size, g.head_size, g.heads * g.head_size}
                                  : Shape{g.heads * g.seq * g.head_size, g.seq * g.head_size, g.head_size};
  const onnx_aotc::ref::RotaryEmbeddingParams p{g.batch, g.heads, g.seq, g.head_size, g.rotary_dim, to_dims(strides),
                                                g.max_position, ctx.attr_int("interleaved") != 0};
  return dispatch(TypeList<float, onnx_aotc::float16, onnx_aotc::bfloat16>{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(rotary_embedding, T), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_RotaryEmbedding() {
  static const OpDef def{"", "RotaryEmbedding",
                         {attr_int("interleaved", 0), attr_int("num_heads"), attr_int("rotary_embedding_dim", 0)},
                         OpTraits{false, true}, infer, lower};
  return def;
}

}  // namespace aotc
