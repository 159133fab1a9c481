// SPDX-License-Identifier: Apache-2.0
// Memory planner: no two buffers alive at the same step overlap; offsets aligned; near the lower bound.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>

#include "driver.h"
#include "planner/memory_planner.h"

namespace aotc {
namespace {

/// Fails the test if two buffers whose lifetimes intersect share bytes, or an offset is misaligned.
void expect_no_overlap(const std::vector<BufferLifetime>& buffers, const std::vector<size_t>& offsets, size_t arena) {
  for (size_t i = 0; i < buffers.size(); ++i) {
    EXPECT_EQ(offsets[i] % kArenaAlignment, 0u);
    EXPECT_LE(offsets[i] + buffers[i].bytes, arena);
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const bool same_time = buffers[i].first <= buffers[j].last && buffers[j].first <= buffers[i].last;
      const bool same_bytes = offsets[i] < offsets[j] + buffers[j].bytes && offsets[j] < offsets[i] + buffers[i].bytes;
      EXPECT_FALSE(same_time && same_bytes) << "buffers " << i << " and " << j << " overlap";
    }
  }
}

size_t lower_bound(const std::vector<BufferLifetime>& buffers) {
  size_t best = 0, last = 0;
  for (const auto& b : buffers) last = std::max(last, b.last);
  for (size_t step = 0; step <= last; ++step) {
    size_t alive = 0;
    for (const auto& b : buffers)
      if (b.first <= step && step <= b.last) alive += b.bytes;
    best = std::max(best, alive);
  }
  return best;
}

TEST(AssignOffsets, ChainReusesMemory) {
  // a -> b -> c -> d: each buffer lives for two steps, so two slots suffice.
  std::vector<BufferLifetime> buffers = {{nullptr, 0, 1, 1024}, {nullptr, 1, 2, 1024}, {nullptr, 2, 3, 1024}, {nullptr, 3, 4, 1024}};
  std::vector<size_t> offsets;
  const size_t arena = assign_offsets(buffers, offsets);
  expect_no_overlap(buffers, offsets, arena);
  EXPECT_EQ(arena, 2048u);
}

TEST(AssignOffsets, RandomLifetimesNeverOverlap) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferLifetime> buffers;
    const int count = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < count; ++i) {
      const size_t first = rng() % 30;
      buffers.push_back({nullptr, first, first + rng() % 10, 1 + rng() % 5000});
    }
    std::vector<size_t> offsets;
    const size_t arena = assign_offsets(buffers, offsets);
    expect_no_overlap(buffers, offsets, arena);
    EXPECT_GE(arena, lower_bound(buffers));
  }
}

TEST(PlanMemory, DigitsModelIsValidAndTight) {
  CompileOptions options;
  options.load.dims["batch"] = 1;
  CompiledModel c = analyze_model(std::string(ONNX_AOTC_SAMPLES_DIR) + "/digits/model/digits_cnn.onnx", options);
  ASSERT_TRUE(c.diags.ok());
  const MemoryPlan& plan = c.plan;
  EXPECT_GE(plan.arena_bytes, plan.arena_lower_bound);
  EXPECT_LT(plan.arena_bytes, plan.intermediate_bytes);
  // Every arena tensor lies inside the arena; tensors alive at the same step do not overlap.
  std::map<const Value*, std::pair<size_t, size_t>> lifetime;
  for (size_t step = 0; step < c.lowered.size(); ++step)
    for (const auto& operand : c.lowered[step].call.operands)
      for (const Value* v : operand.values) {
        if (!v || plan.storage.at(v).kind != Storage::Kind::kArena) continue;
        auto [it, fresh] = lifetime.emplace(v, std::make_pair(step, step));
        if (!fresh) it->second.second = step;
      }
  for (const auto& [a, la] : lifetime) {
    const Storage& sa = plan.storage.at(a);
    EXPECT_LE(sa.offset + a->byte_size(), plan.arena_bytes) << a->name;
    for (const auto& [b, lb] : lifetime) {
      if (a >= b) continue;
      const Storage& sb = plan.storage.at(b);
      if (sa.offset == sb.offset && a->byte_size() == b->byte_size()) {
        // A view and its source share storage by design; they must then be the same bytes.
        continue;
      }
      const bool same_time = la.first <= lb.second && lb.first <= la.second;
      const bool same_bytes = sa.offset < sb.offset + b->byte_size() && sb.offset < sa.offset + a->byte_size();
      EXPECT_FALSE(same_time && same_bytes) << a->name << " overlaps " << b->name;
    }
  }
}


