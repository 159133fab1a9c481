// SPDX-License-Identifier: Apache-2.0
// RNN, GRU and LSTM.
#include <onnx_aotc/ref/rnn.h>

#include "ops/op_def.h"

namespace aotc {
namespace {

struct Activation {
  const char* name;
  int32_t kind;
  float alpha, beta;  ///< defaults
};

constexpr Activation kActivations[] = {
    {"Relu", 0, 0, 0},           {"Tanh", 1, 0, 0},         {"Sigmoid", 2, 0, 0},      {"Affine", 3, 1.0f, 0.0f},
    {"LeakyRelu", 4, 0.01f, 0},  {"ThresholdedRelu", 5, 1.0f, 0}, {"ScaledTanh", 6, 1.0f, 1.0f},
    {"HardSigmoid", 7, 0.2f, 0.5f}, {"Elu", 8, 1.0f, 0},      {"Softsign", 9, 0, 0},     {"Softplus", 10, 0, 0},
};

int32_t cell_of(const OpContext& ctx) {
  const std::string& op = ctx.node().op_type;
  return op == "RNN" ? 0 : op == "GRU" ? 1 : 2;
}

int64_t gate_count(int32_t cell) { return cell == 0 ? 1 : cell == 1 ? 3 : 4; }

struct RnnShape {
  int64_t seq, batch, input, hidden, dirs;
};

RnnShape check(const OpContext& ctx) {
  const int32_t cell = cell_of(ctx);
  const int64_t gates = gate_count(cell);
  const Shape& x = ctx.input(0).shape;
  if (x.size() != 3) ctx.error("X has rank {}; expected 3", x.size());
  const bool batch_major = ctx.attr_int("layout") != 0;
  RnnShape s{batch_major ? x[1] : x[0], batch_major ? x[0] : x[1], x[2], 0, 0};
  const std::string direction = ctx.attr_string("direction");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    ctx.error("direction '{}' is not one of forward, reverse, bidirectional", direction);
  s.dirs = direction == "bidirectional" ? 2 : 1;
  if (!ctx.has_attr("hidden_size")) ctx.error("attribute 'hidden_size' is required");
  s.hidden = ctx.attr_int("hidden_size");
  if (s.hidden < 1) ctx.error("hidden_size {} must be positive", s.hidden);
  if (s.hidden > onnx_aotc::ref::kRnnMaxHidden)
    ctx.unsupported("hidden_size {} exceeds the reference kernel's limit of {}", s.hidden, onnx_aotc::ref::kRnnMaxHidden);
  auto expect = [&](size_t i, const Shape& want) {
    if (ctx.has_input(i) && ctx.input(i).shape != want)
      ctx.error("input {} ('{}') has shape {}, expected {}", i, ctx.input(i).name, shape_to_string(ctx.input(i).shape), shape_to_string(want));
  };
  expect(1, {s.dirs, gates * s.hidden, s.input});
  expect(2, {s.dirs, gates * s.hidden, s.hidden});
  expect(3, {s.dirs, 2 * gates * s.hidden});
  expect(4, {s.batch});
  const Shape state = batch_major ? Shape{s.batch, s.dirs, s.hidden} : Shape{s.dirs, s.batch, s.hidden};
  expect(5, state);
  if (cell == 2) {
    expect(6, state);
    expect(7, {s.dirs, 3 * s.hidden});
  }
  if (ctx.has_input(4) && ctx.input(4).type != DataType::kInt32) ctx.error("sequence_lens must be int32");
  if (ctx.has_input(4) && ctx.input(4).is_constant()) {
    const int32_t* lens = ctx.input(4).constant_data<int32_t>();
    for (int64_t i = 0; i < s.batch; ++i)
      if (lens[i] < 0 || lens[i] > s.seq) ctx.error("sequence_lens[{}] = {} is outside [0, {}]", i, lens[i], s.seq);
  }
  return s;
}

void infer(OpContext& ctx) {
  const int32_t cell = cell_of(ctx);
  ctx.expect_inputs(3, cell == 2 ? 8 : 6);
  ctx.expect_same_type({1, 2, 3, 5, 6, 7});
  const RnnShape s = check(ctx);
  const bool batch_major = ctx.attr_int("layout") != 0;
  const DataType t = ctx.input(0).type;
  if (ctx.has_output(0))
    ctx.set_output(0, t, batch_major ? Shape{s.batch, s.seq, s.dirs, s.hidden} : Shape{s.seq, s.dirs, s.batch, s.hidden});
  const Shape state = batch_major ? Shape{s.batch, s.dirs, s.hidden} : Shape{s.dirs, s.batch, s.hidden};
  if (ctx.has_output(1)) ctx.set_output(1, t, state);
  if (cell == 2 && ctx.has_output(2)) ctx.set_output(2, t, state);
}

KernelCall lower(OpContext& ctx) {
  const int32_t cell = cell_of(ctx);
  const RnnShape s = check(ctx);
  const size_t per_dir = cell == 0 ? 1 : cell == 1 ? 2 : 3;
  const char* defaults[3] = {cell == 0 ? "Tanh" : "Sigmoid", "Tanh", "Tanh"};
  std::vector<std::string> names;
  if (ctx.has_attr("activations")) names = ctx.attr("activations").strings;
  if (names.empty())
    for (int64_t d = 0; d < s.dirs; ++d)
      for (size_t k = 0; k < per_dir; ++k) names.push_back(defaults[k]);
  if (names.size() != per_dir * static_cast<size_t>(s.dirs))
    ctx.error("'activations' lists {} functions; expected {} ({} per direction)", names.size(), per_dir * s.dirs, per_dir);
  std::vector<double> alphas, betas;
  if (ctx.has_attr("activation_alpha")) alphas = ctx.attr_floats("activation_alpha");
  if (ctx.has_attr("activation_beta")) betas = ctx.attr_floats("activation_beta");
  onnx_aotc::ref::RnnActivation acts[6] = {};
  for (size_t i = 0; i < 6; ++i) acts[i] = {1, 0, 0};
  for (size_t i = 0; i < names.size(); ++i) {
    const Activation* found = nullptr;
    for (const Activation& a : kActivations)
      if (names[i] == a.name) found = &a;
    if (!found) ctx.error("activation '{}' is not an RNN activation function", names[i]);
    onnx_aotc::ref::RnnActivation a{found->kind, found->alpha, found->beta};
    if (i < alphas.size()) a.alpha = static_cast<float>(alphas[i]);
    if (i < betas.size()) a.beta = static_cast<float>(betas[i]);
    const size_t d = i / per_dir, k = i % per_dir;
    acts[d * 3 + k] = a;
  }
  float clip = 0;
  if (ctx.has_attr("clip")) {
    clip = static_cast<float>(ctx.attr_float("clip"));
    if (clip <= 0) ctx.error("clip {} must be positive", clip);
  }
  const onnx_aotc::ref::RnnParams p{cell,
                                    s.seq,
                                    s.batch,
                                    s.input,
                                    s.hidden,
                                    s.dirs,
                                    ctx.attr_string("direction") == "reverse",
                                    ctx.attr_int("layout") != 0,
                                    clip,
                                    cell == 2 && ctx.attr_int("input_forget") != 0,
                                    cell == 1 && ctx.attr_int("linear_before_reset") != 0,
                                    acts[0], acts[1], acts[2], acts[3], acts[4], acts[5]};
  const KernelOperand none{{nullptr}, false, false};
  const KernelOperand none_out{{nullptr}, false, true};
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(rnn, T), p,
                     {ctx.in(0), ctx.in(1), ctx.in(2), ctx.in(3), ctx.in(4), ctx.in(5), cell == 2 ? ctx.in(6) : none,
                      cell == 2 ? ctx.in(7) : none, ctx.out(0), ctx.out(1), cell == 2 ? ctx.out(2) : none_out});
  });
}

std::vector<AttrSpec> common_attributes() {
  return {attr_floats("activation_alpha"), attr_floats("activation_beta"), attr_strings("activations"),
          attr_float("clip"),              attr_string("direction", "forward"), attr_int("hidden_size"),
          attr_int("layout", 0)};
}

}  // namespace

const OpDef& op_RNN() {
  static const OpDef def{"", "RNN", common_attributes(), {}, infer, lower};
  return def;
}

const OpDef& op_GRU() {
  static const OpDef def = [] {
    OpDef d{"", "GRU", common_attributes(), {}, infer, lower};
    d.attributes.push_back(attr_int("linear_before_reset", 0));
    return d;
  }();
  return def;
}

const OpDef& op_LSTM() {
  static const OpDef def = [] {
    OpDef d{"", "LSTM", common_attributes(), {}, infer, lower};
    d.attributes.push_back(attr_int("input_forget", 0));
    return d;
  }();
  return def;
}

}  // namespace aotc
