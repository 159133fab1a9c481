// SPDX-License-Identifier: Apache-2.0
// A firmware-like program: fully static, the model and its weights linked in, a static arena, no heap.
// malloc, calloc, realloc, free and operator new are wrapped (-Wl,--wrap=...) and counted; inference
// must perform zero heap allocations, and the program fails if it does.
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "digits.h"

extern "C" {
void* __real_malloc(size_t size);
void* __real_calloc(size_t count, size_t size);
void* __real_realloc(void* p, size_t size);
void __real_free(void* p);

static volatile unsigned long heap_calls = 0;
void* __wrap_malloc(size_t size) { ++heap_calls; return __real_malloc(size); }
void* __wrap_calloc(size_t count, size_t size) { ++heap_calls; return __real_calloc(count, size); }
void* __wrap_realloc(void* p, size_t size) { ++heap_calls; return __real_realloc(p, size); }
void __wrap_free(void* p) { if (p) ++heap_calls; __real_free(p); }
}

// The first test image of the digits data set (label 2), as pixel intensities in [0, 1].
static const float kImage[64] = {
    0.0000f, 0.0000f, 0.4375f, 1.0000f, 0.8750f, 0.1875f, 0.0000f, 0.0000f,
    0.0000f, 0.0000f, 0.5625f, 0.8750f, 0.6875f, 0.9375f, 0.0000f, 0.0000f,
    0.0000f, 0.0000f, 0.0625f, 0.3125f, 0.0000f, 0.9375f, 0.3125f, 0.0000f,
    0.0000f, 0.0000f, 0.0000f, 0.0000f, 0.0000f, 1.0000f, 0.3125f, 0.0000f,
    0.0000f, 0.0000f, 0.0000f, 0.0000f, 0.1875f, 1.0000f, 0.2500f, 0.0000f,
    0.0000f, 0.0000f, 0.0000f, 0.0625f, 0.7500f, 0.8750f, 0.0625f, 0.0000f,
    0.0000f, 0.0000f, 0.3125f, 0.7500f, 1.0000f, 1.0000f, 0.8750f, 0.0625f,
    0.0000f, 0.0000f, 0.5000f, 1.0000f, 0.8750f, 0.6250f, 0.8125f, 0.1875f};
static constexpr int kExpectedLabel = 2;

alignas(digits::kArenaAlignment) static unsigned char arena[digits::kArenaBytes];

int main() {
  // The counter must see allocations, or the zero below would prove nothing.
  const unsigned long probe = heap_calls;
  void* volatile block = std::malloc(16);  // volatile: the compiler may not elide the pair
  std::free(block);
  if (heap_calls - probe != 2) {
    std::printf("malloc wrapping is not active\n");
    return 2;
  }
  float logits[10];
  const unsigned long before = heap_calls;
  for (int i = 0; i < 100; ++i) digits::run(kImage, logits, arena);
  const unsigned long during = heap_calls - before;
  int best = 0;
  for (int k = 1; k < 10; ++k)
    if (logits[k] > logits[best]) best = k;
  std::printf("predicted %d (expected %d); heap allocations during 100 inferences: %lu; arena %zu bytes\n", best,
              kExpectedLabel, during, digits::kArenaBytes);
  return (during == 0 && best == kExpectedLabel) ? 0 : 1;
}
