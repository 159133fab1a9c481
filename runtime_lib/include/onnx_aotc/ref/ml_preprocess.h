// SPDX-License-Identifier: Apache-2.0
// The elementwise and per-row ai.onnx.ml ops: Binarizer, ArrayFeatureExtractor, Scaler, Normalizer, Imputer,
// FeatureVectorizer, OneHotEncoder and LabelEncoder (which CategoryMapper lowers to); string elements are
// onnx_aotc_string views, copied, never their characters. Inputs are read as rows of `cols`
// features (a 1-D input is one row); variable-length attributes arrive as constant tables.
#pragma once

#include <cmath>
#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct BinarizerParams {
  int64_t count;
  double threshold;
};

/// y = x > threshold ? 1 : 0 (NaN gives 0).
template <typename T>
inline void binarizer(const BinarizerParams& p, const T* x, T* y) {
  for (int64_t i = 0; i < p.count; ++i) y[i] = convert<T>(convert<double>(x[i]) > p.threshold ? 1.0 : 0.0);
}

struct ArrayFeatureExtractorParams {
  int64_t rows;     ///< product of the data's dims before the last
  int64_t cols;     ///< the data's last dim
  int64_t indices;  ///< number of indices
};

namespace ml_detail {
/// 0, or the empty string.
template <typename T>
inline T zero() {
  if constexpr (std::is_same_v<T, onnx_aotc_string>) return onnx_aotc_string{"", 0};
  else return T{};
}
}  // namespace ml_detail

/// y[r, k] = x[r, indices[k]] (numbers or strings); an index outside [0, cols) gives 0 or "".
template <typename T>
inline void array_feature_extractor(const ArrayFeatureExtractorParams& p, const T* x, const int64_t* indices, T* y) {
  for (int64_t r = 0; r < p.rows; ++r)
    for (int64_t k = 0; k < p.indices; ++k) {
      const int64_t c = indices[k];
      y[r * p.indices + k] = (c >= 0 && c < p.cols) ? x[r * p.cols + c] : ml_detail::zero<T>();
    }
}

struct ScalerParams {
  int64_t rows;
  int64_t cols;
  bool one_offset;  ///< offset has one entry for every column
  bool one_scale;
};

/// y[r, c] = (x[r, c] - offset[c]) * scale[c], in float.
template <typename T>
inline void scaler(const ScalerParams& p, const T* x, const float* offset, const float* scale, float* y) {
  for (int64_t r = 0; r < p.rows; ++r)
    for (int64_t c = 0; c < p.cols; ++c) {
      const float o = offset[p.one_offset ? 0 : c], s = scale[p.one_scale ? 0 : c];
      y[r * p.cols + c] = (convert<float>(x[r * p.cols + c]) - o) * s;
    }
}

struct NormalizerParams {
  int64_t rows;
  int64_t cols;
  int64_t norm;  ///< 0 MAX, 1 L1, 2 L2
};

/// Divides each row by its max, L1 or L2 norm (a zero norm leaves the row as it is).
template <typename T>
inline void normalizer(const NormalizerParams& p, const T* x, float* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const T* xr = x + r * p.cols;
    float* yr = y + r * p.cols;
    float d = p.norm == 0 && p.cols > 0 ? convert<float>(xr[0]) : 0.0f;
    for (int64_t c = 0; c < p.cols; ++c) {
      const float v = convert<float>(xr[c]);
      if (p.norm == 0) d = v > d ? v : d;
      else if (p.norm == 1) d += std::fabs(v);
      else d += v * v;
    }
    if (p.norm == 2) d = std::sqrt(d);
    for (int64_t c = 0; c < p.cols; ++c) yr[c] = d != 0.0f ? convert<float>(xr[c]) / d : convert<float>(xr[c]);
  }
}

struct ImputerParams {
  int64_t rows;
  int64_t cols;
  bool one_value;    ///< one imputed value for every column
  bool replace_nan;  ///< the replaced value is NaN: NaNs are imputed
  double replaced;   ///< otherwise elements equal to this are imputed
};

/// y = x, with elements equal to the replaced value (or NaN) set to the column's imputed value.
template <typename T>
inline void imputer(const ImputerParams& p, const T* x, const T* values, T* y) {
  for (int64_t r = 0; r < p.rows; ++r)
    for (int64_t c = 0; c < p.cols; ++c) {
      const T v = x[r * p.cols + c];
      const double d = convert<double>(v);
      const bool hit = p.replace_nan ? std::isnan(d) : d == p.replaced;
      y[r * p.cols + c] = hit ? values[p.one_value ? 0 : c] : v;
    }
}

struct FeatureVectorizerParams {
  int64_t rows;
  int64_t inputs;
  int64_t out_cols;  ///< sum of inputdimensions
};

/// Concatenates each row of the inputs (input i cut or zero-padded to dims[i] columns) as float.
template <typename T>
inline void feature_vectorizer(const FeatureVectorizerParams& p, const T* const* xs, const int64_t* in_cols,
                               const int64_t* dims, float* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    float* yr = y + r * p.out_cols;
    for (int64_t i = 0; i < p.inputs; ++i) {
      for (int64_t c = 0; c < dims[i]; ++c) yr[c] = c < in_cols[i] ? convert<float>(xs[i][r * in_cols[i] + c]) : 0.0f;
      yr += dims[i];
    }
  }
}

struct OneHotEncoderParams {
  int64_t count;
  int64_t cats;
};

/// y[i, k] = 1 for the last k with cats[k] == x[i], else 0. Numbers are compared as int64 (C is int64_t),
/// strings as strings (T and C are onnx_aotc_string).
template <typename T, typename C>
inline void one_hot_encoder(const OneHotEncoderParams& p, const T* x, const C* cats, float* y) {
  for (int64_t i = 0; i < p.count; ++i) {
    C key{};
    bool valid = true;
    if constexpr (std::is_same_v<T, onnx_aotc_string> || std::is_integral_v<T>) {
      key = static_cast<C>(x[i]);
    } else {
      const double v = convert<double>(x[i]);
      valid = v > -9.2e18 && v < 9.2e18;
      key = valid ? static_cast<int64_t>(v) : 0;
    }
    int64_t hit = -1;
    for (int64_t k = p.cats - 1; k >= 0 && valid && hit < 0; --k)
      if (cats[k] == key) hit = k;
    for (int64_t k = 0; k < p.cats; ++k) y[i * p.cats + k] = k == hit ? 1.0f : 0.0f;
  }
}

struct LabelEncoderParams {
  int64_t count;
  int64_t keys;
};

/// y = values[k] for the last k with keys[k] == x (a NaN key matches any NaN), else the default.
namespace ml_detail {
/// NaN keys match NaN inputs (numbers only; strings have no NaN).
template <typename T>
inline bool is_nan_key(const T& v) {
  if constexpr (std::is_floating_point_v<T>) return v != v;
  else return false;
}
}  // namespace ml_detail

template <typename I, typename O>
inline void label_encoder(const LabelEncoderParams& p, const I* x, const I* keys, const O* values,
                          const O* default_value, O* y) {
  for (int64_t i = 0; i < p.count; ++i) {
    const I v = x[i];
    const bool v_nan = ml_detail::is_nan_key(v);
    O out = default_value[0];
    for (int64_t k = p.keys - 1; k >= 0; --k) {
      if (keys[k] == v || (v_nan && ml_detail::is_nan_key(keys[k]))) {
        out = values[k];
        break;
      }
    }
    y[i] = out;
  }
}

}  // namespace onnx_aotc::ref
