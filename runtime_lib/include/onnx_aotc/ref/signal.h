// SPDX-License-Identifier: Apache-2.0
// Reference signal-processing ops: DFT, STFT, HannWindow/HammingWindow/BlackmanWindow, MelWeightMatrix.
// Transforms are direct O(n^2) sums in double with exact twiddle indices (f * k mod n).
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

namespace detail {
constexpr double kPi = 3.14159265358979323846;

template <typename T>
inline double as_double(T v) {
  if constexpr (std::is_same_v<T, double>) return v;
  else return static_cast<double>(convert<float>(v));
}
}  // namespace detail

/// The input is viewed as [outer, in_len, inner, in_components] and the output as
/// [outer, out_len, inner, out_components]; the transform runs along the middle axis.
struct DftParams {
  int64_t outer, inner, in_len;
  int64_t n;        ///< dft_length: the signal is zero-padded or truncated to n
  int64_t out_len;  ///< n, n/2+1 (one-sided forward) or n (inverse one-sided)
  bool in_complex, inverse, irfft;  ///< irfft: inverse of a one-sided spectrum, real output
};

template <typename T>
inline void dft(const DftParams& p, const T* x, T* y) {
  const int64_t ic = p.in_complex ? 2 : 1;
  const int64_t oc = p.irfft ? 1 : 2;
  const double sign = p.inverse ? 1.0 : -1.0;
  const double scale = p.inverse ? 1.0 / static_cast<double>(p.n) : 1.0;
  const int64_t used = p.in_len < p.n ? p.in_len : p.n;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      auto in = [&](int64_t k, int64_t c) -> double {
        if (c >= ic) return 0.0;
        return detail::as_double(x[((o * p.in_len + k) * p.inner + i) * ic + c]);
      };
      for (int64_t f = 0; f < p.out_len; ++f) {
        double re = 0, im = 0;
        if (p.irfft) {
          // Hermitian extension of the one-sided spectrum, real part of the inverse transform.
          for (int64_t k = 0; k < p.n; ++k) {
            double zr = 0, zi = 0;
            const int64_t src = k <= p.n / 2 ? k : p.n - k;
            if (src < p.in_len) {
              zr = in(src, 0);
              zi = k <= p.n / 2 ? in(src, 1) : -in(src, 1);
            }
            const double angle = 2.0 * detail::kPi * static_cast<double>((k * f) % p.n) / static_cast<double>(p.n);
            re += zr * std::cos(angle) - zi * std::sin(angle);
          }
        } else {
          for (int64_t k = 0; k < used; ++k) {
            const double zr = in(k, 0), zi = in(k, 1);
            const double angle = sign * 2.0 * detail::kPi * static_cast<double>((k * f) % p.n) / static_cast<double>(p.n);
            const double c = std::cos(angle), s = std::sin(angle);
            re += zr * c - zi * s;
            im += zr * s + zi * c;
          }
        }
        T* out = y + ((o * p.out_len + f) * p.inner + i) * oc;
        out[0] = convert<T>(re * scale);
        if (oc == 2) out[1] = convert<T>(im * scale);
      }
    }
}

struct StftParams {
  int64_t batch, signal_len, frames, frame_step, frame_length, bins;
  bool in_complex;
};

/// output[b, t, f] = sum_k signal[b, t * step + k] * window[k] * exp(-2 pi i f k / frame_length).
/// `window` may be null (rectangular).
template <typename T>
inline void stft(const StftParams& p, const T* signal, const T* window, T* y) {
  const int64_t ic = p.in_complex ? 2 : 1;
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t t = 0; t < p.frames; ++t)
      for (int64_t f = 0; f < p.bins; ++f) {
        double re = 0, im = 0;
        for (int64_t k = 0; k < p.frame_length; ++k) {
          const T* s = signal + (b * p.signal_len + t * p.frame_step + k) * ic;
          const double w = window ? detail::as_double(window[k]) : 1.0;
          const double zr = detail::as_double(s[0]) * w;
          const double zi = p.in_complex ? detail::as_double(s[1]) * w : 0.0;
          const double angle = -2.0 * detail::kPi * static_cast<double>((k * f) % p.frame_length) / static_cast<double>(p.frame_length);
          const double c = std::cos(angle), sn = std::sin(angle);
          re += zr * c - zi * sn;
          im += zr * sn + zi * c;
        }
        T* out = y + ((b * p.frames + t) * p.bins + f) * 2;
        out[0] = convert<T>(re);
        out[1] = convert<T>(im);
      }
}

struct WindowParams {
  int64_t size;
  int32_t kind;  ///< 0 Hann, 1 Hamming, 2 Blackman
  bool periodic;
};

template <typename T>
inline void window_function(const WindowParams& p, T* y) {
  const double n1 = static_cast<double>(p.periodic ? p.size : p.size - 1);
  for (int64_t k = 0; k < p.size; ++k) {
    const double a = 2.0 * detail::kPi * static_cast<double>(k) / n1;
    double v;
    if (p.kind == 0) {
      const double s = std::sin(detail::kPi * static_cast<double>(k) / n1);
      v = s * s;
    } else if (p.kind == 1) {
      v = 25.0 / 46.0 - (1.0 - 25.0 / 46.0) * std::cos(a);
    } else {
      v = 0.42 - 0.5 * std::cos(a) + 0.08 * std::cos(2.0 * a);
    }
    y[k] = convert<T>(v);
  }
}

struct MelWeightMatrixParams {
  int64_t num_mel_bins, dft_length;
};

/// Triangular mel filter bank, [dft_length / 2 + 1, num_mel_bins].
template <typename I, typename F, typename T>
inline void mel_weight_matrix(const MelWeightMatrixParams& p, const I* sample_rate, const F* lower_edge_hertz,
                              const F* upper_edge_hertz, T* y) {
  const int64_t spectrogram_bins = p.dft_length / 2 + 1;
  for (int64_t i = 0; i < spectrogram_bins * p.num_mel_bins; ++i) y[i] = convert<T>(0.0);
  const float low_mel = 2595.0f * std::log10(1.0f + convert<float>(*lower_edge_hertz) / 700.0f);
  const float high_mel = 2595.0f * std::log10(1.0f + convert<float>(*upper_edge_hertz) / 700.0f);
  const double step = static_cast<double>((high_mel - low_mel) / static_cast<float>(p.num_mel_bins + 2));
  const double rate = static_cast<double>(*sample_rate);
  auto bin = [&](int64_t k) -> int64_t {
    const double mel = static_cast<double>(k) * step + static_cast<double>(low_mel);
    const double hz = 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
    return static_cast<int64_t>(std::floor(static_cast<double>(p.dft_length + 1) * hz / rate));
  };
  auto set = [&](int64_t row, int64_t col, double v) {
    if (row >= 0 && row < spectrogram_bins) y[row * p.num_mel_bins + col] = convert<T>(v);
  };
  for (int64_t i = 0; i < p.num_mel_bins; ++i) {
    const int64_t lo = bin(i), center = bin(i + 1), hi = bin(i + 2);
    if (center == lo) {
      set(center, i, 1.0);
    } else {
      for (int64_t j = lo; j <= center; ++j) set(j, i, static_cast<double>(j - lo) / static_cast<double>(center - lo));
    }
    for (int64_t j = center; j < hi; ++j) set(j, i, static_cast<double>(hi - j) / static_cast<double>(hi - center));
  }
}

}  // namespace onnx_aotc::ref
