// SPDX-License-Identifier: Apache-2.0
// Reference RNN, GRU and LSTM: forward, reverse or bidirectional; configurable activations; clip;
// sequence_lens; initial states; LSTM peepholes and input_forget; GRU linear_before_reset; layout 0/1.
// The recurrent state lives on the stack, so hidden_size is limited to kRnnMaxHidden.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

inline constexpr int64_t kRnnMaxHidden = 1024;

/// One activation function: kind 0 Relu, 1 Tanh, 2 Sigmoid, 3 Affine, 4 LeakyRelu, 5 ThresholdedRelu,
/// 6 ScaledTanh, 7 HardSigmoid, 8 Elu, 9 Softsign, 10 Softplus.
struct RnnActivation {
  int32_t kind;
  float alpha, beta;
};

struct RnnParams {
  int32_t cell;  ///< 0 RNN, 1 GRU, 2 LSTM
  int64_t seq_length, batch, input_size, hidden_size, directions;
  bool reverse;   ///< single direction processed backwards
  bool batch_major;  ///< layout 1
  float clip;     ///< 0: no clipping
  bool input_forget;          ///< LSTM: f = 1 - i
  bool linear_before_reset;   ///< GRU
  /// f, g, h for direction 0 then direction 1 (RNN uses f only; GRU f, g).
  RnnActivation f0, g0, h0, f1, g1, h1;
};

namespace detail {

template <typename C>
inline C rnn_activate(const RnnActivation& a, C x) {
  const C alpha = static_cast<C>(a.alpha), beta = static_cast<C>(a.beta);
  switch (a.kind) {
    case 0: return x > C(0) ? x : C(0);
    case 1: return std::tanh(x);
    case 2: return C(1) / (C(1) + std::exp(-x));
    case 3: return alpha * x + beta;
    case 4: return x >= C(0) ? x : alpha * x;
    case 5: return x > alpha ? x : C(0);
    case 6: return alpha * std::tanh(beta * x);
    case 7: {
      const C v = alpha * x + beta;
      return v < C(0) ? C(0) : (v > C(1) ? C(1) : v);
    }
    case 8: return x >= C(0) ? x : alpha * (std::exp(x) - C(1));
    case 9: return x / (C(1) + std::fabs(x));
    default: return std::log(C(1) + std::exp(x));
  }
}

}  // namespace detail

