// SPDX-License-Identifier: Apache-2.0
// Reference normalizations: LayerNormalization, RMSNormalization, InstanceNormalization,
// GroupNormalization, LpNormalization, MeanVarianceNormalization and LRN.
// Statistics are accumulated in double and rounded to the computation type C (the stash type where the
// op has one); the normalized value is rounded to T before the scale and bias are applied, as the
// ops' function definitions do.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"
#include "onnx_aotc/ref/reduce.h"

namespace onnx_aotc::ref {

struct LayerNormalizationParams {
  Dims x_dims;          ///< shape of X (and Y)
  Dims scale_strides;   ///< strides of Scale broadcast to X
  Dims bias_strides;    ///< strides of B broadcast to X (unused without B)
  int64_t rows;         ///< product of X's dims before `axis` (= elements of Mean / InvStdDev)
  int64_t row_size;     ///< product of X's dims from `axis` on
  float epsilon;
  bool rms;             ///< RMSNormalization: no mean subtraction, divide by the root mean square
};

namespace norm_detail {

/// y = convert<T>(normalized) * scale + bias, each step rounded to T.
template <typename T>
inline T scale_shift(T normalized, const T* scale, int64_t scale_at, const T* bias, int64_t bias_at) {
  using CT = compute_t<T>;
  T v = normalized;
  if (scale) v = convert<T>(convert<CT>(v) * convert<CT>(scale[scale_at]));
  if (bias) v = convert<T>(convert<CT>(v) + convert<CT>(bias[bias_at]));
  return v;
}

/// Mean and 1/sqrt(variance + epsilon) of n values at x[0], x[stride], ... (rms: mean 0, mean of squares).
template <typename C, typename T>
inline void moments(const T* x, int64_t n, int64_t stride, double epsilon, bool rms, C& mean, C& inv_std) {
  double sum = 0;
  if (!rms)
    for (int64_t i = 0; i < n; ++i) sum += convert<double>(convert<C>(x[i * stride]));
  mean = rms ? C(0) : static_cast<C>(sum / static_cast<double>(n));
  double sq = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double d = convert<double>(convert<C>(x[i * stride])) - static_cast<double>(mean);
    sq += d * d;
  }
  const C var = static_cast<C>(sq / static_cast<double>(n));
  inv_std = C(1) / std::sqrt(var + static_cast<C>(epsilon));
}

}  // namespace norm_detail

/// LayerNormalization (rms=false) and RMSNormalization (rms=true). U is the stash type: the precision of
/// the first stage and the type of the optional Mean and InvStdDev outputs.
template <typename T, typename U>
inline void layer_normalization(const LayerNormalizationParams& p, const T* x, const T* scale, const T* bias, T* y,
                                U* mean_out, U* inv_std_out) {
  using C = compute_t<U>;
  OffsetWalker<2> walk{p.x_dims, {p.scale_strides, p.bias_strides}};
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* row = x + r * p.row_size;
    C mean, inv_std;
    norm_detail::moments<C>(row, p.row_size, 1, p.epsilon, p.rms, mean, inv_std);
    if (mean_out) mean_out[r] = convert<U>(mean);
    if (inv_std_out) inv_std_out[r] = convert<U>(inv_std);
    for (int64_t i = 0; i < p.row_size; ++i) {
      const T normalized = convert<T>((convert<C>(row[i]) - mean) * inv_std);
      y[r * p.row_size + i] = norm_detail::scale_shift(normalized, scale, walk.offset[0], bias, walk.offset[1]);
      walk.step();
    }
  }
}

template <typename T, typename U>
inline void rms_normalization(const LayerNormalizationParams& p, const T* x, const T* scale, T* y) {
  layer_normalization<T, U>(p, x, scale, static_cast<const T*>(nullptr), y, static_cast<U*>(nullptr),
                            static_cast<U*>(nullptr));
}

struct GroupNormalizationParams {
  int64_t batch, channels, spatial;  ///< X viewed as [N, C, spatial]
  int64_t groups;                    ///< InstanceNormalization: groups == channels
  float epsilon;
  bool per_group_scale;              ///< GroupNormalization before opset 21: Scale and B have one value per group
};

