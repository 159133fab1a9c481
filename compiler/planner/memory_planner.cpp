// SPDX-License-Identifier: Apache-2.0
// Memory planner v1: liveness over the lowered schedule, view ops as aliases, greedy-by-size offsets.
#include "planner/memory_planner.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>

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

namespace {

/// Calls fn(node) for every lowered node, subgraph bodies included, in schedule order.
template <typename Fn>
void for_each_node(const std::vector<LoweredNode>& nodes, Fn&& fn) {
  for (const auto& ln : nodes) {
    fn(ln);
    for (const auto& region : ln.regions) for_each_node(region, fn);
  }
}

}  // namespace

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
    if (v->type == DataType::kString) {
      plan.storage[v] = {Storage::Kind::kStrings, plan.string_tables.size(), 0};
      plan.string_tables.push_back(v);
      return;
    }
    plan.weights_bytes = align_up(plan.weights_bytes, kArenaAlignment);
    plan.storage[v] = {Storage::Kind::kWeights, 0, plan.weights_bytes};
    plan.weights.push_back(v);
    plan.weights_bytes += v->byte_size();
  };
  for_each_node(nodes, [&](const LoweredNode& ln) {
    for (const auto& operand : ln.call.operands)
      if (!operand.is_output)
        for (const Value* v : operand.values) add_weight(v);
  });
  for (const Value* out : graph.outputs) add_weight(out);

  // Views alias their input unless they produce a graph output (which must land in the user's buffer).
  std::map<const Value*, const Value*> alias_of;
  auto root = [&](const Value* v) {
    while (alias_of.count(v)) v = alias_of.at(v);
    return v;
  };
  for_each_node(nodes, [&](const LoweredNode& ln) {
    const Value* out = ln.node->outputs.empty() ? nullptr : ln.node->outputs[0];
    if (ln.is_view && out && !plan.storage.count(out)) {
      alias_of[out] = ln.node->inputs[0];
      plan.elided_views.push_back(&ln);
    }
  });

  // In place: an op that may overwrite its input 0 (OpTraits::in_place) writes its output into that input's
  // buffer when the buffer is an arena intermediate of the same size that nothing reads afterwards (through
  // any alias, or from a subgraph). Only the top-level schedule: bodies run repeatedly.
  std::map<const Value*, size_t> last_read;
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (const auto& operand : nodes[i].call.operands)
      if (!operand.is_output)
        for (const Value* v : operand.values)
          if (v) last_read[v] = i;
    for (const Value* v : nodes[i].node->captures()) last_read[v] = i;
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    const LoweredNode& ln = nodes[i];
    const Value* out = ln.node->outputs.empty() ? nullptr : ln.node->outputs[0];
    const Value* in = ln.node->inputs.empty() ? nullptr : ln.node->inputs[0];
    if (!ln.in_place || !ln.regions.empty() || !out || !in || plan.storage.count(out) || alias_of.count(out)) continue;
    const Value* r = root(in);
    if (plan.storage.count(r) || r->byte_size() != out->byte_size() || r->type == DataType::kString) continue;
    bool read_later = last_read.count(r) && last_read.at(r) > i;
    for (const auto& [alias, target] : alias_of)
      if (root(alias) == r && last_read.count(alias) && last_read.at(alias) > i) read_later = true;
    if (!read_later) alias_of[out] = in;
  }

  // Liveness of arena roots over the schedule, with subgraph bodies inlined where their op runs. An op
  // with bodies spans [begin, end] around them and keeps its operands (body inputs and results among them)
  // alive throughout; a value a body reads from outside stays alive to the end of every enclosing op,
  // because a loop reads it again in the next iteration.
  std::map<const Value*, size_t> index_of;
  std::vector<BufferLifetime> buffers;
  std::vector<const KernelOperand*> scratch_of;  // per buffer: the workspace operand, or null
  std::vector<size_t> persistent;                // buffers that live to the end (string storage)
  auto touch = [&](const Value* v, size_t step) {
    if (!v) return;
    v = root(v);
    if (plan.storage.count(v)) return;  // input, output or weight
    auto it = index_of.find(v);
    if (it == index_of.end()) {
      index_of[v] = buffers.size();
      buffers.push_back({v, step, step, v->byte_size()});
      scratch_of.push_back(nullptr);
    } else {
      buffers[it->second].last = std::max(buffers[it->second].last, step);
    }
  };
  struct Enclosing {
    std::set<const Graph*> graphs;  // the op's bodies and everything nested in them
  };
  std::vector<Enclosing> enclosing;
  std::map<const Value*, const Graph*> owner;
  std::function<void(const Graph&)> collect_owners = [&](const Graph& g) {
    for (const auto& v : g.values()) owner[v.get()] = &g;
    for (const Node* n : g.nodes)
      for (const Graph* body : n->subgraphs()) collect_owners(*body);
  };
  collect_owners(graph);
  std::function<void(const Graph*, std::set<const Graph*>&)> nested = [&](const Graph* g, std::set<const Graph*>& out) {
    out.insert(g);
    for (const Node* n : g->nodes)
      for (const Graph* body : n->subgraphs()) nested(body, out);
  };
  struct PendingEnd {
    const Value* value;
    size_t level;  // index into `enclosing` whose end step the value must reach
  };
  std::vector<PendingEnd> pending;
  std::vector<std::pair<const Value*, size_t>> ends;  // resolved (value, step)
  size_t step = 0;
  std::function<void(const std::vector<LoweredNode>&)> walk = [&](const std::vector<LoweredNode>& list) {
    for (const auto& ln : list) {
      const size_t begin = step++;
      auto use = [&](const Value* v, size_t at) {
        touch(v, at);
        if (!v) return;
        const Value* r = root(v);
        auto it = owner.find(r);
        for (size_t level = 0; level < enclosing.size(); ++level)
          if (it == owner.end() || !enclosing[level].graphs.count(it->second)) pending.push_back({r, level});
      };
      for (const auto& operand : ln.call.operands)
        for (const Value* v : operand.values) use(v, begin);
      if (ln.regions.empty()) {
        for (const auto& operand : ln.call.operands)
          if (operand.scratch_bytes > 0) {
            buffers.push_back({nullptr, begin, begin, operand.scratch_bytes});
            scratch_of.push_back(&operand);
            if (operand.persistent) persistent.push_back(buffers.size() - 1);
          }
        continue;
      }
      // Bodies: reserve the end step after walking them, then extend what they captured.
      Enclosing e;
      for (const auto& operand : ln.call.operands)
        if (operand.region) nested(operand.region, e.graphs);
      enclosing.push_back(e);
      for (const auto& region : ln.regions) walk(region);
      const size_t end = step++;
      const size_t level = enclosing.size() - 1;
      enclosing.pop_back();
      pending.erase(std::remove_if(pending.begin(), pending.end(), [&](const PendingEnd& p) {
                      if (p.level != level) return false;
                      ends.push_back({p.value, end});
                      return true;
                    }),
                    pending.end());
      for (const auto& operand : ln.call.operands) {
        for (const Value* v : operand.values) use(v, end);
        if (operand.scratch_bytes > 0) {
          buffers.push_back({nullptr, begin, end, operand.scratch_bytes});
          scratch_of.push_back(&operand);
          if (operand.persistent) persistent.push_back(buffers.size() - 1);
        }
      }
    }
  };
  walk(nodes);
  for (const auto& [v, at] : ends) touch(v, at);
  for (const Value* out : graph.outputs) touch(out, step);
  for (size_t i : persistent) buffers[i].last = step;

  std::vector<size_t> offsets;
  plan.arena_bytes = assign_offsets(buffers, offsets);
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (scratch_of[i]) plan.scratch[scratch_of[i]] = offsets[i];
    else plan.storage[buffers[i].value] = {Storage::Kind::kArena, 0, offsets[i]};
    plan.intermediate_bytes += buffers[i].bytes;
  }
  for (size_t at = 0; at <= step; ++at) {
    size_t alive = 0;
    for (const auto& b : buffers)
      if (b.first <= at && at <= b.last) alive += b.bytes;
    plan.arena_lower_bound = std::max(plan.arena_lower_bound, alive);
  }
  for (const auto& [view, target] : alias_of) plan.storage[view] = plan.storage.at(root(target));
  return plan;
}

}  // namespace aotc
