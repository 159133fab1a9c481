// SPDX-License-Identifier: Apache-2.0
// Ops whose output is input 0's bytes under another shape: Reshape, Flatten, Squeeze, Unsqueeze,
// Identity, Dropout (inference). They share one lowering, a copy that the planner can turn into an alias.
#include <onnx_aotc/ref/data_movement.h>

#include <cstring>
#include <memory>
#include <set>

#include "ops/defs/legacy.h"
#include "ops/op_def.h"

namespace aotc {

/// The copy kernel all view ops lower to (also used where an alias is impossible).
KernelCall lower_view_copy(OpContext& ctx) {
  const onnx_aotc::ref::CopyParams p{ctx.input(0).numel()};
  return dispatch_by_size_or_string(ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(copy, T), p, {ctx.in(0), ctx.out(0)}, "data_movement");
  });
}

namespace {

constexpr OpTraits kViewTraits{false, true, true, true};

void infer_reshape(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  const Shape& in = ctx.input(0).shape;
  std::vector<int64_t> target;
  if (ctx.has_input(1)) target = ctx.constant_ints(1);
  else if (ctx.has_attr("shape")) target = ctx.attr_ints("shape");  // Reshape-1
  else ctx.error("needs a shape input");
  const bool allow_zero = ctx.attr_int("allowzero") != 0;
  Shape out(target.size());
  int64_t known = 1, infer_at = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t d = target[i];
    if (d == 0 && !allow_zero) {
      if (i >= in.size()) ctx.error("shape value 0 at index {} has no input dimension to copy", i);
      d = in[i];
    }
    if (d == -1) {
      if (infer_at >= 0) ctx.error("shape {} has more than one -1", shape_to_string(target));
      infer_at = static_cast<int64_t>(i);
      continue;
    }
    if (d < 0) ctx.error("shape {} has invalid value {}", shape_to_string(target), d);
    if (d != 0 && known > (int64_t{1} << 40) / d) ctx.error("shape {} has more than 2^40 elements", shape_to_string(target));
    out[i] = d;
    known *= d;
  }
  const int64_t total = shape_numel(in);
  if (infer_at >= 0) {
    if (known == 0 || total % known != 0) ctx.error("cannot reshape {} to {}", shape_to_string(in), shape_to_string(target));
    out[infer_at] = total / known;
  } else if (known != total) {
    ctx.error("cannot reshape {} ({} elements) to {} ({} elements)", shape_to_string(in), total, shape_to_string(out), known);
  }
  ctx.set_output(0, ctx.input(0).type, out);
}

void infer_flatten(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  int64_t axis = ctx.attr_int("axis");
  if (axis < -rank || axis > rank) ctx.error("axis {} is out of range for rank {}", axis, rank);
  if (axis < 0) axis += rank;
  const int64_t outer = shape_numel(Shape(in.begin(), in.begin() + axis));
  ctx.set_output(0, ctx.input(0).type, {outer, shape_numel(Shape(in.begin() + axis, in.end()))});
}

std::vector<int64_t> axes_of(const OpContext& ctx) {
  if (ctx.opset() >= 13) return ctx.has_input(1) ? ctx.constant_ints(1) : std::vector<int64_t>{};
  return ctx.attr_ints("axes");
}

void infer_squeeze(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  const Shape& in = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  std::set<int64_t> axes;
  for (int64_t a : axes_of(ctx)) {
    a = normalize_axis(ctx, a, rank);
    if (in[a] != 1) ctx.error("cannot squeeze axis {} of size {}", a, in[a]);
    axes.insert(a);
  }
  Shape out;
  for (int64_t i = 0; i < rank; ++i)
    if (axes.empty() ? in[i] != 1 : !axes.count(i)) out.push_back(in[i]);
  ctx.set_output(0, ctx.input(0).type, out);
}

