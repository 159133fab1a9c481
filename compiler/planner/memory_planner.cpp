// SPDX-License-Identifier: Apache-2.0
// Memory planner v1: liveness over the lowered schedule, view ops as aliases, greedy-by-size offsets.
#include "planner/memory_planner.h"

#include <algorithm>
#include <numeric>

namespace aotc {
namespace {

size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

}  // namespace

size_t assign_offsets(const std::vector<BufferLifetime>& buffers, std::vector<size_t>& offsets) {
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return buffers[a].bytes > buffers[b].bytes; });
  offsets.assign(buffers.size(), 0);
  std::vector<size_t> placed;
  size_t arena = 0;
  for (size_t i : order) {
    const auto& buf = buffers[i];
    // Conflicting placed buffers sorted by offset; take the first gap that fits.
    std::vector<size_t> conflicts;
    for (size_t j : placed)
      if (buffers[j].first <= buf.last && buf.first <= buffers[j].last) conflicts.push_back(j);
    std::sort(conflicts.begin(), conflicts.end(), [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
    size_t candidate = 0;
    for (size_t j : conflicts) {
      if (candidate + buf.bytes <= offsets[j]) break;
      candidate = std::max(candidate, align_up(offsets[j] + buffers[j].bytes, kArenaAlignment));
    }
    offsets[i] = candidate;
    placed.push_back(i);
    arena = std::max(arena, candidate + buf.bytes);
  }
  return align_up(arena, kArenaAlignment);
}

MemoryPlan plan_memory(const Graph& graph, const std::vector<LoweredNode>& nodes) {
  MemoryPlan plan;
  for (size_t i = 0; i < graph.inputs.size(); ++i)
    plan.storage[graph.inputs[i]] = {Storage::Kind::kInput, i, 0};
  for (size_t i = 0; i < graph.outputs.size(); ++i)
    if (!plan.storage.count(graph.outputs[i]) && !graph.outputs[i]->is_constant())
      plan.storage[graph.outputs[i]] = {Storage::Kind::kOutput, i, 0};

  // Constants: one blob, each 64-byte aligned, in first-use order (deterministic).
  auto add_weight = [&](const Value* v) {
    if (!v || !v->is_constant() || plan.storage.count(v)) return;
    plan.weights_bytes = align_up(plan.weights_bytes, kArenaAlignment);
    plan.storage[v] = {Storage::Kind::kWeights, 0, plan.weights_bytes};
    plan.weights.push_back(v);
    plan.weights_bytes += v->byte_size();
  };
  for (const auto& ln : nodes)
    for (const auto& operand : ln.call.operands)
      if (!operand.is_output)
        for (const Value* v : operand.values) add_weight(v);
  for (const Value* out : graph.outputs) add_weight(out);

  // Views alias their input unless they produce a graph output (which must land in the user's buffer).
  std::map<const Value*, const Value*> alias_of;
  auto root = [&](const Value* v) {
    while (alias_of.count(v)) v = alias_of.at(v);
    return v;
  };
  for (const auto& ln : nodes) {
    const Value* out = ln.node->outputs[0];
    if (ln.is_view && out && !plan.storage.count(out)) {
      alias_of[out] = ln.node->inputs[0];
      plan.elided_views.push_back(&ln);
    }
  }

  // Liveness of arena roots over the schedule.
  std::map<const Value*, size_t> index_of;
  std::vector<BufferLifetime> buffers;
  auto touch = [&](const Value* v, size_t step) {
    if (!v) return;
    v = root(v);
    if (plan.storage.count(v)) return;  // input, output or weight
    auto it = index_of.find(v);
    if (it == index_of.end()) {
      index_of[v] = buffers.size();
      buffers.push_back({v, step, step, v->byte_size()});
    } else {
      buffers[it->second].last = std::max(buffers[it->second].last, step);
    }
  };
  for (size_t step = 0; step < nodes.size(); ++step)
    for (const auto& operand : nodes[step].call.operands)
      for (const Value* v : operand.values) touch(v, step);
  for (const Value* out : graph.outputs) touch(out, nodes.size());

  std::vector<size_t> offsets;
  plan.arena_bytes = assign_offsets(buffers, offsets);
  for (size_t i = 0; i < buffers.size(); ++i) {
    plan.storage[buffers[i].value] = {Storage::Kind::kArena, 0, offsets[i]};
    plan.intermediate_bytes += buffers[i].bytes;
  }
  for (size_t step = 0; step <= nodes.size(); ++step) {
    size_t alive = 0;
    for (const auto& b : buffers)
      if (b.first <= step && step <= b.last) alive += b.bytes;
    plan.arena_lower_bound = std::max(plan.arena_lower_bound, alive);
  }
  for (const auto& [view, target] : alias_of) plan.storage[view] = plan.storage.at(root(target));
  return plan;
}

}  // namespace aotc
