// SPDX-License-Identifier: Apache-2.0
// Parity of the CPU provider's Gemm, FusedGemm, MatMul, Conv and FusedConv with their reference kernels.
//
// Sizes sweep below, at, and above Eigen's register tiles and the provider's packing blocks (240 x 256 x 1024),
// with one-row and one-column products (the matrix-vector path), every transposition, every way C broadcasts,
// broadcast batch dimensions, and for Conv: pointwise, strided, dilated, padded (asymmetrically too), grouped and
// depthwise, 1-D to 3-D, with every activation code and the residual. Built with EIGEN_NO_MALLOC and an
// eigen_assert that counts failures even under NDEBUG, so a heap allocation inside Eigen fails the test.
//
// Tolerance. The provider sums in another order than the reference (blocked, vectorized), so the results differ
// by rounding: each sum of K products is within K * eps * sum|terms| of the exact value either way, and random
// signs make the typical error about sqrt(K) * eps * sum|terms|. The bound used is 1e-5 * sum|terms| (computed
// by running the reference on the absolute values), which is above sqrt(K) * eps = 2e-6 for the largest K here
// and far below what a wrong index or a lost term would give (of the order of sum|terms| itself). Activations
// after the sum have slope at most 1.5 (HardSwish), so fused results get twice the bound.
#include <atomic>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

static std::atomic<int> eigen_assert_failures{0};
#define EIGEN_NO_MALLOC
#define eigen_assert(x) ((x) ? static_cast<void>(0) : static_cast<void>(++eigen_assert_failures))

#include <gtest/gtest.h>
#include <onnx_aotc/cpu/conv.h>
#include <onnx_aotc/cpu/gemm.h>
#include <onnx_aotc/cpu/mat_mul.h>

