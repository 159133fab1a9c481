// SPDX-License-Identifier: Apache-2.0
// Benchmark driver for one compiled model: times the generated `run`, or runs it once for the cold-start test.
//
// Built by tools/bench/bench.py with -DBENCH_MODEL=<name> (the --name given to `onnx-aotc compile`) and
// -include <name>.h, against the runtime headers only. It calls the generated C entry point, which lives in
// a separately compiled object, so the optimizer cannot hoist or drop work across calls.
//
//   driver time MIN_SECONDS THREADS IN_FILES... OUT_FILES...   -> one JSON line with latency statistics
//   driver cold IN_FILES... OUT_FILES...                        -> one JSON line with the CLOCK_MONOTONIC time of
//                                                                 the first result (the parent knows the start)
//
// Input files are raw tensor bytes (string tensors: an int64 byte count then the bytes, per element); outputs
// are written the same way, at their actual size for data-dependent shapes (dims go to FILE.dims), so that
// bench.py can check the results against ONNX Runtime before it reports any timing.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#define BENCH_CAT_(a, b) a##b
#define BENCH_CAT(a, b) BENCH_CAT_(a, b)
#define BENCH_RUN_DIMS BENCH_CAT(BENCH_MODEL, _run_dims)

namespace {

namespace model = BENCH_MODEL;
constexpr int32_t kStringType = 8;  // TensorProto.STRING

int64_t now_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000LL + t.tv_nsec;
}

bool read_file(const char* path, std::vector<char>& bytes) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  char chunk[65536];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) bytes.insert(bytes.end(), chunk, chunk + n);
  return std::fclose(f) == 0;
}

bool write_file(const char* path, const void* data, size_t bytes) {
  std::FILE* f = std::fopen(path, "wb");
  if (!f) return false;
  const size_t n = bytes ? std::fwrite(data, 1, bytes, f) : 0;
  return std::fclose(f) == 0 && n == bytes;
}

/// Parses `count` length-prefixed strings out of `chars` (which must outlive the views).
bool parse_strings(const std::vector<char>& chars, size_t count, onnx_aotc_string* views) {
  size_t at = 0;
  for (size_t i = 0; i < count; ++i) {
    int64_t size = 0;
    if (chars.size() - at < sizeof size) return false;
    std::memcpy(&size, chars.data() + at, sizeof size);
    at += sizeof size;
    if (size < 0 || static_cast<uint64_t>(size) > chars.size() - at) return false;
    views[i].data = chars.data() + at;
    views[i].size = size;
    at += static_cast<size_t>(size);
  }
  return at == chars.size();
}

bool write_output(const char* path, size_t i, const void* data, const int64_t* dims) {
  const onnx_aotc_tensor_info& info = model::kOutputs[i];
  size_t bytes = info.bytes, elements = info.elements;
  if (info.data_dependent) {
    elements = 1;
    for (int32_t k = 0; k < info.rank; ++k) elements *= static_cast<size_t>(dims[k]);
    bytes = info.elements ? info.bytes / info.elements * elements : 0;
    const std::string dims_path = std::string(path) + ".dims";
    if (!write_file(dims_path.c_str(), dims, static_cast<size_t>(info.rank) * sizeof(int64_t))) return false;
  }
  if (info.onnx_type != kStringType) return write_file(path, data, bytes);
  std::string out;
  const auto* views = static_cast<const onnx_aotc_string*>(data);
  for (size_t e = 0; e < elements; ++e) {
    out.append(reinterpret_cast<const char*>(&views[e].size), sizeof views[e].size);
    if (views[e].size > 0) out.append(views[e].data, static_cast<size_t>(views[e].size));
  }
  return write_file(path, out.data(), out.size());
}

