// SPDX-License-Identifier: Apache-2.0
// Reference GridSample (1 to 3 spatial dims; linear, nearest, cubic; zeros, border, reflection padding)
// and AffineGrid.
#pragma once

#include <cmath>

#include "onnx_aotc/ref/common.h"

namespace onnx_aotc::ref {

struct GridSampleParams {
  int64_t batch, channels;
  Dims in_spatial;   ///< rank 1..3
  Dims out_spatial;  ///< same rank
  int32_t mode;      ///< 0 linear, 1 nearest, 2 cubic
  int32_t padding;   ///< 0 zeros, 1 border, 2 reflection
  bool align_corners;
};

namespace detail {

/// Reflects x into [lo, hi] by repeated mirroring at the nearer border.
template <typename C>
inline C grid_reflect(C x, C lo, C hi) {
  const C range = hi - lo;
  if (range <= C(0)) return lo;
  if (x < lo) {
    const C dx = lo - x;
    const int64_t n = static_cast<int64_t>(dx / range);
    const C r = dx - static_cast<C>(n) * range;
    return n % 2 == 0 ? lo + r : hi - r;
  }
  if (x > hi) {
    const C dx = x - hi;
    const int64_t n = static_cast<int64_t>(dx / range);
    const C r = dx - static_cast<C>(n) * range;
    return n % 2 == 0 ? hi - r : lo + r;
  }
  return x;
}

template <typename C>
inline void cubic_coeffs(C t, C* w) {
  const C a = C(-0.75);
  const C x = t < C(0) ? -t : t;
  w[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
  w[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
  w[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
  w[3] = ((a * (2 - x) - 5 * a) * (2 - x) + 8 * a) * (2 - x) - 4 * a;
}

}  // namespace detail

template <typename T, typename G>
inline void grid_sample(const GridSampleParams& p, const T* x, const G* grid, T* y) {
  using C = std::conditional_t<std::is_same_v<T, double> || std::is_same_v<G, double>, double, float>;
  const int r = p.in_spatial.rank;
  const int64_t in_plane = p.in_spatial.numel(), out_plane = p.out_spatial.numel();
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t o = 0; o < out_plane; ++o) {
      const G* g = grid + (n * out_plane + o) * r;
      // Per spatial dim (outermost first): up to 4 taps of (index or -1 for a zero pad, weight).
      int64_t idx[3][4];
      C wt[3][4];
      int taps[3];
      for (int i = 0; i < r; ++i) {
        const int64_t size = p.in_spatial.d[i];
        const C v = convert<C>(g[r - 1 - i]);  // grid's last axis lists x (innermost) first
        C c = p.align_corners ? (v + 1) / 2 * static_cast<C>(size - 1) : ((v + 1) * static_cast<C>(size) - 1) / 2;
        if (p.mode == 1) c = std::nearbyint(c);
        const C lo = p.align_corners ? C(0) : C(-0.5);
        const C hi = p.align_corners ? static_cast<C>(size - 1) : static_cast<C>(size) - C(0.5);
        if (c < lo || c > hi) {
          if (p.padding == 1) c = c < 0 ? C(0) : (c > static_cast<C>(size - 1) ? static_cast<C>(size - 1) : c);
          else if (p.padding == 2) c = detail::grid_reflect(c, lo, hi);
        }
        auto pixel = [&](int64_t k) -> int64_t {
          if (k >= 0 && k < size) return k;
          if (p.padding == 0) return -1;
          if (p.padding == 1) return k < 0 ? 0 : size - 1;
          return static_cast<int64_t>(detail::grid_reflect(static_cast<C>(k), lo, hi));
        };
        if (p.mode == 1) {
          taps[i] = 1;
          idx[i][0] = pixel(static_cast<int64_t>(c));
          wt[i][0] = C(1);
        } else {
          const C f = std::floor(c);
          const int64_t k0 = static_cast<int64_t>(f);
          const C t = c - f;
          if (p.mode == 0) {
            taps[i] = 2;
            idx[i][0] = pixel(k0);
            idx[i][1] = pixel(k0 + 1);
            wt[i][0] = 1 - t;
            wt[i][1] = t;
          } else {
            taps[i] = 4;
            detail::cubic_coeffs(t, wt[i]);
            for (int k = 0; k < 4; ++k) idx[i][k] = pixel(k0 - 1 + k);
          }
        }
      }
      for (int i = r; i < 3; ++i) {
        taps[i] = 1;
        idx[i][0] = 0;
        wt[i][0] = C(1);
      }
      const int64_t s1 = r >= 2 ? p.in_spatial.d[1] : 1, s2 = r >= 3 ? p.in_spatial.d[2] : 1;
      for (int64_t ch = 0; ch < p.channels; ++ch) {
        const T* plane = x + (n * p.channels + ch) * in_plane;
        C acc = C(0);
        for (int a = 0; a < taps[0]; ++a) {
          if (idx[0][a] < 0) continue;
          for (int b = 0; b < taps[1]; ++b) {
            if (idx[1][b] < 0) continue;
            for (int c = 0; c < taps[2]; ++c) {
              if (idx[2][c] < 0) continue;
              acc += wt[0][a] * wt[1][b] * wt[2][c] * convert<C>(plane[(idx[0][a] * s1 + idx[1][b]) * s2 + idx[2][c]]);
            }
          }
        }
        y[(n * p.channels + ch) * out_plane + o] = convert<T>(acc);
      }
    }
}

struct AffineGridParams {
  int64_t batch;
  Dims size;  ///< rank 2 (H, W) or 3 (D, H, W): spatial output size
  bool align_corners;
};

/// grid[n, (d,) h, w, :] = theta[n] @ (x, y, (z,) 1) over the normalized output coordinates.
template <typename T>
inline void affine_grid(const AffineGridParams& p, const T* theta, T* grid) {
  using C = compute_t<T>;
  const int r = p.size.rank;
  const int64_t plane = p.size.numel();
  auto coord = [&](int64_t k, int64_t size) -> C {
    if (size <= 1) return p.align_corners ? C(-1) : C(0);
    if (p.align_corners) return C(-1) + C(2) * static_cast<C>(k) / static_cast<C>(size - 1);
    return (C(2) * static_cast<C>(k) + 1) / static_cast<C>(size) - 1;
  };
  for (int64_t n = 0; n < p.batch; ++n) {
    const T* th = theta + n * r * (r + 1);
    for (int64_t o = 0; o < plane; ++o) {
      // base = (x, y, z, 1) with x the innermost spatial dim
      C base[4];
      int64_t rest = o;
      for (int i = r - 1; i >= 0; --i) {
        const int64_t k = rest % p.size.d[i];
        rest /= p.size.d[i];
        base[r - 1 - i] = coord(k, p.size.d[i]);
      }
      base[r] = C(1);
      for (int row = 0; row < r; ++row) {
        C acc = C(0);
        for (int col = 0; col <= r; ++col) acc += convert<C>(th[row * (r + 1) + col]) * base[col];
        grid[(n * plane + o) * r + row] = convert<T>(acc);
      }
    }
  }
}

}  // namespace onnx_aotc::ref
