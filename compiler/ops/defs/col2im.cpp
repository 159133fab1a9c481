// SPDX-License-Identifier: Apache-2.0
// Col2Im: the constant image_shape and block_shape inputs determine the output shape.
#include <onnx_aotc/ref/col2im.h>

#include "ops/defs/shape_inputs.h"

namespace aotc {
namespace {

onnx_aotc::ref::Col2ImParams geometry(const OpContext& ctx, Shape* out) {
  require_constant_inputs(ctx, {1, 2});
  const auto image = ctx.constant_ints(1), block = ctx.constant_ints(2);
  const Shape& x = ctx.input(0).shape;
  const size_t n = image.size();
  if (n < 1 || block.size() != n) ctx.error("image_shape ({} entries) and block_shape ({} entries) must have the same nonzero length", n, block.size());
  if (x.size() != 3) ctx.error("input has rank {}; needs [N, C * prod(block_shape), L]", x.size());
  auto per_dim = [&](const char* name, int64_t fill) {
    std::vector<int64_t> v = ctx.attr_ints(name);
    if (v.empty()) v.assign(std::string(name) == "pads" ? 2 * n : n, fill);
    if (v.size() != (std::string(name) == "pads" ? 2 * n : n)) ctx.error("{} has {} entries for {} spatial dims", name, v.size(), n);
    return v;
  };
  const auto dilations = per_dim("dilations", 1), pads = per_dim("pads", 0), strides = per_dim("strides", 1);
  // The constants and attributes may be INT64_MAX: the sums and products that can overflow are checked.
  int64_t block_size = 1, blocks = 1;
  Shape cols(n);
  for (size_t i = 0; i < n; ++i) {
    if (block[i] < 1 || image[i] < 1 || strides[i] < 1 || dilations[i] < 1) ctx.error("image_shape, block_shape, strides and dilations must be positive");
    if (pads[i] < 0 || pads[i + n] < 0) ctx.error("pads must not be negative");
    block_size = checked_mul(ctx, block_size, block[i], "block size");
    const int64_t padded = checked_add(ctx, checked_add(ctx, image[i], pads[i], "padded image"), pads[i + n], "padded image");
    const int64_t window = checked_mul(ctx, dilations[i], block[i] - 1, "dilated block size");
    cols[i] = (padded - window - 1) / strides[i] + 1;
    if (cols[i] < 1) ctx.error("no block fits spatial dim {}", i);
    blocks = checked_mul(ctx, blocks, cols[i], "block count");
  }
  if (x[1] % block_size != 0) ctx.error("input channels {} are not divisible by the block size {}", x[1], block_size);
  if (blocks != x[2]) ctx.error("input has {} blocks but the geometry gives {}", x[2], blocks);
  if (out) {
    *out = {x[0], x[1] / block_size};
    out->insert(out->end(), image.begin(), image.end());
  }
  return {x[0], x[1] / block_size, to_dims(image), to_dims(block), to_dims(cols), to_dims(strides), to_dims(dilations),
          to_dims(Shape(pads.begin(), pads.begin() + static_cast<int64_t>(n)))};
}

void infer(OpContext& ctx) {
  ctx.expect_inputs(3, 3);
  Shape out;
  geometry(ctx, &out);
  ctx.set_output(0, ctx.input(0).type, out);
}

KernelCall lower(OpContext& ctx) {
  const auto p = geometry(ctx, nullptr);
  return dispatch(NumericTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(col2im, T), p, {ctx.in(0), ctx.out(0)});
  });
}

}  // namespace

const OpDef& op_Col2Im() {
  static const OpDef def{"", "Col2Im", {attr_ints("dilations"), attr_ints("pads"), attr_ints("strides")}, {}, infer, lower};
  return def;
}

}  // namespace aotc
