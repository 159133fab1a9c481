// SPDX-License-Identifier: Apache-2.0
// DFT (opset 17 and 20), STFT, HannWindow, HammingWindow, BlackmanWindow, MelWeightMatrix.
#include <onnx_aotc/ref/signal.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

/// Reports every non-constant input among `indices` in one message (all of them determine the output shape).
void require_constants(const OpContext& ctx, std::initializer_list<size_t> indices) {
  std::string missing;
  for (size_t i : indices)
    if (ctx.has_input(i) && !ctx.input(i).is_constant())
      missing += fmt::format("{}input {} ('{}') must be a constant because it determines an output shape",
                             missing.empty() ? "" : "; ", i, ctx.input(i).name);
  if (!missing.empty()) ctx.unsupported("{}", missing);
}

int64_t scalar_constant(const OpContext& ctx, size_t i, const char* what) {
  const std::vector<int64_t> v = ctx.constant_ints(i);
  if (v.size() != 1) ctx.error("{} must be a scalar, got {} elements", what, v.size());
  return v[0];
}

// ---- DFT ----

struct DftGeometry {
  onnx_aotc::ref::DftParams p;
  Shape out;
};

DftGeometry dft_geometry(const OpContext& ctx) {
  const Shape& x = ctx.input(0).shape;
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank < 2) ctx.error("input has rank {}; DFT needs [batch..., signal, 1 or 2]", rank);
  if (x.back() != 1 && x.back() != 2) ctx.error("the last dimension of the input is {}; it must be 1 (real) or 2 (complex)", x.back());
  require_constants(ctx, ctx.opset() >= 20 ? std::initializer_list<size_t>{1, 2} : std::initializer_list<size_t>{1});
  int64_t axis;
  if (ctx.opset() >= 20) {
    axis = ctx.has_input(2) ? scalar_constant(ctx, 2, "axis") : -2;
  } else {
    axis = ctx.attr_int("axis");
  }
  if (axis < -rank || axis >= rank) ctx.error("axis {} is out of range for rank {}", axis, rank);
  if (axis < 0) axis += rank;
  if (axis == rank - 1) ctx.error("axis {} is the real/imaginary dimension", axis);
  const bool inverse = ctx.attr_int("inverse") != 0, onesided = ctx.attr_int("onesided") != 0;
  const int64_t in_len = x[axis];
  int64_t n = inverse && onesided ? 2 * (in_len - 1) : in_len;
  if (ctx.has_input(1)) n = scalar_constant(ctx, 1, "dft_length");
  if (n < 1) ctx.error("dft_length {} must be positive", n);
  DftGeometry g;
  const bool irfft = inverse && onesided;
  g.p = {shape_numel(Shape(x.begin(), x.begin() + axis)), shape_numel(Shape(x.begin() + axis + 1, x.end() - 1)), in_len, n,
         (onesided && !inverse) ? n / 2 + 1 : n, x.back() == 2, inverse, irfft};
  g.out = x;
  g.out[axis] = g.p.out_len;
  g.out.back() = irfft ? 1 : 2;
  return g;
}

void infer_dft(OpContext& ctx) {
  ctx.expect_inputs(1, ctx.opset() >= 20 ? 3 : 2);
  ctx.set_output(0, ctx.input(0).type, dft_geometry(ctx).out);
}

KernelCall lower_dft(OpContext& ctx) {
  const DftGeometry g = dft_geometry(ctx);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(dft, T), g.p, {ctx.in(0), ctx.out(0)}, "signal");
  });
}

// ---- STFT ----

onnx_aotc::ref::StftParams stft_params(const OpContext& ctx) {
  const Shape& s = ctx.input(0).shape;
  if (s.size() != 3 || (s[2] != 1 && s[2] != 2)) ctx.error("signal {} must be [batch, length, 1 or 2]", shape_to_string(s));
  require_constants(ctx, {1, 3});
  const int64_t step = scalar_constant(ctx, 1, "frame_step");
  if (step < 1) ctx.error("frame_step {} must be positive", step);
  int64_t length = -1;
  if (ctx.has_input(2)) {
    if (ctx.input(2).shape.size() != 1) ctx.error("window must be 1-D, got {}", shape_to_string(ctx.input(2).shape));
    length = ctx.input(2).shape[0];
  }
  if (ctx.has_input(3)) {
    const int64_t fl = scalar_constant(ctx, 3, "frame_length");
    if (length >= 0 && fl != length) ctx.error("frame_length {} differs from the window length {}", fl, length);
    length = fl;
  }
  if (length < 0) ctx.error("either window or frame_length must be given");
  if (length < 1 || length > s[1]) ctx.error("frame_length {} must be in [1, {}]", length, s[1]);
  const bool onesided = ctx.attr_int("onesided") != 0;
  return {s[0], s[1], (s[1] - length) / step + 1, step, length, onesided ? length / 2 + 1 : length, s[2] == 2};
}

