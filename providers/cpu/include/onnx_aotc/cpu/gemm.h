// SPDX-License-Identifier: Apache-2.0
// Gemm and FusedGemm for the CPU provider, and the GEMM core that MatMul and Conv share: Eigen's blocked GEBP
// kernel run on caller memory, with its packing buffers in an arena workspace so that nothing is allocated.
//
// Layout. Every operand is row-major, which Eigen sees as the transposed column-major matrix: Y = op(A) op(B) is
// computed as Y^T = op(B)^T op(A)^T, so B is Eigen's left-hand side (packed in panels of Eigen's register tile)
// and A its right-hand side, and either transposition is only a storage order, never a copy.
//
// Blocking. Eigen packs an mc x kc block of the left-hand side and a kc x nc block of the right-hand side per
// step. Its own product picks these from the cache sizes at run time and puts the buffers on the stack or the
// heap; here they are fixed (kGemmMc, kGemmKc, kGemmNc: a 240 x 256 float block is 240 KB, the L2 of most x86
// cores, and 240 is a multiple of every register tile height Eigen uses), so that the compiler can size the
// workspace (`gemm_workspace_bytes`) and Eigen's `level3_blocking` gets it as its buffers: Eigen then neither
// allocates nor touches the stack for them. Products with one row or column go through Eigen's matrix-vector
// kernel, which needs no buffer for contiguous operands. Single-threaded (EIGEN_DONT_PARALLELIZE).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#ifndef EIGEN_DONT_PARALLELIZE
#define EIGEN_DONT_PARALLELIZE
#endif
#if __has_include(<Eigen/Core>)
#include <Eigen/Core>
#else
#include <eigen3/Eigen/Core>  // Debian's libeigen3-dev, without -I/usr/include/eigen3
#endif

#include "onnx_aotc/ref/fused.h"
#include "onnx_aotc/ref/gemm.h"