/// Null pointers: omitted optional inputs (B, sequence_lens, initial_h, initial_c, P) and outputs.
template <typename T>
inline void rnn(const RnnParams& p, const T* x, const T* w, const T* r, const T* b, const int32_t* sequence_lens,
                const T* initial_h, const T* initial_c, const T* peep, T* y, T* y_h, T* y_c) {
  using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const int64_t H = p.hidden_size, I = p.input_size, S = p.seq_length, N = p.batch, D = p.directions;
  const int64_t gates = p.cell == 0 ? 1 : p.cell == 1 ? 3 : 4;
  if (H > kRnnMaxHidden) return;  // rejected by the compiler
  // Offsets of the [dirs, batch, hidden]-shaped tensors (initial states, Y_h, Y_c) in either layout.
  auto state_index = [&](int64_t d, int64_t n, int64_t j) {
    return p.batch_major ? (n * D + d) * H + j : (d * N + n) * H + j;
  };
  auto y_index = [&](int64_t t, int64_t d, int64_t n, int64_t j) {
    return p.batch_major ? ((n * S + t) * D + d) * H + j : ((t * D + d) * N + n) * H + j;
  };
  if (y)
    for (int64_t i = 0; i < S * D * N * H; ++i) y[i] = convert<T>(C(0));
  C h_prev[kRnnMaxHidden], h_new[kRnnMaxHidden], cell[kRnnMaxHidden], reset[kRnnMaxHidden];
  for (int64_t d = 0; d < D; ++d) {
    const bool backwards = p.reverse || d == 1;
    const RnnActivation& f = d == 0 ? p.f0 : p.f1;
    const RnnActivation& g = d == 0 ? p.g0 : p.g1;
    const RnnActivation& hact = d == 0 ? p.h0 : p.h1;
    const T* wd = w + d * gates * H * I;
    const T* rd = r + d * gates * H * H;
    const T* bd = b ? b + d * 2 * gates * H : nullptr;
    const T* pd = peep ? peep + d * 3 * H : nullptr;
    for (int64_t n = 0; n < N; ++n) {
      const int64_t len = sequence_lens ? sequence_lens[n] : S;
      for (int64_t j = 0; j < H; ++j) {
        h_prev[j] = initial_h ? convert<C>(initial_h[state_index(d, n, j)]) : C(0);
        cell[j] = initial_c ? convert<C>(initial_c[state_index(d, n, j)]) : C(0);
      }
      // Pre-activation of gate `gi`, row j: W x_t + R h (+ biases), clipped.
      auto linear = [&](int64_t gi, int64_t j, const T* xt, const C* h, bool with_r_bias) {
        C acc = C(0);
        const T* wrow = wd + (gi * H + j) * I;
        for (int64_t k = 0; k < I; ++k) acc += convert<C>(wrow[k]) * convert<C>(xt[k]);
        if (h) {
          const T* rrow = rd + (gi * H + j) * H;
          for (int64_t k = 0; k < H; ++k) acc += convert<C>(rrow[k]) * h[k];
        }
        if (bd) {
          acc += convert<C>(bd[gi * H + j]);
          if (with_r_bias) acc += convert<C>(bd[(gates + gi) * H + j]);
        }
        return acc;
      };
      auto clip = [&](C v) {
        if (p.clip > 0) {
          const C c = static_cast<C>(p.clip);
          v = v < -c ? -c : (v > c ? c : v);
        }
        return v;
      };
      for (int64_t step = 0; step < len; ++step) {
        const int64_t t = backwards ? len - 1 - step : step;
        const T* xt = x + (p.batch_major ? (n * S + t) : (t * N + n)) * I;
        if (p.cell == 0) {
          for (int64_t j = 0; j < H; ++j) h_new[j] = detail::rnn_activate(f, clip(linear(0, j, xt, h_prev, true)));
        } else if (p.cell == 1) {
          // gates z, r, h
          for (int64_t j = 0; j < H; ++j) reset[j] = detail::rnn_activate(f, clip(linear(1, j, xt, h_prev, true)));
          for (int64_t j = 0; j < H; ++j) {
            const C z = detail::rnn_activate(f, clip(linear(0, j, xt, h_prev, true)));
            C pre;
            if (p.linear_before_reset) {
              C rh = C(0);
              const T* rrow = rd + (2 * H + j) * H;
              for (int64_t k = 0; k < H; ++k) rh += convert<C>(rrow[k]) * h_prev[k];
              if (bd) rh += convert<C>(bd[(gates + 2) * H + j]);
              pre = linear(2, j, xt, nullptr, false) + reset[j] * rh;
            } else {
              C rh = C(0);
              const T* rrow = rd + (2 * H + j) * H;
              for (int64_t k = 0; k < H; ++k) rh += convert<C>(rrow[k]) * reset[k] * h_prev[k];
              pre = linear(2, j, xt, nullptr, true) + rh;
            }
            const C hh = detail::rnn_activate(g, clip(pre));
            h_new[j] = (C(1) - z) * hh + z * h_prev[j];
          }
        } else {
          // gates i, o, f, c; peepholes i, o, f
          for (int64_t j = 0; j < H; ++j) {
            const C c_prev = cell[j];
            C pi = linear(0, j, xt, h_prev, true), pf = linear(2, j, xt, h_prev, true);
            if (pd) {
              pi += convert<C>(pd[j]) * c_prev;
              pf += convert<C>(pd[2 * H + j]) * c_prev;
            }
            const C ig = detail::rnn_activate(f, clip(pi));
            const C fg = p.input_forget ? C(1) - ig : detail::rnn_activate(f, clip(pf));
            const C cg = detail::rnn_activate(g, clip(linear(3, j, xt, h_prev, true)));
            const C c_new = fg * c_prev + ig * cg;
            C po = linear(1, j, xt, h_prev, true);
            if (pd) po += convert<C>(pd[H + j]) * c_new;
            const C og = detail::rnn_activate(f, clip(po));
            cell[j] = c_new;
            h_new[j] = og * detail::rnn_activate(hact, c_new);
          }
        }
        for (int64_t j = 0; j < H; ++j) {
          h_prev[j] = h_new[j];
          if (y) y[y_index(t, d, n, j)] = convert<T>(h_new[j]);
        }
      }
      for (int64_t j = 0; j < H; ++j) {
        if (y_h) y_h[state_index(d, n, j)] = convert<T>(h_prev[j]);
        if (y_c) y_c[state_index(d, n, j)] = convert<T>(cell[j]);
      }
    }
  }
}

}  // namespace onnx_aotc::ref