namespace {

using onnx_aotc::Dims;
namespace ref = onnx_aotc::ref;
namespace cpu = onnx_aotc::cpu;

constexpr double kRtol = 1e-5;
constexpr unsigned char kGuard = 0xA5;
constexpr size_t kGuardBytes = 64;

std::vector<float> random_floats(size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<float> absolute(std::vector<float> v) {
  for (float& x : v) x = std::fabs(x);
  return v;
}

/// A workspace filled with garbage (so that unwritten patches show), followed by guard bytes.
struct Workspace {
  std::vector<unsigned char> bytes;
  size_t size;
  explicit Workspace(int64_t n) : bytes(static_cast<size_t>(n) + kGuardBytes + 4, kGuard), size(static_cast<size_t>(n)) {
    for (size_t i = 0; i < size; i += 4) std::memcpy(bytes.data() + 4 + i, "\x7f\x7f\x7f\x7f", std::min<size_t>(4, size - i));
  }
  unsigned char* data() { return bytes.data() + 4; }  // deliberately not 64-byte aligned: the kernels align it
  bool guard_intact() const {
    for (size_t i = 0; i < kGuardBytes; ++i)
      if (bytes[4 + size + i] != kGuard) return false;
    return true;
  }
};

/// Checks `got` against `want` within factor * kRtol * scale + 1e-6 per element.
void expect_close(const std::vector<float>& want, const std::vector<float>& got, const std::vector<float>& scale, double factor,
                  const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  int reported = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const double tol = factor * kRtol * std::fabs(scale[i]) + 1e-6;
    const bool ok = std::fabs(double(want[i]) - double(got[i])) <= tol || (std::isnan(want[i]) && std::isnan(got[i]));
    if (!ok && reported++ < 5) ADD_FAILURE() << what << ": element " << i << " is " << got[i] << ", reference " << want[i] << " (tolerance " << tol << ")";
  }
}

std::vector<float> nan_filled(size_t n) { return std::vector<float>(n, std::nanf("")); }

// ---- Gemm / FusedGemm -----------------------------------------------------------------------------------------

enum class CShape { kNone, kScalar, kRow, kColumn, kFull };

ref::FusedGemmParams gemm_params(int64_t m, int64_t n, int64_t k, bool ta, bool tb, float alpha, float beta, CShape c,
                                 ref::Epilogue e) {
  int64_t rs = 0, cs = 0;
  if (c == CShape::kRow) cs = 1;
  if (c == CShape::kColumn) rs = 1;
  if (c == CShape::kFull) rs = n, cs = 1;
  return {{m, n, k, ta, tb, alpha, beta, rs, cs}, e};
}

int64_t c_elements(const ref::GemmParams& p, CShape c) {
  switch (c) {
    case CShape::kNone: return 0;
    case CShape::kScalar: return 1;
    case CShape::kRow: return p.n;
    case CShape::kColumn: return p.m;
    case CShape::kFull: return p.m * p.n;
  }
  return 0;
}

void check_gemm(const ref::FusedGemmParams& fp, CShape cshape, bool fused, unsigned seed) {
  const ref::GemmParams& p = fp.gemm;
  const std::string what = "gemm m=" + std::to_string(p.m) + " n=" + std::to_string(p.n) + " k=" + std::to_string(p.k) +
                           " transA=" + std::to_string(p.trans_a) + " transB=" + std::to_string(p.trans_b) + " C=" +
                           std::to_string(int(cshape)) + " activation=" + std::to_string(fused ? fp.epilogue.activation : -1);
  const auto a = random_floats(size_t(p.m * p.k), seed), b = random_floats(size_t(p.k * p.n), seed + 1);
  const auto c = random_floats(size_t(c_elements(p, cshape)), seed + 2);
  const float* cp = cshape == CShape::kNone ? nullptr : c.data();
  std::vector<float> want(size_t(p.m * p.n)), got = nan_filled(want.size()), scale(want.size());
  Workspace work(cpu::gemm_workspace_bytes(p.m, p.n, p.k, sizeof(float)));
  const int before = eigen_assert_failures;
  if (fused) {
    ref::fused_gemm(fp, a.data(), b.data(), cp, want.data());
    cpu::fused_gemm(fp, a.data(), b.data(), cp, got.data(), work.data());
  } else {
    ref::gemm(p, a.data(), b.data(), cp, want.data());
    cpu::gemm(p, a.data(), b.data(), cp, got.data(), work.data());
  }
  ref::GemmParams ap = p;
  ap.alpha = std::fabs(p.alpha), ap.beta = std::fabs(p.beta);
  const auto aa = absolute(a), ab = absolute(b), ac = absolute(c);
  ref::gemm(ap, aa.data(), ab.data(), cshape == CShape::kNone ? nullptr : ac.data(), scale.data());
  EXPECT_EQ(eigen_assert_failures, before) << what << ": Eigen asserted (a heap allocation, with EIGEN_NO_MALLOC)";
  EXPECT_TRUE(work.guard_intact()) << what << ": wrote past its workspace";
  expect_close(want, got, scale, fused ? 2.0 : 1.0, what);
}

const ref::Epilogue kNoEpilogue{ref::kActivationNone, 0.0f, 0.0f};

TEST(CpuGemmParity, SmallSizesEveryTransposition) {
  const int64_t sizes[] = {1, 2, 3, 7, 8, 16, 17, 24, 25, 49};
  unsigned seed = 1;
  for (int64_t m : sizes)
    for (int64_t n : sizes)
      for (int64_t k : sizes)
        for (int t = 0; t < 4; ++t)
          check_gemm(gemm_params(m, n, k, t & 1, t & 2, 1.0f, 1.0f, CShape::kNone, kNoEpilogue), CShape::kNone, false, seed++);
}

TEST(CpuGemmParity, AcrossPackingBlocks) {
  // 240 / 256 / 1024 are kGemmMc (over n), kGemmKc (over k) and kGemmNc (over m): below, at and above each.
  const int64_t shapes[][3] = {{1025, 241, 257}, {1024, 240, 256}, {64, 784, 513}, {300, 250, 600}, {1, 2000, 700},
                               {700, 1, 300},    {1, 1, 1000},     {2, 1500, 3},   {1500, 2, 3}};
  unsigned seed = 100;
  for (const auto& s : shapes)
    for (int t = 0; t < 4; ++t)
      if (s[0] * s[1] * s[2] < 10000000 || t == 0 || t == 3)  // the naive reference is slow: two of four for the largest
        check_gemm(gemm_params(s[0], s[1], s[2], t & 1, t & 2, 1.0f, 1.0f, CShape::kFull, kNoEpilogue), CShape::kFull, false, seed++);
}

TEST(CpuGemmParity, AlphaBetaAndEveryBroadcastOfC) {
  const CShape shapes[] = {CShape::kNone, CShape::kScalar, CShape::kRow, CShape::kColumn, CShape::kFull};
  const float coefficients[][2] = {{1.0f, 1.0f}, {0.5f, -2.0f}, {-1.5f, 0.0f}};
  unsigned seed = 200;
  for (const int64_t m : {1, 5, 33})
    for (const CShape c : shapes)
      for (const auto& ab : coefficients)
        for (int t = 0; t < 4; ++t)
          check_gemm(gemm_params(m, 19, 27, t & 1, t & 2, ab[0], ab[1], c, kNoEpilogue), c, false, seed++);
}

const ref::Epilogue kEpilogues[] = {
    {ref::kActivationNone, 0.0f, 0.0f},      {ref::kActivationRelu, 0.0f, 0.0f},  {ref::kActivationLeakyRelu, 0.1f, 0.0f},
    {ref::kActivationSigmoid, 0.0f, 0.0f},   {ref::kActivationHardSigmoid, 0.2f, 0.5f},
    {ref::kActivationTanh, 0.0f, 0.0f},      {ref::kActivationClip, -0.5f, 0.5f}, {ref::kActivationGelu, 0.0f, 0.0f},
    {ref::kActivationGeluTanh, 0.0f, 0.0f},  {ref::kActivationHardSwish, 0.0f, 0.0f}};

TEST(CpuGemmParity, FusedGemmEveryActivation) {
  unsigned seed = 300;
  for (const ref::Epilogue& e : kEpilogues)
    for (const int64_t m : {1, 64})
      check_gemm(gemm_params(m, 33, 70, false, true, 1.0f, 1.0f, CShape::kRow, e), CShape::kRow, true, seed++);
}

TEST(CpuGemmParity, Double) {
  const ref::GemmParams p{37, 29, 300, false, true, 1.0f, 1.0f, 0, 1};
  std::vector<double> a(37 * 300), b(29 * 300), c(29), want(37 * 29), got(37 * 29);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  for (auto* v : {&a, &b, &c})
    for (double& x : *v) x = dist(rng);
  Workspace work(cpu::gemm_workspace_bytes(p.m, p.n, p.k, sizeof(double)));
  ref::gemm(p, a.data(), b.data(), c.data(), want.data());
  cpu::gemm(p, a.data(), b.data(), c.data(), got.data(), work.data());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(want[i], got[i], 1e-12 * 300) << i;  // double eps * K
  EXPECT_TRUE(work.guard_intact());
}

// ---- MatMul ---------------------------------------------------------------------------------------------------

/// MatMul of [a_batch..., m, k] x [b_batch..., k, n] (batch dims of the same rank, 1 where broadcast).
void check_mat_mul(int64_t m, int64_t n, int64_t k, const std::vector<int64_t>& a_batch, const std::vector<int64_t>& b_batch, unsigned seed) {
  std::string what = "mat_mul m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k) + " batch";
  ref::MatMulParams p{m, n, k, {}, {}, {}};
  p.batch.rank = p.a_batch_strides.rank = p.b_batch_strides.rank = static_cast<int>(a_batch.size());
  int64_t sa = m * k, sb = k * n, a_count = m * k, b_count = k * n;
  for (int axis = static_cast<int>(a_batch.size()) - 1; axis >= 0; --axis) {
    p.batch.d[axis] = std::max(a_batch[axis], b_batch[axis]);
    p.a_batch_strides.d[axis] = a_batch[axis] == 1 ? 0 : sa;
    p.b_batch_strides.d[axis] = b_batch[axis] == 1 ? 0 : sb;
    sa *= a_batch[axis], sb *= b_batch[axis];
    a_count *= a_batch[axis], b_count *= b_batch[axis];
    what += " " + std::to_string(a_batch[axis]) + "/" + std::to_string(b_batch[axis]);
  }
  const auto a = random_floats(size_t(a_count), seed), b = random_floats(size_t(b_count), seed + 1);
  const size_t count = size_t(p.batch.numel() * m * n);
  std::vector<float> want(count), got = nan_filled(count), scale(count);
  Workspace work(cpu::mat_mul_workspace_bytes(p, sizeof(float)));
  const int before = eigen_assert_failures;
  ref::mat_mul(p, a.data(), b.data(), want.data());
  cpu::mat_mul(p, a.data(), b.data(), got.data(), work.data());
  const auto aa = absolute(a), ab = absolute(b);
  ref::mat_mul(p, aa.data(), ab.data(), scale.data());
  EXPECT_EQ(eigen_assert_failures, before) << what << ": Eigen asserted (a heap allocation, with EIGEN_NO_MALLOC)";
  EXPECT_TRUE(work.guard_intact()) << what << ": wrote past its workspace";
  expect_close(want, got, scale, 1.0, what);
}

TEST(CpuMatMulParity, TwoDimensional) {
  unsigned seed = 400;
  for (const int64_t m : {1, 3, 24, 65})
    for (const int64_t n : {1, 4, 17, 260})
      for (const int64_t k : {1, 9, 300}) check_mat_mul(m, n, k, {}, {}, seed++);
}

TEST(CpuMatMulParity, BroadcastBatches) {
  unsigned seed = 500;
  const std::vector<std::vector<int64_t>> batches[] = {
      {{2, 3}, {1, 1}},  // B shared: one GEMM over all of A's rows
      {{4}, {4}},        // a matrix per batch on both sides
      {{2, 1}, {1, 3}},  // both broadcast
      {{1}, {5}},        // A shared
      {{1, 1}, {1, 1}},  // unit batch dims
      {{3, 2}, {3, 1}}};
  for (const auto& bb : batches)
    for (const int64_t m : {1, 7, 30}) check_mat_mul(m, 13, 21, bb[0], bb[1], seed++);
  check_mat_mul(128, 300, 260, {2}, {1}, seed++);
}

// ---- Conv / FusedConv -----------------------------------------------------------------------------------------

struct ConvCase {
  int64_t batch, in_channels, out_channels, group;
  std::vector<int64_t> in, kernel, strides, dilations, pads_begin, pads_end;
};

Dims dims3(const std::vector<int64_t>& v, int64_t fill) {
  Dims d{3, {fill, fill, fill}};
  for (size_t i = 0; i < v.size(); ++i) d.d[3 - v.size() + i] = v[i];
  return d;
}

void check_conv(const ConvCase& c, bool bias, bool residual, const ref::Epilogue& e, unsigned seed) {
  std::vector<int64_t> out;
  std::string what = "conv C=" + std::to_string(c.in_channels) + " OC=" + std::to_string(c.out_channels) + " group=" +
                     std::to_string(c.group) + " in";
  for (size_t i = 0; i < c.in.size(); ++i) {
    out.push_back((c.in[i] + c.pads_begin[i] + c.pads_end[i] - ((c.kernel[i] - 1) * c.dilations[i] + 1)) / c.strides[i] + 1);
    what += " " + std::to_string(c.in[i]) + "/k" + std::to_string(c.kernel[i]) + "/s" + std::to_string(c.strides[i]) + "/d" +
            std::to_string(c.dilations[i]) + "/p" + std::to_string(c.pads_begin[i]) + "," + std::to_string(c.pads_end[i]);
  }
  what += " bias=" + std::to_string(bias) + " residual=" + std::to_string(residual) + " activation=" + std::to_string(e.activation);
  const ref::ConvParams p{c.batch,           c.in_channels,      c.out_channels,      c.group,          dims3(c.in, 1),
                          dims3(out, 1),     dims3(c.kernel, 1), dims3(c.strides, 1), dims3(c.dilations, 1),
                          dims3(c.pads_begin, 0)};
  const ref::FusedConvParams fp{p, e};
  const int64_t ic = c.in_channels / c.group;
  const auto x = random_floats(size_t(c.batch * c.in_channels * p.in_spatial.numel()), seed);
  const auto w = random_floats(size_t(c.out_channels * ic * p.kernel.numel()), seed + 1);
  const auto b = random_floats(size_t(c.out_channels), seed + 2);
  const size_t count = size_t(c.batch * c.out_channels * p.out_spatial.numel());
  const auto z = random_floats(count, seed + 3);
  std::vector<float> want(count), got = nan_filled(count), scale(count);
  Workspace work(cpu::conv_workspace_bytes(p, sizeof(float)));
  const int before = eigen_assert_failures;
  ref::fused_conv(fp, x.data(), w.data(), bias ? b.data() : nullptr, residual ? z.data() : nullptr, want.data());
  cpu::fused_conv(fp, x.data(), w.data(), bias ? b.data() : nullptr, residual ? z.data() : nullptr, got.data(), work.data());
  const auto ax = absolute(x), aw = absolute(w), ab = absolute(b), az = absolute(z);
  ref::fused_conv(ref::FusedConvParams{p, kNoEpilogue}, ax.data(), aw.data(), bias ? ab.data() : nullptr, residual ? az.data() : nullptr,
                  scale.data());
  EXPECT_EQ(eigen_assert_failures, before) << what << ": Eigen asserted (a heap allocation, with EIGEN_NO_MALLOC)";
  EXPECT_TRUE(work.guard_intact()) << what << ": wrote past its workspace";
  expect_close(want, got, scale, e.activation == ref::kActivationNone ? 1.0 : 2.0, what);
  if (e.activation == ref::kActivationNone && !residual) {  // the plain Conv entry point too
    std::vector<float> plain = nan_filled(count);
    ref::conv(p, x.data(), w.data(), bias ? b.data() : nullptr, want.data());
    cpu::conv(p, x.data(), w.data(), bias ? b.data() : nullptr, plain.data(), work.data());
    expect_close(want, plain, scale, 1.0, what + " (conv)");
  }
}

const ConvCase kConvCases[] = {
    // batch, C, OC, group, in, kernel, strides, dilations, pads_begin, pads_end
    {1, 1, 1, 1, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},            // 1x1x1: pointwise, everything 1
    {1, 16, 8, 1, {7, 9}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},           // pointwise: a direct GEMM
    {2, 17, 33, 1, {5, 5}, {1, 1}, {2, 2}, {1, 1}, {0, 0}, {0, 0}},          // 1x1 strided: im2col
    {1, 1, 8, 1, {8, 8}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},            // the digits CNN's first layer
    {2, 3, 5, 1, {11, 13}, {3, 3}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},          // valid, odd sizes
    {1, 4, 6, 1, {9, 10}, {5, 5}, {2, 2}, {1, 1}, {2, 2}, {2, 2}},           // strided and padded
    {1, 3, 4, 1, {10, 10}, {3, 3}, {1, 2}, {2, 2}, {2, 1}, {0, 3}},          // dilated, asymmetric pads
    {1, 8, 12, 2, {6, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},           // two groups
    {2, 6, 6, 6, {7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},            // depthwise
    {1, 4, 8, 4, {9, 9}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1}},            // depthwise, multiplier 2, strided
    {1, 5, 7, 1, {20}, {4}, {3}, {2}, {3}, {1}},                             // 1-D
    {1, 2, 3, 1, {5, 6, 7}, {3, 2, 3}, {1, 2, 1}, {1, 1, 2}, {1, 0, 2}, {1, 1, 0}},  // 3-D
    {1, 64, 70, 1, {14, 14}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},        // depth 576 > the 256 packing block
    {1, 300, 250, 1, {5, 6}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},        // pointwise over the packing blocks
};

TEST(CpuConvParity, Geometries) {
  unsigned seed = 600;
  for (const ConvCase& c : kConvCases)
    for (const bool bias : {true, false}) check_conv(c, bias, false, kNoEpilogue, seed++);
}

TEST(CpuConvParity, FusedConvEveryActivationAndResidual) {
  unsigned seed = 700;
  for (const ref::Epilogue& e : kEpilogues)
    for (const bool residual : {false, true}) {
      check_conv(kConvCases[1], true, residual, e, seed++);
      check_conv(kConvCases[8], true, residual, e, seed++);
      check_conv(kConvCases[5], false, residual, e, seed++);
    }
}

}  // namespace