void infer_stft(OpContext& ctx) {
  ctx.expect_inputs(2, 4);
  ctx.expect_same_type({2});
  const auto p = stft_params(ctx);
  ctx.set_output(0, ctx.input(0).type, {p.batch, p.frames, p.bins, 2});
}

KernelCall lower_stft(OpContext& ctx) {
  const auto p = stft_params(ctx);
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(stft, T), p, {ctx.in(0), ctx.in(2), ctx.out(0)}, "signal");
  });
}

// ---- windows ----

DataType output_datatype(const OpContext& ctx) {
  const auto t = data_type_from_onnx(static_cast<int32_t>(ctx.attr_int("output_datatype")));
  if (!t) ctx.error("output_datatype {} is not an ONNX type", ctx.attr_int("output_datatype"));
  return *t;
}

int64_t window_size(const OpContext& ctx) {
  const int64_t size = scalar_constant(ctx, 0, "size");
  if (size < 0) ctx.error("size {} must not be negative", size);
  return size;
}

void infer_window(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  ctx.set_output(0, output_datatype(ctx), {window_size(ctx)});
}

KernelCall lower_window(OpContext& ctx, int32_t kind) {
  const onnx_aotc::ref::WindowParams p{window_size(ctx), kind, ctx.attr_int("periodic") != 0};
  return dispatch(NumericTypes{}, output_datatype(ctx), ctx, [&](auto t) {
    using T = typename decltype(t)::type;
    return make_call(AOTC_KERNEL(window_function, T), p, {ctx.out(0)}, "signal");
  });
}

// ---- MelWeightMatrix ----

onnx_aotc::ref::MelWeightMatrixParams mel_params(const OpContext& ctx) {
  require_constants(ctx, {0, 1});
  const int64_t bins = scalar_constant(ctx, 0, "num_mel_bins");
  const int64_t dft_length = scalar_constant(ctx, 1, "dft_length");
  if (bins < 1 || dft_length < 1) ctx.error("num_mel_bins {} and dft_length {} must be positive", bins, dft_length);
  return {bins, dft_length};
}

void infer_mel(OpContext& ctx) {
  ctx.expect_inputs(5, 5);
  ctx.expect_same_type({4}, 3);
  for (size_t i = 2; i < 5; ++i)
    if (ctx.input(i).numel() != 1) ctx.error("input {} ('{}') must be a scalar", i, ctx.input(i).name);
  const auto p = mel_params(ctx);
  ctx.set_output(0, output_datatype(ctx), {p.dft_length / 2 + 1, p.num_mel_bins});
}

KernelCall lower_mel(OpContext& ctx) {
  const auto p = mel_params(ctx);
  return dispatch(TypeList<int32_t, int64_t>{}, ctx.input(2).type, ctx, [&](auto it) {
    using I = typename decltype(it)::type;
    return dispatch(FloatTypes{}, ctx.input(3).type, ctx, [&](auto ft) {
      using F = typename decltype(ft)::type;
      return dispatch(NumericTypes{}, output_datatype(ctx), ctx, [&](auto t) {
        using T = typename decltype(t)::type;
        return make_call(AOTC_KERNEL(mel_weight_matrix, I, F, T), p, {ctx.in(2), ctx.in(3), ctx.in(4), ctx.out(0)},
                         "signal");
      });
    });
  });
}

std::vector<AttrSpec> window_attrs() { return {attr_int("output_datatype", 1), attr_int("periodic", 1)}; }

}  // namespace

const OpDef& op_DFT() {
  static const OpDef def{"", "DFT", {attr_int("axis", 1), attr_int("inverse", 0), attr_int("onesided", 0)}, {}, infer_dft, lower_dft};
  return def;
}

const OpDef& op_STFT() {
  static const OpDef def{"", "STFT", {attr_int("onesided", 1)}, {}, infer_stft, lower_stft};
  return def;
}

const OpDef& op_HannWindow() {
  static const OpDef def{"", "HannWindow", window_attrs(), {}, infer_window, [](OpContext& ctx) { return lower_window(ctx, 0); }};
  return def;
}

const OpDef& op_HammingWindow() {
  static const OpDef def{"", "HammingWindow", window_attrs(), {}, infer_window, [](OpContext& ctx) { return lower_window(ctx, 1); }};
  return def;
}

const OpDef& op_BlackmanWindow() {
  static const OpDef def{"", "BlackmanWindow", window_attrs(), {}, infer_window, [](OpContext& ctx) { return lower_window(ctx, 2); }};
  return def;
}

const OpDef& op_MelWeightMatrix() {
  static const OpDef def{"", "MelWeightMatrix", {attr_int("output_datatype", 1)}, {}, infer_mel, lower_mel};
  return def;
}

}  // namespace aotc