void infer_unsqueeze(OpContext& ctx) {
  ctx.expect_inputs(1, 2);
  const Shape& in = ctx.input(0).shape;
  const auto axes_list = axes_of(ctx);
  const int64_t rank = static_cast<int64_t>(in.size() + axes_list.size());
  std::set<int64_t> axes;
  for (int64_t a : axes_list)
    if (!axes.insert(normalize_axis(ctx, a, rank)).second) ctx.error("axis {} appears twice", a);
  Shape out;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i) out.push_back(axes.count(i) ? 1 : in[next++]);
  ctx.set_output(0, ctx.input(0).type, out);
}

void infer_identity(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
}

/// Largest all-true Dropout mask made a constant.
constexpr size_t kMaxConstantMaskBytes = size_t{256} << 20;

void infer_dropout(OpContext& ctx) {
  ctx.expect_inputs(1, 3);
  if (ctx.has_input(2)) {
    const Value& training = ctx.input(2);
    if (training.numel() != 1) ctx.error("training_mode must hold one element, has {}", training.numel());
    if (!training.is_constant() || training.constant->data()[0] != 0)
      ctx.unsupported("training_mode must be a constant false (inference only)");
  }
  // Dropout-1/6 `is_test` is accepted either way: like the opsets after it, this is an inference runtime.
  reject_removed_attrs(ctx, 6, {"consumed_inputs"});
  ctx.set_output(0, ctx.input(0).type, ctx.input(0).shape);
  if (ctx.has_output(1)) {
    // At inference nothing is dropped: the mask is a constant, all true (all 1 of X's type before opset 10).
    const DataType type = ctx.opset() < 10 ? ctx.input(0).type : DataType::kBool;
    ctx.set_output(1, type, ctx.input(0).shape);
    if (ctx.output(1).byte_size() > kMaxConstantMaskBytes)
      ctx.unsupported("the mask output ({} bytes) is too large to be a constant", ctx.output(1).byte_size());
    const auto numel = static_cast<size_t>(ctx.output(1).numel());
    using MaskTypes = TypeList<bool, float, double, onnx_aotc::float16, onnx_aotc::bfloat16>;
    std::vector<uint8_t> bytes = dispatch(MaskTypes{}, type, ctx, [&](auto tag) {
      using T = typename decltype(tag)::type;
      const T one = onnx_aotc::convert<T>(1.0f);
      std::vector<uint8_t> out(numel * sizeof(T));
      for (size_t i = 0; i < numel; ++i) std::memcpy(out.data() + i * sizeof(T), &one, sizeof(T));
      return out;
    });
    ctx.output(1).constant = std::make_shared<OwnedBuffer>(std::move(bytes));
    // A constant X: Y is X (folding would compute only Y and overwrite the mask).
    if (ctx.input(0).is_constant()) ctx.output(0).constant = ctx.input(0).constant;
  }
}

}  // namespace

const OpDef& op_Dropout() {
  static const OpDef def{"", "Dropout",
                         {attr_float("ratio", 0.5), attr_int("seed"), attr_int("is_test", 0), attr_ints("consumed_inputs")},
                         kViewTraits, infer_dropout, lower_view_copy};
  return def;
}

const OpDef& op_Flatten() {
  static const OpDef def{"", "Flatten", {attr_int("axis", 1)}, kViewTraits, infer_flatten, lower_view_copy};
  return def;
}

const OpDef& op_Identity() {
  static const OpDef def{"", "Identity", {}, kViewTraits, infer_identity, lower_view_copy};
  return def;
}

const OpDef& op_Reshape() {
  static const OpDef def{"", "Reshape", {attr_int("allowzero", 0), attr_ints("shape")}, kViewTraits, infer_reshape, lower_view_copy};
  return def;
}

const OpDef& op_Squeeze() {
  static const OpDef def{"", "Squeeze", {attr_ints("axes")}, kViewTraits, infer_squeeze, lower_view_copy};
  return def;
}

const OpDef& op_Unsqueeze() {
  static const OpDef def{"", "Unsqueeze", {attr_ints("axes")}, kViewTraits, infer_unsqueeze, lower_view_copy};
  return def;
}

}  // namespace aotc
