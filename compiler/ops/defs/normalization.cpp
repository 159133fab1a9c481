// SPDX-License-Identifier: Apache-2.0
// LayerNormalization, RMSNormalization, InstanceNormalization, GroupNormalization, LpNormalization,
// MeanVarianceNormalization and LRN.
#include <onnx_aotc/ref/normalization.h>

#include <set>

#include "ops/defs/epilogue.h"
#include "ops/op_def.h"

namespace aotc {
namespace {

/// The element type named by a stash_type attribute.
DataType stash_type(const OpContext& ctx) {
  const int64_t s = ctx.attr_int("stash_type");
  const auto type = data_type_from_onnx(static_cast<int32_t>(s));
  if (!type || (*type != DataType::kFloat && *type != DataType::kDouble && *type != DataType::kFloat16 &&
                *type != DataType::kBFloat16))
    ctx.error("stash_type {} is not a floating-point element type", s);
  return *type;
}

/// Checks that input i broadcasts unidirectionally to X's shape.
void expect_broadcastable_to_x(const OpContext& ctx, size_t i) {
  const Shape& x = ctx.input(0).shape;
  const Shape& s = ctx.input(i).shape;
  bool ok = s.size() <= x.size();
  for (size_t k = 0; ok && k < s.size(); ++k) {
    const int64_t d = s[s.size() - 1 - k];
    ok = d == 1 || d == x[x.size() - 1 - k];
  }
  if (!ok)
    ctx.error("input {} ('{}') of shape {} does not broadcast to X's shape {}", i, ctx.input(i).name,
              shape_to_string(s), shape_to_string(x));
}

// ---- LayerNormalization / RMSNormalization -----------------------------------------------------------

int64_t layer_axis(const OpContext& ctx) {
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  if (rank == 0) ctx.error("input X must have rank >= 1");
  return normalize_axis(ctx, ctx.attr_int("axis"), rank);
}

void infer_layer(OpContext& ctx, bool rms) {
  if (rms) ctx.expect_inputs(2, 2);
  else ctx.expect_inputs(2, 3);
  ctx.expect_same_type({1, 2});
  const int64_t axis = layer_axis(ctx);
  const DataType stash = stash_type(ctx);
  for (size_t i = 1; i < ctx.num_inputs(); ++i)
    if (ctx.has_input(i)) expect_broadcastable_to_x(ctx, i);
  const Shape& x = ctx.input(0).shape;
  ctx.set_output(0, ctx.input(0).type, x);
  if (rms) {
    if (ctx.num_outputs() > 1) ctx.error("has {} outputs, expects 1", ctx.num_outputs());
    return;
  }
  Shape stats = x;
  for (size_t i = static_cast<size_t>(axis); i < stats.size(); ++i) stats[i] = 1;
  ctx.set_output(1, stash, stats);
  ctx.set_output(2, stash, stats);
}

KernelCall lower_layer(OpContext& ctx, bool rms) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = layer_axis(ctx);
  const onnx_aotc::Dims xd = to_dims(x);
  onnx_aotc::ref::LayerNormalizationParams p{};
  p.x_dims = xd;
  p.scale_strides = onnx_aotc::broadcast_strides(to_dims(ctx.input(1).shape), xd);
  p.bias_strides = ctx.has_input(2) ? onnx_aotc::broadcast_strides(to_dims(ctx.input(2).shape), xd) : onnx_aotc::Dims{xd.rank, {}};
  p.rows = shape_numel(Shape(x.begin(), x.begin() + axis));
  p.row_size = shape_numel(Shape(x.begin() + axis, x.end()));
  p.epsilon = static_cast<float>(ctx.attr_float("epsilon"));
  p.rms = rms;
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(FloatTypes{}, stash_type(ctx), ctx, [&](auto utag) {
      using U = typename decltype(utag)::type;
      if (rms)
        return make_call(AOTC_KERNEL(rms_normalization, T, U), p, {ctx.in(0), ctx.in(1), ctx.out(0)}, "normalization");
      return make_call(AOTC_KERNEL(layer_normalization, T, U), p,
                       {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0), ctx.out(1), ctx.out(2)}, "normalization");
    });
  });
}