/// GroupNormalization and InstanceNormalization: normalizes each [C/groups, spatial] block of each sample,
/// then applies the per-channel (or per-group) scale and bias. U is the stash type.
template <typename T, typename U>
inline void group_normalization(const GroupNormalizationParams& p, const T* x, const T* scale, const T* bias, T* y) {
  using C = compute_t<U>;
  const int64_t per_group = p.channels / p.groups;
  const int64_t block = per_group * p.spatial;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t g = 0; g < p.groups; ++g) {
      const int64_t base = (n * p.groups + g) * block;
      C mean, inv_std;
      norm_detail::moments<C>(x + base, block, 1, p.epsilon, false, mean, inv_std);
      for (int64_t c = 0; c < per_group; ++c) {
        const int64_t param = p.per_group_scale ? g : g * per_group + c;
        for (int64_t s = 0; s < p.spatial; ++s) {
          const int64_t at = base + c * p.spatial + s;
          const T normalized = convert<T>((convert<C>(x[at]) - mean) * inv_std);
          y[at] = norm_detail::scale_shift(normalized, scale, param, bias, param);
        }
      }
    }
}

struct LpNormalizationParams {
  int64_t outer, axis_size, inner;
  int32_t p;  ///< 1 or 2
};

/// LpNormalization: x divided by its L1 or L2 norm along the axis (a zero norm gives NaN / inf as the
/// division does).
template <typename T>
inline void lp_normalization(const LpNormalizationParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const int64_t base = o * p.axis_size * p.inner + i;
      double acc = 0;
      for (int64_t a = 0; a < p.axis_size; ++a) {
        const double v = convert<double>(x[base + a * p.inner]);
        acc += p.p == 1 ? std::fabs(v) : v * v;
      }
      const C norm = static_cast<C>(p.p == 1 ? acc : std::sqrt(acc));
      // A zero vector stays zero (as ONNX's reference defines it) instead of becoming 0/0.
      for (int64_t a = 0; a < p.axis_size; ++a)
        y[base + a * p.inner] = norm == C(0) ? T{} : convert<T>(convert<C>(x[base + a * p.inner]) / norm);
    }
}

struct MeanVarianceNormalizationParams {
  Dims kept, kept_strides;        ///< the dimensions not in `axes` and their strides
  Dims reduced, reduced_strides;  ///< the dimensions in `axes` and their strides
};

/// MeanVarianceNormalization: (x - mean) / (sqrt(variance) + 1e-9) over the axes.
template <typename T>
inline void mean_variance_normalization(const MeanVarianceNormalizationParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  const double count = static_cast<double>(p.reduced.numel());
  for_each_offset(p.kept, p.kept_strides, 0, [&](int64_t base) {
    double sum = 0;
    for_each_offset(p.reduced, p.reduced_strides, base, [&](int64_t o) { sum += convert<double>(x[o]); });
    const C mean = static_cast<C>(sum / count);
    double sq = 0;
    for_each_offset(p.reduced, p.reduced_strides, base, [&](int64_t o) {
      const double d = convert<double>(x[o]) - static_cast<double>(mean);
      sq += d * d;
    });
    const C denom = std::sqrt(static_cast<C>(sq / count)) + static_cast<C>(1e-9);
    for_each_offset(p.reduced, p.reduced_strides, base,
                    [&](int64_t o) { y[o] = convert<T>((convert<C>(x[o]) - mean) / denom); });
  });
}

struct LrnParams {
  int64_t batch, channels, spatial;  ///< X viewed as [N, C, spatial]
  int64_t size;
  float alpha, beta, bias;
};

/// LRN across channels: y = x / (bias + alpha / size * sum of x^2 over the channel window) ^ beta, the window
/// being [c - floor((size-1)/2), c + ceil((size-1)/2)] clipped to the channels.
template <typename T>
inline void lrn(const LrnParams& p, const T* x, T* y) {
  using C = compute_t<T>;
  const int64_t before = (p.size - 1) / 2, after = p.size - 1 - before;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t c = 0; c < p.channels; ++c) {
      const int64_t lo = c - before < 0 ? 0 : c - before;
      const int64_t hi = c + after >= p.channels ? p.channels - 1 : c + after;
      for (int64_t s = 0; s < p.spatial; ++s) {
        C sq = C(0);
        for (int64_t k = lo; k <= hi; ++k) {
          const C v = convert<C>(x[(n * p.channels + k) * p.spatial + s]);
          sq += v * v;
        }
        const int64_t at = (n * p.channels + c) * p.spatial + s;
        const C denom = std::pow(static_cast<C>(p.bias) + static_cast<C>(p.alpha) / static_cast<C>(p.size) * sq,
                                 static_cast<C>(p.beta));
        y[at] = convert<T>(convert<C>(x[at]) / denom);
      }
    }
}

}  // namespace onnx_aotc::ref
