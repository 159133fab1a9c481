// SPDX-License-Identifier: Apache-2.0
// TfIdfVectorizer on integer or string tokens. The compiler lists the pool's n-grams (those with a length in
// [min_gram, max_gram]) as triples (offset in pool, length, output column); the kernel counts, per row, every
// occurrence of each n-gram whose items are `skip + 1` apart for skip in [0, max_skip] (unigrams once), then
// weights the counts: TF count; IDF weight (or 1) where count > 0; TFIDF weight (or 1) * count.
#pragma once

#include <type_traits>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct TfIdfVectorizerParams {
  int64_t rows;
  int64_t cols;
  int64_t min_gram;
  int64_t max_gram;
  int64_t max_skip;
  int64_t grams;     ///< entries of the n-gram table
  int64_t out_size;  ///< output columns
  int64_t mode;      ///< 0 TF, 1 IDF, 2 TFIDF
  bool has_weights;
};

namespace detail {
/// A token equals a pool item: integers as int64, strings byte for byte.
template <typename I, typename P>
inline bool tf_idf_same(const I& token, const P& item) {
  if constexpr (std::is_same_v<I, onnx_aotc_string>) return token == item;
  else return static_cast<int64_t>(token) == item;
}
}  // namespace detail

/// Tokens I (int32_t, int64_t, onnx_aotc_string) against a pool of P (int64_t, or onnx_aotc_string for strings).
template <typename I, typename P>
inline void tf_idf_vectorizer(const TfIdfVectorizerParams& p, const I* x, const int64_t* grams, const P* pool,
                              const float* weights, float* y) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const I* xr = x + r * p.cols;
    float* yr = y + r * p.out_size;
    for (int64_t k = 0; k < p.out_size; ++k) yr[k] = 0.0f;
    for (int64_t n = p.min_gram < 1 ? 1 : p.min_gram; n <= p.max_gram; ++n)
      for (int64_t skip = 0; skip <= (n == 1 ? 0 : p.max_skip); ++skip) {
        const int64_t d = skip + 1;
        for (int64_t start = 0; start + d * (n - 1) < p.cols; ++start)
          // The last matching entry wins, as a pool listing an n-gram twice maps it to its last column.
          for (int64_t g = p.grams - 1; g >= 0; --g) {
            const int64_t* e = grams + g * 3;
            if (e[1] != n) continue;
            bool match = true;
            for (int64_t k = 0; k < n && match; ++k) match = detail::tf_idf_same(xr[start + k * d], pool[e[0] + k]);
            if (match) {
              yr[e[2]] += 1.0f;
              break;
            }
          }
      }
    for (int64_t k = 0; k < p.out_size; ++k) {
      const float w = p.has_weights ? weights[k] : 1.0f;
      if (p.mode == 1) yr[k] = yr[k] > 0 ? w : 0.0f;
      else if (p.mode == 2) yr[k] = w * yr[k];
    }
  }
}

}  // namespace onnx_aotc::ref