// ---- InstanceNormalization / GroupNormalization ----------------------------------------------------

/// Checks X [N, C, ...] and the per-channel (or per-group) Scale and B; returns the number of groups.
int64_t check_grouped(const OpContext& ctx, bool instance) {
  ctx.expect_inputs(3, 3);
  ctx.expect_same_type({1, 2});
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 2) ctx.error("input X has rank {}; needs [N, C, ...]", x.size());
  const int64_t channels = x[1];
  int64_t groups = channels, param_size = channels;
  if (!instance) {
    groups = ctx.attr_int("num_groups");
    if (groups <= 0) ctx.error("num_groups must be positive, is {}", groups);
    if (channels % groups != 0) ctx.error("the {} channels do not divide into num_groups = {}", channels, groups);
    if (ctx.opset() < 21) param_size = groups;
  }
  for (size_t i = 1; i < 3; ++i)
    if (ctx.input(i).shape != Shape{param_size})
      ctx.error("input {} ('{}') has shape {}, expected [{}]", i, ctx.input(i).name, shape_to_string(ctx.input(i).shape),
                param_size);
  return groups;
}

void infer_grouped(OpContext& ctx, bool instance) {
  check_grouped(ctx, instance);
  if (!instance && ctx.opset() >= 21) stash_type(ctx);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower_grouped(OpContext& ctx, bool instance) {
  const Shape& x = ctx.input(0).shape;
  const int64_t groups = check_grouped(ctx, instance);
  const onnx_aotc::ref::GroupNormalizationParams p{x[0], x[1], shape_numel(Shape(x.begin() + 2, x.end())), groups,
                                                   static_cast<float>(ctx.attr_float("epsilon")),
                                                   !instance && ctx.opset() < 21};
  // Opset 21 added stash_type (the precision of the statistics); before it they are computed in X's type.
  const DataType x_type = ctx.input(0).type;
  const DataType stash = !instance && ctx.opset() >= 21 ? stash_type(ctx) : x_type;
  return dispatch(FloatTypes{}, x_type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return dispatch(FloatTypes{}, stash, ctx, [&](auto utag) {
      using U = typename decltype(utag)::type;
      return make_call(AOTC_KERNEL(group_normalization, T, U), p, {ctx.in(0), ctx.in(1), ctx.in(2), ctx.out(0)},
                       "normalization");
    });
  });
}

// ---- LpNormalization ----------------------------------------------------------------------------------

void infer_lp(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  if (rank == 0) ctx.error("input must have rank >= 1");
  normalize_axis(ctx, ctx.attr_int("axis"), rank);
  const int64_t p = ctx.attr_int("p");
  if (p != 1 && p != 2) ctx.error("p must be 1 or 2, is {}", p);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower_lp(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t axis = normalize_axis(ctx, ctx.attr_int("axis"), static_cast<int64_t>(x.size()));
  onnx_aotc::ref::LpNormalizationParams p{1, x[axis], 1, static_cast<int32_t>(ctx.attr_int("p"))};
  for (int64_t i = 0; i < static_cast<int64_t>(x.size()); ++i) {
    if (i < axis) p.outer *= x[i];
    else if (i > axis) p.inner *= x[i];
  }
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(lp_normalization, T), p, {ctx.in(0), ctx.out(0)}, "normalization");
  });
}

// ---- MeanVarianceNormalization ------------------------------------------------------------------------

std::set<int64_t> mvn_axes(const OpContext& ctx) {
  const int64_t rank = static_cast<int64_t>(ctx.input(0).shape.size());
  const std::vector<int64_t> axes = ctx.has_attr("axes") ? ctx.attr_ints("axes") : std::vector<int64_t>{0, 2, 3};
  std::set<int64_t> out;
  for (int64_t a : axes)
    if (!out.insert(normalize_axis(ctx, a, rank, "axes value")).second) ctx.error("axis {} appears more than once in axes", a);
  return out;
}

