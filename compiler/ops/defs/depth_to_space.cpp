// SPDX-License-Identifier: Apache-2.0
// DepthToSpace (DCR/CRD) and SpaceToDepth: a reshape to 6-D, a transpose, a reshape back; lowered to the
// Transpose kernel over the 6-D view.
#include <onnx_aotc/ref/data_movement.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct View6 {
  Shape in6;     // input viewed as 6-D
  Shape perm;    // transpose of the view
  Shape out;     // final output shape
};

View6 view_of(const OpContext& ctx, bool depth_to_space) {
  const Shape& x = ctx.input(0).shape;
  if (x.size() != 4) ctx.error("input has rank {}; needs [N, C, H, W]", x.size());
  const int64_t bs = ctx.attr_int("blocksize");
  if (bs < 1) ctx.error("blocksize {} must be positive", bs);
  const int64_t n = x[0], c = x[1], h = x[2], w = x[3];
  const int64_t bs2 = checked_mul(ctx, bs, bs, "blocksize^2");
  if (depth_to_space) {
    if (c % bs2 != 0) ctx.error("channels {} are not divisible by blocksize^2 = {}", c, bs2);
    const std::string mode = ctx.attr_string("mode");
    const int64_t c2 = c / bs2;
    const int64_t oh = checked_mul(ctx, h, bs, "output height"), ow = checked_mul(ctx, w, bs, "output width");
    if (mode == "DCR") return {{n, bs, bs, c2, h, w}, {0, 3, 4, 1, 5, 2}, {n, c2, oh, ow}};
    if (mode == "CRD") return {{n, c2, bs, bs, h, w}, {0, 1, 4, 2, 5, 3}, {n, c2, oh, ow}};
    ctx.error("mode '{}' must be DCR or CRD", mode);
  }
  if (h % bs != 0 || w % bs != 0) ctx.error("spatial size {}x{} is not divisible by blocksize {}", h, w, bs);
  return {{n, c, h / bs, bs, w / bs, bs}, {0, 3, 5, 1, 2, 4}, {n, checked_mul(ctx, c, bs2, "output channels"), h / bs, w / bs}};
}

template <bool kDepthToSpace>
void infer(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, ctx.input(0).type, view_of(ctx, kDepthToSpace).out);
}

template <bool kDepthToSpace>
KernelCall lower(OpContext& ctx) {
  const View6 v = view_of(ctx, kDepthToSpace);
  const onnx_aotc::Dims strides = onnx_aotc::strides_of(to_dims(v.in6));
  onnx_aotc::ref::TransposeParams p{{6, {}}, {6, {}}};
  for (int i = 0; i < 6; ++i) {
    p.out.d[i] = v.in6[v.perm[i]];
    p.in_strides.d[i] = strides.d[v.perm[i]];
  }
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(transpose, T), p, {ctx.in(0), ctx.out(0)}, "data_movement");
  });
}

}  // namespace

const OpDef& op_DepthToSpace() {
  static const OpDef def{"", "DepthToSpace", {required(attr_int("blocksize")), attr_string("mode", "DCR")}, {}, infer<true>, lower<true>};
  return def;
}

const OpDef& op_SpaceToDepth() {
  static const OpDef def{"", "SpaceToDepth", {required(attr_int("blocksize"))}, {}, infer<false>, lower<false>};
  return def;
}

}  // namespace aotc
