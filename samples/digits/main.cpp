// SPDX-License-Identifier: Apache-2.0
// Classifies the ten bundled 8x8 handwritten digits with the model compiled at build time.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

#include "digits.h"

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : DIGITS_DATA_DIR;
  std::ifstream images(dir + "/digits_10.f32", std::ios::binary);
  std::ifstream labels(dir + "/labels_10.txt");
  std::vector<float> pixels(10 * 64);
  images.read(reinterpret_cast<char*>(pixels.data()), static_cast<std::streamsize>(pixels.size() * sizeof(float)));
  if (!images || !labels) {
    std::fprintf(stderr, "cannot read the sample data in %s\n", dir.c_str());
    return 1;
  }
  alignas(digits::kArenaAlignment) static unsigned char arena[digits::kArenaBytes];
  const char* shades = " .:-=+*#%@";
  int correct = 0;
  for (int i = 0; i < 10; ++i) {
    int label = -1;
    labels >> label;
    float logits[10];
    digits::run(&pixels[static_cast<size_t>(i) * 64], logits, arena);
    const int predicted = static_cast<int>(std::max_element(logits, logits + 10) - logits);
    correct += predicted == label;
    std::printf("image %d:\n", i);
    for (int row = 0; row < 8; ++row) {
      std::printf("    ");
      for (int col = 0; col < 8; ++col) {
        const float v = pixels[static_cast<size_t>(i) * 64 + row * 8 + col];
        std::putchar(shades[std::min(9, static_cast<int>(v * 9.99f))]);
        std::putchar(shades[std::min(9, static_cast<int>(v * 9.99f))]);
      }
      std::printf("\n");
    }
    std::printf("  predicted %d (logit %.2f), true label %d %s\n\n", predicted, logits[predicted], label,
                predicted == label ? "ok" : "WRONG");
  }
  std::printf("%d of 10 correct (arena %zu bytes, weights %zu bytes)\n", correct, digits::kArenaBytes, digits::kWeightsBytes);
  return correct >= 9 ? 0 : 1;
}