/// Arena byte ranges [offset, offset + bytes) of a call's tensor operands and workspaces.
std::vector<std::pair<size_t, size_t>> arena_ranges(const MemoryPlan& plan, const KernelCall& call) {
  std::vector<std::pair<size_t, size_t>> ranges;
  for (const auto& operand : call.operands) {
    if (operand.scratch_bytes > 0) ranges.push_back({plan.scratch.at(&operand), plan.scratch.at(&operand) + operand.scratch_bytes});
    for (const Value* v : operand.values)
      if (v && plan.storage.count(v) && plan.storage.at(v).kind == Storage::Kind::kArena)
        ranges.push_back({plan.storage.at(v).offset, plan.storage.at(v).offset + v->byte_size()});
  }
  return ranges;
}

TEST(PlanMemory, BodyTemporariesDoNotOverlapTheStateOfTheirLoop) {
  CompiledModel c = analyze_model(std::string(ONNX_AOTC_TEST_DATA) + "/control_flow.onnx", {});
  ASSERT_TRUE(c.diags.ok());
  int checked = 0;
  for (const LoweredNode& ln : c.lowered) {
    if (ln.regions.empty()) continue;
    // The op's own operands (initial and final values, body inputs and results, workspace) stay alive for
    // the whole op; a temporary of a body that is none of them must not share their bytes.
    const auto state = arena_ranges(c.plan, ln.call);
    std::set<const Value*> operands;
    for (const auto& operand : ln.call.operands) operands.insert(operand.values.begin(), operand.values.end());
    for (const auto& region : ln.regions)
      for (const LoweredNode& inner : region)
        for (const auto& operand : inner.call.operands)
          for (const Value* v : operand.values) {
            if (!v || operands.count(v) || c.plan.storage.at(v).kind != Storage::Kind::kArena) continue;
            const size_t begin = c.plan.storage.at(v).offset, end = begin + v->byte_size();
            bool aliases_state = false;  // a view of a body input shares its bytes exactly
            for (const auto& [b, e] : state) aliases_state |= b == begin && e == end;
            if (aliases_state) continue;
            for (const auto& [b, e] : state)
              EXPECT_FALSE(begin < e && b < end) << ln.node->describe() << ": body value '" << v->name << "' overlaps its state";
            ++checked;
          }
  }
  EXPECT_GT(checked, 4);  // the If branches, the Loop body and the Scan body all have temporaries
}

TEST(PlanMemory, CreatedStringsOutliveEverythingAfterThem) {
  CompiledModel c = analyze_model(std::string(ONNX_AOTC_TEST_DATA) + "/strings.onnx", {});
  ASSERT_TRUE(c.diags.ok());
  // String constants are tables in the source, never bytes of the weights blob.
  EXPECT_FALSE(c.plan.string_tables.empty());
  for (const Value* w : c.plan.weights) EXPECT_NE(w->type, DataType::kString) << w->name;
  int checked = 0;
  for (size_t i = 0; i < c.lowered.size(); ++i)
    for (const auto& storage : c.lowered[i].call.operands) {
      if (!storage.persistent) continue;
      const size_t begin = c.plan.scratch.at(&storage), end = begin + storage.scratch_bytes;
      // Output strings point into this storage until the run ends: nothing written later may reuse it.
      for (size_t j = i + 1; j < c.lowered.size(); ++j)
        for (const auto& [b, e] : arena_ranges(c.plan, c.lowered[j].call))
          EXPECT_FALSE(begin < e && b < end) << c.lowered[i].node->describe() << "'s strings overlap a buffer of "
                                             << c.lowered[j].node->describe();
      ++checked;
    }
  EXPECT_GE(checked, 4);  // StringConcat, two StringNormalizers with a case change, Cast to string
}

TEST(PlanMemory, InPlaceOnlyWhenTheInputDies) {
  // B = Sigmoid(A) cannot overwrite A (the Add reads A later); D = Tanh(C) overwrites C, which dies there.
  const std::string path = testing::TempDir() + "/in_place_chain.onnxtxt";
  std::ofstream(path) << R"(<ir_version: 8, opset_import: ["" : 17]>
chain (float[64,64] X) => (float[64,64] Y, float[64,64] Z) {
  A = Relu(X)
  B = Sigmoid(A)
  C = Add(B, A)
  D = Tanh(C)
  Z = Abs(B)
  Y = Neg(D)
})";
  CompiledModel c = analyze_model(path, {});
  ASSERT_TRUE(c.diags.ok());
  const Graph& g = *c.model.graph;
  auto offset = [&](const char* name) { return c.plan.storage.at(g.find_value(name)).offset; };
  EXPECT_EQ(offset("D"), offset("C"));
  EXPECT_NE(offset("B"), offset("A"));
  EXPECT_NE(offset("C"), offset("A"));
  EXPECT_NE(offset("C"), offset("B"));
  EXPECT_EQ(c.plan.arena_bytes, 3u * 64 * 64 * sizeof(float));
  // -O0 plans the same graph; in-place is the planner's, not a pass's.
  CompileOptions o0;
  o0.pipeline.opt_level = 0;
  EXPECT_EQ(analyze_model(path, o0).plan.arena_bytes, 3u * 64 * 64 * sizeof(float));
}

}  // namespace
}  // namespace aotc