/// Median and 90th percentile of per-call times; each sample is the mean of `batch` back-to-back calls.
void print_stats(std::vector<double>& samples, long batch, long calls, int threads) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) { return samples[static_cast<size_t>(q * static_cast<double>(samples.size() - 1) + 0.5)]; };
  double sum = 0;
  for (double s : samples) sum += s;
  std::printf("{\"median_us\": %.6g, \"p90_us\": %.6g, \"min_us\": %.6g, \"mean_us\": %.6g, \"samples\": %zu, "
              "\"batch\": %ld, \"calls\": %ld, \"threads_requested\": %d, \"threads_used\": 1}\n",
              at(0.5), at(0.9), samples.front(), sum / static_cast<double>(samples.size()), samples.size(), batch, calls,
              threads);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  const int fixed = mode == "time" ? 4 : 2;
  if ((mode != "time" && mode != "cold") || argc != static_cast<int>(fixed + model::kNumInputs + model::kNumOutputs)) {
    std::fprintf(stderr, "usage: %s time MIN_SECONDS THREADS IN... OUT... | cold IN... OUT...\n", argv[0]);
    return 2;
  }
  const double min_seconds = mode == "time" ? std::atof(argv[2]) : 0;
  // The generated code has no thread pool yet: THREADS is accepted so that bench.py need not change when it
  // does, and the JSON says how many threads actually ran.
  const int threads = mode == "time" ? std::atoi(argv[3]) : 1;
  char** in_paths = argv + fixed;
  char** out_paths = in_paths + model::kNumInputs;

  std::vector<std::vector<char>> input_bytes(model::kNumInputs);
  std::vector<std::vector<onnx_aotc_string>> input_strings(model::kNumInputs);
  std::vector<const void*> inputs(model::kNumInputs + 1);
  for (size_t i = 0; i < model::kNumInputs; ++i) {
    const onnx_aotc_tensor_info& info = model::kInputs[i];
    bool ok = read_file(in_paths[i], input_bytes[i]);
    if (info.onnx_type == kStringType) {
      input_strings[i].resize(info.elements + 1);
      ok = ok && parse_strings(input_bytes[i], info.elements, input_strings[i].data());
      inputs[i] = input_strings[i].data();
    } else {
      ok = ok && input_bytes[i].size() == info.bytes;
      input_bytes[i].resize(info.bytes + 1);
      inputs[i] = input_bytes[i].data();
    }
    if (!ok) {
      std::fprintf(stderr, "bad input file %s for '%s' (%zu bytes expected)\n", in_paths[i], info.name, info.bytes);
      return 1;
    }
  }
  std::vector<std::vector<unsigned char>> output_bytes(model::kNumOutputs);
  std::vector<void*> outputs(model::kNumOutputs + 1);
  for (size_t i = 0; i < model::kNumOutputs; ++i) {
    output_bytes[i].resize(model::kOutputs[i].bytes + 1);
    outputs[i] = output_bytes[i].data();
  }
  const size_t arena_bytes = (model::kArenaBytes / model::kArenaAlignment + 1) * model::kArenaAlignment;
  void* arena = std::aligned_alloc(model::kArenaAlignment, arena_bytes);
  std::vector<int64_t> dims(model::kNumOutputs * ONNX_AOTC_MAX_RANK + 1);

  const int status = BENCH_RUN_DIMS(inputs.data(), outputs.data(), dims.data(), arena);
  const int64_t first_result_ns = now_ns();
  if (status != 0) {
    std::fprintf(stderr, "run returned %d\n", status);
    return 1;
  }
  for (size_t i = 0; i < model::kNumOutputs; ++i) {
    if (!write_output(out_paths[i], i, outputs[i], dims.data() + i * ONNX_AOTC_MAX_RANK)) {
      std::fprintf(stderr, "cannot write %s\n", out_paths[i]);
      return 1;
    }
  }
  if (mode == "cold") {
    std::printf("{\"first_result_ns\": %lld}\n", static_cast<long long>(first_result_ns));
    return 0;
  }

  // Same methodology as the ONNX Runtime side in bench.py: warm up for a tenth of the budget (at least 10
  // calls), pick the smallest power-of-two batch whose calls take >= 10 us (so clock reads do not dominate
  // tiny models), then sample batches until MIN_SECONDS have passed (at least 20 samples).
  const auto call = [&] { BENCH_RUN_DIMS(inputs.data(), outputs.data(), dims.data(), arena); };
  const int64_t warmup_end = now_ns() + static_cast<int64_t>(min_seconds * 1e8);
  for (long n = 0; n < 10 || now_ns() < warmup_end; ++n) call();
  long batch = 1;
  for (;;) {
    const int64_t t0 = now_ns();
    for (long k = 0; k < batch; ++k) call();
    if (now_ns() - t0 >= 10000 || batch >= (1L << 20)) break;
    batch *= 2;
  }
  std::vector<double> samples;
  long calls = 0;
  const int64_t end = now_ns() + static_cast<int64_t>(min_seconds * 1e9);
  while (samples.size() < 20 || now_ns() < end) {
    const int64_t t0 = now_ns();
    for (long k = 0; k < batch; ++k) call();
    const int64_t t1 = now_ns();
    samples.push_back(static_cast<double>(t1 - t0) / 1e3 / static_cast<double>(batch));
    calls += batch;
  }
  print_stats(samples, batch, calls, threads);
  std::free(arena);
  return 0;
}