void infer_mvn(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  mvn_axes(ctx);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

KernelCall lower_mvn(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const auto axes = mvn_axes(ctx);
  const onnx_aotc::Dims strides = onnx_aotc::strides_of(to_dims(x));
  onnx_aotc::ref::MeanVarianceNormalizationParams p{};
  for (size_t i = 0; i < x.size(); ++i) {
    onnx_aotc::Dims& dims = axes.count(static_cast<int64_t>(i)) ? p.reduced : p.kept;
    onnx_aotc::Dims& st = axes.count(static_cast<int64_t>(i)) ? p.reduced_strides : p.kept_strides;
    dims.d[dims.rank] = x[i];
    st.d[dims.rank] = strides.d[i];
    ++dims.rank;
    st.rank = dims.rank;
  }
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(mean_variance_normalization, T), p, {ctx.in(0), ctx.out(0)}, "normalization");
  });
}

// ---- LRN ----------------------------------------------------------------------------------------------

void infer_lrn(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& x = ctx.input(0).shape;
  if (x.size() < 2) ctx.error("input X has rank {}; needs [N, C, ...]", x.size());
  if (ctx.attr_int("size") <= 0) ctx.error("size must be positive, is {}", ctx.attr_int("size"));
  ctx.set_output(0, ctx.input(0).type, x);
}

KernelCall lower_lrn(OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const onnx_aotc::ref::LrnParams p{x[0], x[1], shape_numel(Shape(x.begin() + 2, x.end())), ctx.attr_int("size"),
                                    static_cast<float>(ctx.attr_float("alpha")), static_cast<float>(ctx.attr_float("beta")),
                                    static_cast<float>(ctx.attr_float("bias"))};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(lrn, T), p, {ctx.in(0), ctx.out(0)}, "normalization");
  });
}

}  // namespace

const OpDef& op_GroupNormalization() {
  static const OpDef def{"", "GroupNormalization",
                         {attr_float("epsilon", 1e-5), required(attr_int("num_groups")), attr_int("stash_type", 1)},
                         {},
                         [](OpContext& ctx) { infer_grouped(ctx, false); },
                         [](OpContext& ctx) { return lower_grouped(ctx, false); }};
  return def;
}

const OpDef& op_InstanceNormalization() {
  static const OpDef def{"", "InstanceNormalization", {attr_float("epsilon", 1e-5)}, {},
                         [](OpContext& ctx) { infer_grouped(ctx, true); },
                         [](OpContext& ctx) { return lower_grouped(ctx, true); }};
  return def;
}

const OpDef& op_LayerNormalization() {
  static const OpDef def{"", "LayerNormalization",
                         {attr_int("axis", -1), attr_float("epsilon", 1e-5), attr_int("stash_type", 1)},
                         {},
                         [](OpContext& ctx) { infer_layer(ctx, false); },
                         [](OpContext& ctx) { return lower_layer(ctx, false); }};
  return def;
}

// com.onnx_aotc.LayerNormalization: LayerNormalization for models whose opset predates it (fuse-layer-norm
// recognizes its decomposed form).
const OpDef& op_AotcLayerNormalization() {
  static const OpDef def = in_fused_domain(op_LayerNormalization());
  return def;
}

const OpDef& op_LpNormalization() {
  static const OpDef def{"", "LpNormalization", {attr_int("axis", -1), attr_int("p", 2)}, {}, infer_lp, lower_lp};
  return def;
}

const OpDef& op_LRN() {
  static const OpDef def{"", "LRN",
                         {attr_float("alpha", 1e-4), attr_float("beta", 0.75), attr_float("bias", 1.0), required(attr_int("size"))},
                         {}, infer_lrn, lower_lrn};
  return def;
}

const OpDef& op_MeanVarianceNormalization() {
  static const OpDef def{"", "MeanVarianceNormalization", {attr_ints("axes")}, {}, infer_mvn, lower_mvn};
  return def;
}

const OpDef& op_RMSNormalization() {
  static const OpDef def{"", "RMSNormalization",
                         {attr_int("axis", -1), attr_float("epsilon", 1e-5), attr_int("stash_type", 1)},
                         {},
                         [](OpContext& ctx) { infer_layer(ctx, true); },
                         [](OpContext& ctx) { return lower_layer(ctx, true); }};
  return def;
}

}  // namespace aotc
