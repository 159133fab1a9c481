// SPDX-License-Identifier: Apache-2.0
// The com.onnx_aotc fused ops: a Conv or Gemm and its epilogue (a residual add, then an activation) in one call.
//
// The epilogue is the executable spec of what the fused ops compute: exactly the unfused Add and activation
// kernels applied to the Conv/Gemm result, element by element, with the same rounding. Optimized providers
// apply it while an output tile is still in registers.
#pragma once

#include "onnx_aotc/ref/conv.h"
#include "onnx_aotc/ref/elementwise.h"
#include "onnx_aotc/ref/gemm.h"

namespace onnx_aotc::ref {

/// Activation codes of Epilogue::activation (the `activation` attribute of the fused ops).
inline constexpr int64_t kActivationNone = 0;
inline constexpr int64_t kActivationRelu = 1;
inline constexpr int64_t kActivationLeakyRelu = 2;    ///< alpha
inline constexpr int64_t kActivationSigmoid = 3;
inline constexpr int64_t kActivationHardSigmoid = 4;  ///< alpha, beta
inline constexpr int64_t kActivationTanh = 5;
inline constexpr int64_t kActivationClip = 6;         ///< alpha = min, beta = max
inline constexpr int64_t kActivationGelu = 7;
inline constexpr int64_t kActivationGeluTanh = 8;
inline constexpr int64_t kActivationHardSwish = 9;

struct Epilogue {
  int64_t activation;
  float alpha;
  float beta;
};

/// y = activation(y + z) over `count` elements; `z` (the residual) may be null.
template <typename T>
inline void apply_epilogue(const Epilogue& e, const T* z, T* y, int64_t count) {
  if (z)
    for (int64_t i = 0; i < count; ++i) y[i] = convert<T>(ew_detail::load(y[i]) + ew_detail::load(z[i]));
  const UnaryParams p{count, e.alpha, e.beta};
  switch (e.activation) {
    case kActivationRelu: relu(p, y, y); break;
    case kActivationLeakyRelu: leaky_relu(p, y, y); break;
    case kActivationSigmoid: sigmoid(p, y, y); break;
    case kActivationHardSigmoid: hard_sigmoid(p, y, y); break;
    case kActivationTanh: tanh(p, y, y); break;
    case kActivationClip: clip(ClipParams{count, true, true, e.alpha, e.beta}, y, static_cast<const T*>(nullptr), static_cast<const T*>(nullptr), y); break;
    case kActivationGelu: gelu(p, y, y); break;
    case kActivationGeluTanh: gelu_tanh(p, y, y); break;
    case kActivationHardSwish: hard_swish(p, y, y); break;
    default: break;
  }
}

struct FusedConvParams {
  ConvParams conv;
  Epilogue epilogue;
};

/// FusedConv: Y = activation(conv(X, W) + B + Z). `b` and `z` may be null.
template <typename T>
inline void fused_conv(const FusedConvParams& p, const T* x, const T* w, const T* b, const T* z, T* y) {
  conv(p.conv, x, w, b, y);
  const ConvParams& c = p.conv;
  const int64_t count = c.batch * c.out_channels * c.out_spatial.d[0] * c.out_spatial.d[1] * c.out_spatial.d[2];
  apply_epilogue(p.epilogue, z, y, count);
}

struct FusedGemmParams {
  GemmParams gemm;
  Epilogue epilogue;
};

/// FusedGemm: Y = activation(alpha * op(A) * op(B) + beta * C).
template <typename T>
inline void fused_gemm(const FusedGemmParams& p, const T* a, const T* b, const T* c, T* y) {
  gemm(p.gemm, a, b, c, y);
  apply_epilogue(p.epilogue, static_cast<const T*>(nullptr), y, p.gemm.m * p.gemm.n);
}

}  // namespace onnx_aotc::ref
