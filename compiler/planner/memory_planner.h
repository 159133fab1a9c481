// SPDX-License-Identifier: Apache-2.0
// Static memory plan: where every tensor of the lowered graph lives at run time.
#pragma once

#include <map>
#include <vector>

#include "passes/pass.h"

namespace aotc {

inline constexpr size_t kArenaAlignment = 64;

/// Where a value's bytes are.
struct Storage {
  enum class Kind { kInput, kOutput, kArena, kWeights, kStrings };
  Kind kind = Kind::kArena;
  size_t index = 0;   ///< graph input/output index, or the string table's
  size_t offset = 0;  ///< byte offset in the arena or the weights blob
};

struct MemoryPlan {
  std::map<const Value*, Storage> storage;
  std::vector<const Value*> weights;  ///< constants in blob order
  /// String constants: emitted as tables of `onnx_aotc_string` in the source, not in the weights blob
  /// (their elements are pointers).
  std::vector<const Value*> string_tables;
  size_t weights_bytes = 0;
  size_t arena_bytes = 0;
  size_t arena_lower_bound = 0;      ///< max over steps of the bytes alive at that step
  size_t intermediate_bytes = 0;     ///< sum of all arena buffers
  std::vector<const LoweredNode*> elided_views;  ///< view nodes realized as aliases (no code)
  std::map<const KernelOperand*, size_t> scratch;  ///< arena offset of each workspace operand
};

/// Plans storage. Arena buffers are placed greedy-by-size: largest first, each at the lowest
/// 64-byte-aligned offset that does not overlap a buffer alive at the same time (TFLite's planner).
/// It is not optimal, so the lower bound is reported next to the result.
MemoryPlan plan_memory(const Graph& graph, const std::vector<LoweredNode>& nodes);

/// Arena buffer lifetimes for tests: [first step, last step] and size, keyed by root value.
struct BufferLifetime {
  const Value* value;
  size_t first, last, bytes;
};

/// Greedy-by-size offsets for lifetimes; returns the arena size. Exposed for the planner tests.
size_t assign_offsets(const std::vector<BufferLifetime>& buffers, std::vector<size_t>& offsets);

}  // namespace aotc
