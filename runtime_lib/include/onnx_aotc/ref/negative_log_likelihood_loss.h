// SPDX-License-Identifier: Apache-2.0
// Reference NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (the same loss taken over LogSoftmax of the
// scores along the class axis). The input is viewed as [N, C, D] (D: the product of d1..dk), the target as [N, D].
// Each sample's loss is -x[n, c, d] * weight[c] (weight 1 without a weight input), 0 where the target equals
// ignore_index. `reduction`: 0 none (loss has the target's shape), 1 sum, 2 mean (the sum divided by the sum of the
// weights of the samples that are not ignored).
#pragma once

#include <cmath>
#include <limits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct NegativeLogLikelihoodLossParams {
  int64_t n, classes, inner;
  int64_t reduction;  ///< 0 none, 1 sum, 2 mean
  bool has_ignore_index;
  int64_t ignore_index;
  bool log_softmax;  ///< SoftmaxCrossEntropyLoss: take the loss of LogSoftmax(x) along the class axis
};

/// `weight` (C values) may be null; `log_prob` (x's shape) may be null and is written only when `log_softmax`.
/// A target outside [0, C) that is not ignore_index gives a NaN loss.
template <typename T, typename I>
inline void negative_log_likelihood_loss(const NegativeLogLikelihoodLossParams& p, const T* x, const I* target,
                                         const T* weight, T* loss, T* log_prob) {
  using C = compute_t<T>;
  C sum = C(0), weight_sum = C(0);
  for (int64_t n = 0; n < p.n; ++n)
    for (int64_t d = 0; d < p.inner; ++d) {
      const int64_t base = n * p.classes * p.inner + d;
      C shift = C(0);
      if (p.log_softmax && p.classes > 0) {
        C max = convert<C>(x[base]);
        for (int64_t c = 1; c < p.classes; ++c) {
          const C v = convert<C>(x[base + c * p.inner]);
          max = v > max ? v : max;
        }
        C exp_sum = C(0);
        for (int64_t c = 0; c < p.classes; ++c) exp_sum += std::exp(convert<C>(x[base + c * p.inner]) - max);
        shift = max + std::log(exp_sum);
        if (log_prob)
          for (int64_t c = 0; c < p.classes; ++c)
            log_prob[base + c * p.inner] = convert<T>(convert<C>(x[base + c * p.inner]) - shift);
      }
      const int64_t t = static_cast<int64_t>(target[n * p.inner + d]);
      C value = C(0);
      if (!(p.has_ignore_index && t == p.ignore_index)) {
        if (t < 0 || t >= p.classes) {
          value = std::numeric_limits<C>::quiet_NaN();
        } else {
          const C w = weight ? convert<C>(weight[t]) : C(1);
          value = -(convert<C>(x[base + t * p.inner]) - shift) * w;
          weight_sum += w;
        }
      }
      if (p.reduction == 0) loss[n * p.inner + d] = convert<T>(value);
      else sum += value;
    }
  if (p.reduction == 1) loss[0] = convert<T>(sum);
  else if (p.reduction == 2) loss[0] = convert<T>(sum / weight_sum);
}

}  // namespace onnx_aotc::ref