namespace onnx_aotc::cpu {

inline constexpr int64_t kGemmMc = 240;   ///< rows of op(B)^T (output columns) per packed block
inline constexpr int64_t kGemmKc = 256;   ///< depth per packed block
inline constexpr int64_t kGemmNc = 1024;  ///< columns of op(A)^T (output rows) per packed block
inline constexpr int64_t kGemmAlign = 64;

constexpr int64_t gemm_min(int64_t a, int64_t b) { return a < b ? a : b; }

/// Workspace bytes of `gemm_accumulate` for an m x n x k product of `element_size`-byte elements.
constexpr int64_t gemm_workspace_bytes(int64_t m, int64_t n, int64_t k, int64_t element_size) {
  const int64_t kc = gemm_min(k, kGemmKc);
  return (gemm_min(n, kGemmMc) * kc + kc * gemm_min(m, kGemmNc)) * element_size + 2 * kGemmAlign;
}

namespace gemm_detail {

using Index = Eigen::Index;

/// Eigen's blocking descriptor over workspace memory (Eigen's own allocates it when it is null).
template <typename T>
class ArenaBlocking : public Eigen::internal::level3_blocking<T, T> {
 public:
  ArenaBlocking(Index mc, Index nc, Index kc, T* block_a, T* block_b) {
    this->m_mc = mc;
    this->m_nc = nc;
    this->m_kc = kc;
    this->m_blockA = block_a;
    this->m_blockB = block_b;
  }
};

inline unsigned char* align_up(unsigned char* p) {
  const auto v = reinterpret_cast<std::uintptr_t>(p);
  return p + ((kGemmAlign - static_cast<int64_t>(v % kGemmAlign)) % kGemmAlign);
}

template <typename T, int LhsOrder, int RhsOrder>
inline void gebp(Index rows, Index cols, Index depth, const T* lhs, Index lhs_stride, const T* rhs, Index rhs_stride,
                 T* res, T alpha, unsigned char* work) {
  const Index mc = gemm_min(rows, kGemmMc), kc = gemm_min(depth, kGemmKc), nc = gemm_min(cols, kGemmNc);
  T* block_a = reinterpret_cast<T*>(align_up(work));
  T* block_b = reinterpret_cast<T*>(align_up(reinterpret_cast<unsigned char*>(block_a + mc * kc)));
  ArenaBlocking<T> blocking(mc, nc, kc, block_a, block_b);
  Eigen::internal::general_matrix_matrix_product<Index, T, LhsOrder, false, T, RhsOrder, false, Eigen::ColMajor, 1>::run(
      rows, cols, depth, lhs, lhs_stride, rhs, rhs_stride, res, 1, rows, alpha, blocking, nullptr);
}

template <typename T, int Order>
using MatrixMap = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Order>, 0, Eigen::OuterStride<>>;
template <typename T>
using VectorMap = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>>;
template <typename T>
using ConstVectorMap = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>;

/// y (length rows, contiguous) += alpha * M x, M rows x depth with leading dimension `ld`, x contiguous.
template <typename T, int Order>
inline void gemv(Index rows, Index depth, const T* m, Index ld, const T* x, T* y, T alpha) {
  VectorMap<T>(y, rows).noalias() += alpha * (MatrixMap<T, Order>(m, rows, depth, Eigen::OuterStride<>(ld)) * ConstVectorMap<T>(x, depth));
}

}  // namespace gemm_detail

/// y[m, n] (row-major, contiguous) += alpha * op(a) * op(b); `work` holds gemm_workspace_bytes(m, n, k).
template <typename T>
inline void gemm_accumulate(int64_t m, int64_t n, int64_t k, const T* a, bool trans_a, const T* b, bool trans_b, T alpha,
                            T* y, unsigned char* work) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "the CPU GEMM handles float and double");
  using namespace gemm_detail;
  if (m == 0 || n == 0 || k == 0) return;
  constexpr int kCol = Eigen::ColMajor, kRow = Eigen::RowMajor;
  // op(a) and op(b) are contiguous vectors when they have one row or column: their strides do not matter.
  if (m == 1) {  // y^T (n) = op(b)^T (n x k) a^T
    if (trans_b) gemv<T, kRow>(n, k, b, k, a, y, alpha);
    else gemv<T, kCol>(n, k, b, n, a, y, alpha);
    return;
  }
  if (n == 1) {  // y (m) = op(a) (m x k) b
    if (trans_a) gemv<T, kCol>(m, k, a, m, b, y, alpha);
    else gemv<T, kRow>(m, k, a, k, b, y, alpha);
    return;
  }
  // Eigen: res (n x m, column-major) += lhs (op(b)^T, n x k) * rhs (op(a)^T, k x m).
  if (trans_b) {
    if (trans_a) gebp<T, kRow, kRow>(n, m, k, b, k, a, m, y, alpha, work);
    else gebp<T, kRow, kCol>(n, m, k, b, k, a, k, y, alpha, work);
  } else {
    if (trans_a) gebp<T, kCol, kRow>(n, m, k, b, n, a, m, y, alpha, work);
    else gebp<T, kCol, kCol>(n, m, k, b, n, a, k, y, alpha, work);
  }
}

/// Gemm: onnx_aotc::ref::gemm's result (the sums in another order); `work` holds gemm_workspace_bytes(m, n, k).
template <typename T>
inline void gemm(const ref::GemmParams& p, const T* a, const T* b, const T* c, T* y, unsigned char* work) {
  for (int64_t i = 0; i < p.m; ++i) {
    T* row = y + i * p.n;
    if (c) {
      const T* crow = c + i * p.c_row_stride;
      for (int64_t j = 0; j < p.n; ++j) row[j] = static_cast<T>(p.beta) * crow[j * p.c_col_stride];
    } else {
      for (int64_t j = 0; j < p.n; ++j) row[j] = T(0);
    }
  }
  gemm_accumulate(p.m, p.n, p.k, a, p.trans_a, b, p.trans_b, static_cast<T>(p.alpha), y, work);
}

/// FusedGemm: Gemm, then the reference epilogue.
template <typename T>
inline void fused_gemm(const ref::FusedGemmParams& p, const T* a, const T* b, const T* c, T* y, unsigned char* work) {
  gemm(p.gemm, a, b, c, y, work);
  ref::apply_epilogue(p.epilogue, static_cast<const T*>(nullptr), y, p.gemm.m * p.gemm.n);
}

}  // namespace onnx_aotc::cpu
