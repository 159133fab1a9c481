// SPDX-License-Identifier: Apache-2.0
// Runs the MLP test model once and checks that each output row is a probability distribution.
#include <cmath>
#include <cstdio>

#include "mlp.h"

int main() {
  float x[2 * 16];
  for (int i = 0; i < 2 * 16; ++i) x[i] = static_cast<float>(i % 7) * 0.25f - 0.5f;
  float probs[2 * 4];
  alignas(mlp::kArenaAlignment) static unsigned char arena[mlp::kArenaBytes];
  mlp::run(x, probs, arena);
  for (int row = 0; row < 2; ++row) {
    float sum = 0;
    for (int k = 0; k < 4; ++k) sum += probs[row * 4 + k];
    if (std::fabs(sum - 1.0f) > 1e-5f) return 1;
  }
  std::printf("package user ok\n");
  return 0;
}
