// SPDX-License-Identifier: Apache-2.0
// ai.onnx.ml TreeEnsemble (opset 5), TreeEnsembleRegressor and TreeEnsembleClassifier (opset 1, 3; int64 or
// string class labels): the three attribute layouts are flattened into the one form of
// onnx_aotc/ref/ml_tree_ensemble.h, checked (every reference in range, no cycles), and passed to the kernel as
// constant tables. For --provider cpu, float and double models are laid out again for
// onnx_aotc/cpu/ml_tree_ensemble.h (see there), which gives the same results faster.
#include <onnx_aotc/ref/ml_tree_ensemble.h>

#include <onnx_aotc/cpu/ml_tree_ensemble.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "ops/defs/ml_common.h"

namespace aotc {
namespace {

/// Trees in the kernels' flat form (see ml_tree_ensemble.h).
struct FlatTrees {
  std::vector<int64_t> nodes;  ///< 7 per branch node
  std::vector<double> splits, members;
  std::vector<int64_t> roots;
  std::vector<int64_t> leaf_offsets{0};
  std::vector<int64_t> leaf_targets;
  std::vector<double> leaf_weights;
  int64_t branches() const { return static_cast<int64_t>(splits.size()); }
  int64_t leaves() const { return static_cast<int64_t>(leaf_offsets.size()) - 1; }
};

int64_t leaf_ref(int64_t leaf) { return -(leaf + 1); }

/// Checks features, targets and refs, and that every tree is acyclic (a cycle would never reach a leaf).
void check_trees(const OpContext& ctx, const FlatTrees& t, int64_t features, int64_t targets) {
  auto check_ref = [&](int64_t ref, const char* what, int64_t from) {
    if (ref >= t.branches() || -(ref + 1) >= t.leaves())
      ctx.error("{} of node {} refers to {} {}, out of range", what, from, ref >= 0 ? "node" : "leaf",
                ref >= 0 ? ref : -(ref + 1));
  };
  for (int64_t i = 0; i < t.branches(); ++i) {
    const int64_t* n = &t.nodes[static_cast<size_t>(i * 7)];
    if (n[1] < 0 || n[1] >= features) ctx.error("node {} tests feature {}, but the input has {} features", i, n[1], features);
    check_ref(n[2], "the true branch", i);
    check_ref(n[3], "the false branch", i);
  }
  for (size_t k = 0; k < t.leaf_targets.size(); ++k)
    if (t.leaf_targets[k] < 0 || t.leaf_targets[k] >= targets)
      ctx.error("a leaf weight goes to target {}, out of range [0, {})", t.leaf_targets[k], targets);
  std::vector<int8_t> state(static_cast<size_t>(t.branches()), 0);  // 0 new, 1 on the path, 2 done
  for (size_t r = 0; r < t.roots.size(); ++r) {
    check_ref(t.roots[r], "the root", static_cast<int64_t>(r));
    if (t.roots[r] < 0) continue;
    std::vector<std::pair<int64_t, int>> stack{{t.roots[r], 0}};
    state[static_cast<size_t>(t.roots[r])] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == 2) {
        state[static_cast<size_t>(node)] = 2;
        stack.pop_back();
        continue;
      }
      const int64_t child = t.nodes[static_cast<size_t>(node * 7 + 2 + next++)];
      if (child < 0) continue;
      if (state[static_cast<size_t>(child)] == 1) ctx.error("tree {} has a cycle through node {}", r, child);
      if (state[static_cast<size_t>(child)] == 0) {
        state[static_cast<size_t>(child)] = 1;
        stack.push_back({child, 0});
      }
    }
  }
}

std::vector<KernelOperand> tree_operands(const OpContext& ctx, const FlatTrees& t, const std::vector<double>& base) {
  return {ctx.in(0),
          ml_table(ctx, "nodes", t.nodes),
          ml_table(ctx, "splits", t.splits),
          ml_table(ctx, "members", t.members),
          ml_table(ctx, "roots", t.roots),
          ml_table(ctx, "leaf_offsets", t.leaf_offsets),
          ml_table(ctx, "leaf_targets", t.leaf_targets),
          ml_table(ctx, "leaf_weights", t.leaf_weights),
          ml_table(ctx, "base", base)};
}

// ---- the CPU provider's layout ---------------------------------------------------------------------------

/// The trees in the layout of onnx_aotc/cpu/ml_tree_ensemble.h (one "x <= threshold goes left" test per node,
/// preorder with the left child next, leaves that loop on themselves, per tree its first node and depth).
struct CpuTrees {
  std::vector<int32_t> nodes, trees, leaf_offsets, leaf_targets;
  bool nan_left = false;
  int64_t uniform = 0;  ///< every leaf has weights for the same targets in the same order: how many
};

/// The threshold of type T closest to t from below (up: from above), so that for every x of type T,
/// x <= t holds exactly when x <= the result (up: x < t exactly when x < the result).
template <typename T>
T cpu_threshold(double t, bool up) {
  constexpr T big = std::numeric_limits<T>::max(), inf = std::numeric_limits<T>::infinity();
  if (std::isnan(t) || std::isinf(t)) return static_cast<T>(t);
  if (t > big) return up ? inf : big;
  if (t < -big) return up ? -big : -inf;
  const T f = static_cast<T>(t);
  if (up) return static_cast<double>(f) < t ? std::nextafter(f, inf) : f;
  return static_cast<double>(f) > t ? std::nextafter(f, -inf) : f;
}

/// Builds the CPU layout for input type T (float or double), or nothing where the provider kernel does not
/// apply, which then falls back to the reference kernel: EQ, NEQ and MEMBER nodes; a leaf with two weights for
/// one target (the reference rounds after each); no features; tables beyond int32.
template <typename T>
std::optional<CpuTrees> cpu_trees(const FlatTrees& t, int64_t features) {
  constexpr int kWords = (sizeof(T) / 4 + 3 + 1) / 2 * 2;  // threshold, feature, right, leaf; 8-byte aligned
  constexpr int64_t kMaxNodes = int64_t{1} << 26;
  if (features < 1 || features > std::numeric_limits<int32_t>::max() ||
      static_cast<int64_t>(t.leaf_targets.size()) >= std::numeric_limits<int32_t>::max() ||
      t.leaves() >= std::numeric_limits<int32_t>::max())
    return std::nullopt;
  for (int64_t i = 0; i < t.branches(); ++i)
    if (t.nodes[static_cast<size_t>(i * 7)] > 3) return std::nullopt;
  CpuTrees c;
  for (int64_t l = 0; l <= t.leaves(); ++l) c.leaf_offsets.push_back(static_cast<int32_t>(t.leaf_offsets[static_cast<size_t>(l)]));
  for (int64_t l = 0; l < t.leaves(); ++l) {
    std::set<int64_t> seen;
    for (int64_t k = t.leaf_offsets[static_cast<size_t>(l)]; k < t.leaf_offsets[static_cast<size_t>(l + 1)]; ++k)
      if (!seen.insert(t.leaf_targets[static_cast<size_t>(k)]).second) return std::nullopt;
  }
  for (int64_t target : t.leaf_targets) c.leaf_targets.push_back(static_cast<int32_t>(target));
  const int64_t m = t.leaves() > 0 ? t.leaf_offsets[1] : 0;
  bool uniform = m > 0;
  for (int64_t l = 0; l < t.leaves() && uniform; ++l)
    for (int64_t j = 0; j < m && uniform; ++j)
      uniform = t.leaf_offsets[static_cast<size_t>(l + 1)] - t.leaf_offsets[static_cast<size_t>(l)] == m &&
                t.leaf_targets[static_cast<size_t>(l * m + j)] == t.leaf_targets[static_cast<size_t>(j)];
  c.uniform = uniform ? m : 0;
  auto push = [&](T threshold, int32_t feature, int32_t right, int32_t leaf) {
    int32_t words[kWords] = {};
    std::memcpy(words, &threshold, sizeof(T));
    words[sizeof(T) / 4] = feature;
    words[sizeof(T) / 4 + 1] = right;
    words[sizeof(T) / 4 + 2] = leaf;
    c.nodes.insert(c.nodes.end(), words, words + kWords);
  };
  for (int64_t root : t.roots) {
    const int32_t first = static_cast<int32_t>(c.nodes.size() / kWords);
    int32_t depth = 0;
    struct Pending {
      int64_t ref;
      int32_t parent;  ///< node whose right child this is, or -1 (a left child, placed right after its parent)
      int32_t depth;
    };
    std::vector<Pending> stack{{root, -1, 0}};
    while (!stack.empty()) {
      const Pending e = stack.back();
      stack.pop_back();
      if (static_cast<int64_t>(c.nodes.size() / kWords) >= kMaxNodes) return std::nullopt;  // a DAG that unfolds too far
      const int32_t at = static_cast<int32_t>(c.nodes.size() / kWords);
      const int32_t at_bytes = at * kWords * 4;  // the kernel walks byte offsets
      if (e.parent >= 0) c.nodes[static_cast<size_t>(e.parent * kWords + sizeof(T) / 4 + 1)] = at_bytes;
      if (e.ref < 0) {
        push(std::numeric_limits<T>::quiet_NaN(), 0, at_bytes, static_cast<int32_t>(-(e.ref + 1)));
        depth = std::max(depth, e.depth);
        continue;
      }
      const int64_t* n = &t.nodes[static_cast<size_t>(e.ref * 7)];
      const double split = t.splits[static_cast<size_t>(e.ref)];
      // Non-NaN x goes left exactly when x <= threshold; LT and GTE test x <= the value just below (rounded up).
      const T below_up = cpu_threshold<T>(split, true);
      const T lt = below_up == -std::numeric_limits<T>::infinity() ? std::numeric_limits<T>::quiet_NaN()
                                                                    : std::nextafter(below_up, -std::numeric_limits<T>::infinity());
      T threshold = std::isnan(split) ? static_cast<T>(split) : n[0] == 0 || n[0] == 3 ? cpu_threshold<T>(split, false) : lt;
      const bool swap = !std::isnan(split) && (n[0] == 2 || n[0] == 3);  // GTE, GT: true when not x <= threshold
      const int64_t left = swap ? n[3] : n[2], right = swap ? n[2] : n[3];
      const int64_t nan_to = n[4] ? n[2] : n[3];  // a NaN compares false in LEQ, LT, GTE and GT
      const bool nan_left = nan_to == left && left != right;
      c.nan_left = c.nan_left || nan_left;
      push(threshold, static_cast<int32_t>(n[1]) | (nan_left ? std::numeric_limits<int32_t>::min() : 0), -1, 0);
      stack.push_back({right, at, e.depth + 1});
      stack.push_back({left, -1, e.depth + 1});
    }
    c.trees.insert(c.trees.end(), {first * kWords * 4, depth});
  }
  return c;
}

/// The CPU provider's call of `name` (tree_ensemble or tree_ensemble_classifier), if the trees fit its layout.
template <typename T, typename P, typename Fn>
std::optional<KernelCall> cpu_call(const OpContext& ctx, const char* name, std::string template_args, Fn fn,
                                   const FlatTrees& t, int64_t features, P p, const std::vector<double>& base,
                                   std::vector<KernelOperand> extra) {
  const std::optional<CpuTrees> c = cpu_trees<T>(t, features);
  if (!c) return std::nullopt;
  p.nan_left = c->nan_left;
  p.uniform = c->uniform;
  std::vector<KernelOperand> operands = {ctx.in(0),
                                         ml_table(ctx, "nodes", c->nodes),
                                         ml_table(ctx, "trees", c->trees),
                                         ml_table(ctx, "leaf_offsets", c->leaf_offsets),
                                         ml_table(ctx, "leaf_targets", c->leaf_targets),
                                         ml_table(ctx, "leaf_weights", t.leaf_weights),
                                         ml_table(ctx, "base", base)};
  operands.insert(operands.end(), extra.begin(), extra.end());
  KernelCall call = make_call(KernelRef{name, template_args, fn}, p, std::move(operands));
  call.header = "onnx_aotc/cpu/ml_tree_ensemble.h";
  call.function = fmt::format("onnx_aotc::cpu::{}{}", name, template_args);
  return call;
}

/// make(TypeTag<T>{}) when lowering for the CPU provider with float or double input (what its layout covers).
template <typename Make>
std::optional<KernelCall> cpu_lowering(const OpContext& ctx, Make make) {
  if (ctx.provider() != Provider::kCpu) return std::nullopt;
  if (ctx.input(0).type == DataType::kFloat) return make(TypeTag<float>{});
  if (ctx.input(0).type == DataType::kDouble) return make(TypeTag<double>{});
  return std::nullopt;
}

// ---- TreeEnsemble (opset 5) ---------------------------------------------------------------------------

FlatTrees flatten_v5(const OpContext& ctx) {
  FlatTrees t;
  const auto features = ml_ints(ctx, "nodes_featureids");
  const auto true_ids = ml_ints(ctx, "nodes_truenodeids"), false_ids = ml_ints(ctx, "nodes_falsenodeids");
  const auto true_leafs = ml_ints(ctx, "nodes_trueleafs"), false_leafs = ml_ints(ctx, "nodes_falseleafs");
  const auto missing = ml_ints(ctx, "nodes_missing_value_tracks_true");
  const auto modes = ml_tensor_doubles(ctx, *ctx.attr("nodes_modes").tensor, "nodes_modes");
  const auto splits = ml_tensor_doubles(ctx, *ctx.attr("nodes_splits").tensor, "nodes_splits");
  const auto members = ctx.has_attr("membership_values")
                           ? ml_tensor_doubles(ctx, *ctx.attr("membership_values").tensor, "membership_values")
                           : std::vector<double>{};
  const size_t n = features.size();
  for (const auto& [name, size] : {std::pair<const char*, size_t>{"nodes_truenodeids", true_ids.size()},
                                   {"nodes_falsenodeids", false_ids.size()}, {"nodes_trueleafs", true_leafs.size()},
                                   {"nodes_falseleafs", false_leafs.size()}, {"nodes_modes", modes.size()},
                                   {"nodes_splits", splits.size()}})
    if (size != n) ctx.error("{} has {} entries but nodes_featureids has {}", name, size, n);
  if (!missing.empty() && missing.size() != n)
    ctx.error("nodes_missing_value_tracks_true has {} entries but nodes_featureids has {}", missing.size(), n);
  const int64_t n_leaves = static_cast<int64_t>(ml_ints(ctx, "leaf_targetids").size());
  for (size_t i = 0; i < n; ++i)
    for (const auto& [id, leaf] : {std::pair<int64_t, int64_t>{true_ids[i], true_leafs[i]}, {false_ids[i], false_leafs[i]}})
      if (id < 0 || id >= (leaf ? n_leaves : static_cast<int64_t>(n)))
        ctx.error("node {} refers to {} {}, out of range", i, leaf ? "leaf" : "node", id);
  size_t member = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!(modes[i] >= 0 && modes[i] <= 6)) ctx.error("node {} has mode {}, not one of 0..6", i, modes[i]);
    const int64_t mode = static_cast<int64_t>(modes[i]);
    int64_t set_begin = 0, set_end = 0;
    if (mode == 6) {
      set_begin = static_cast<int64_t>(t.members.size());
      while (member < members.size() && !std::isnan(members[member])) t.members.push_back(members[member++]);
      if (member >= members.size()) ctx.error("membership_values has no NaN-terminated set for node {}", i);
      ++member;
      set_end = static_cast<int64_t>(t.members.size());
    }
    auto ref = [](int64_t id, int64_t is_leaf) { return is_leaf ? leaf_ref(id) : id; };
    t.nodes.insert(t.nodes.end(), {mode, features[i], ref(true_ids[i], true_leafs[i]), ref(false_ids[i], false_leafs[i]),
                                   missing.empty() ? 0 : missing[i], set_begin, set_end});
    t.splits.push_back(splits[i]);
  }
  if (member != members.size()) ctx.error("membership_values holds more sets than there are BRANCH_MEMBER nodes");
  const auto targets = ml_ints(ctx, "leaf_targetids");
  const auto weights = ml_tensor_doubles(ctx, *ctx.attr("leaf_weights").tensor, "leaf_weights");
  if (targets.size() != weights.size())
    ctx.error("leaf_targetids has {} entries but leaf_weights has {}", targets.size(), weights.size());
  for (size_t l = 0; l < targets.size(); ++l) {
    t.leaf_targets.push_back(targets[l]);
    t.leaf_weights.push_back(weights[l]);
    t.leaf_offsets.push_back(static_cast<int64_t>(l + 1));
  }
  for (int64_t root : ctx.attr_ints("tree_roots")) {
    if (root < 0 || root >= static_cast<int64_t>(n)) ctx.error("tree root {} is out of range [0, {})", root, n);
    const size_t r = static_cast<size_t>(root);
    // A tree that is a single leaf: both branches name the same leaf.
    const bool is_leaf = true_leafs[r] && false_leafs[r] && true_ids[r] == false_ids[r];
    t.roots.push_back(is_leaf ? leaf_ref(true_ids[r]) : root);
  }
  return t;
}

void infer_v5(OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const DataType type = ctx.input(0).type;
  if (type != DataType::kFloat && type != DataType::kDouble && type != DataType::kFloat16)
    ctx.unsupported("element type {} is not supported", data_type_name(type));
  if (ctx.attr("nodes_splits").tensor->type != type || ctx.attr("leaf_weights").tensor->type != type)
    ctx.error("nodes_splits and leaf_weights must have the input's type {}", data_type_name(type));
  const int64_t n_targets = ctx.attr_int("n_targets");
  if (n_targets < 1) ctx.error("n_targets {} must be positive", n_targets);
  ml_checked_count(ctx, n_targets, "n_targets");
  ctx.set_output(0, type, {ml_rows(ctx).rows, n_targets});
}

KernelCall lower_v5(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const FlatTrees t = flatten_v5(ctx);
  const int64_t n_targets = ctx.attr_int("n_targets");
  check_trees(ctx, t, in.cols, n_targets);
  const int64_t aggregate = ctx.attr_int("aggregate_function"), post = ctx.attr_int("post_transform");
  if (aggregate < 0 || aggregate > 3) ctx.error("aggregate_function {} is not one of 0..3", aggregate);
  if (post < 0 || post > 4) ctx.error("post_transform {} is not one of 0..4", post);
  const onnx_aotc::ref::TreeEnsembleParams p{in.rows, in.cols, static_cast<int64_t>(t.roots.size()), n_targets,
                                             aggregate, post};
  const std::vector<double> base(static_cast<size_t>(n_targets), 0.0);
  if (auto call = cpu_lowering(ctx, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const onnx_aotc::cpu::TreeEnsembleParams cp{p.rows, p.features, p.n_trees, p.n_targets, p.aggregate,
                                                    p.post_transform, false, 0};
        return cpu_call<T>(ctx, "tree_ensemble", template_arguments<T, T>(), &onnx_aotc::cpu::tree_ensemble<T, T>,
                           t, in.cols, cp, base,
                           {ctx.out(0), KernelOperand::scratch(static_cast<size_t>(onnx_aotc::cpu::tree_ensemble_work(in.cols)))});
      }))
    return *call;
  auto operands = tree_operands(ctx, t, base);
  operands.push_back(ctx.out(0));
  return dispatch(FloatTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(tree_ensemble, T, T), p, operands, "ml_tree_ensemble");
  });
}

// ---- TreeEnsembleRegressor and TreeEnsembleClassifier (opset 1, 3) ---------------------------------------

/// Flattens the (treeid, nodeid)-keyed layout; `prefix` is "target" or "class".
FlatTrees flatten_v1(const OpContext& ctx, const std::string& prefix) {
  FlatTrees t;
  const auto tree_ids = ml_ints(ctx, "nodes_treeids"), node_ids = ml_ints(ctx, "nodes_nodeids");
  const auto features = ml_ints(ctx, "nodes_featureids");
  const auto true_ids = ml_ints(ctx, "nodes_truenodeids"), false_ids = ml_ints(ctx, "nodes_falsenodeids");
  const auto missing = ml_ints(ctx, "nodes_missing_value_tracks_true");
  const auto modes = ml_strings(ctx, "nodes_modes");
  const auto values = ml_floats_or_tensor(ctx, "nodes_values");
  const size_t n = tree_ids.size();
  for (const auto& [name, size] : {std::pair<const char*, size_t>{"nodes_nodeids", node_ids.size()},
                                   {"nodes_featureids", features.size()}, {"nodes_truenodeids", true_ids.size()},
                                   {"nodes_falsenodeids", false_ids.size()}, {"nodes_modes", modes.size()}})
    if (size != n) ctx.error("{} has {} entries but nodes_treeids has {}", name, size, n);
  if (!values.empty() && values.size() != n) ctx.error("nodes_values has {} entries but nodes_treeids has {}", values.size(), n);
  if (!missing.empty() && missing.size() != n)
    ctx.error("nodes_missing_value_tracks_true has {} entries but nodes_treeids has {}", missing.size(), n);
  static const char* const names[] = {"BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"};
  std::map<std::pair<int64_t, int64_t>, int64_t> ref_of;  // (tree, node) -> ref
  std::vector<int64_t> mode_of(n);
  int64_t branches = 0, leaves = 0;
  for (size_t i = 0; i < n; ++i) {
    if (modes[i] == "LEAF") {
      mode_of[i] = -1;
    } else {
      auto it = std::find(std::begin(names), std::end(names), modes[i]);
      if (it == std::end(names)) ctx.error("node {} has mode '{}', which is not a known node mode", i, modes[i]);
      mode_of[i] = it - std::begin(names);
    }
    if (!ref_of.emplace(std::make_pair(tree_ids[i], node_ids[i]), mode_of[i] < 0 ? leaf_ref(leaves++) : branches++).second)
      ctx.error("node ({}, {}) (tree, node) is defined twice", tree_ids[i], node_ids[i]);
  }
  auto lookup = [&](int64_t tree, int64_t node, size_t from) {
    auto it = ref_of.find({tree, node});
    if (it == ref_of.end()) ctx.error("node {} of tree {} refers to node {}, which does not exist", node_ids[from], tree, node);
    return it->second;
  };
  for (size_t i = 0; i < n; ++i) {
    if (mode_of[i] < 0) continue;
    t.nodes.insert(t.nodes.end(), {mode_of[i], features[i], lookup(tree_ids[i], true_ids[i], i),
                                   lookup(tree_ids[i], false_ids[i], i), missing.empty() ? 0 : missing[i], 0, 0});
    t.splits.push_back(values.empty() ? 0.0 : values[i]);
  }
  // Leaf weights, grouped per leaf in attribute order.
  const auto w_trees = ml_ints(ctx, prefix + "_treeids"), w_nodes = ml_ints(ctx, prefix + "_nodeids");
  const auto w_ids = ml_ints(ctx, prefix + "_ids");
  const auto w_values = ml_floats_or_tensor(ctx, prefix + "_weights");
  const size_t m = w_trees.size();
  if (w_nodes.size() != m || w_ids.size() != m || w_values.size() != m)
    ctx.error("{0}_treeids, {0}_nodeids, {0}_ids and {0}_weights must have the same length", prefix);
  std::vector<std::vector<std::pair<int64_t, double>>> per_leaf(static_cast<size_t>(leaves));
  for (size_t k = 0; k < m; ++k) {
    auto it = ref_of.find({w_trees[k], w_nodes[k]});
    if (it == ref_of.end() || it->second >= 0)
      ctx.error("{} weight {} goes to node {} of tree {}, which is not a leaf", prefix, k, w_nodes[k], w_trees[k]);
    per_leaf[static_cast<size_t>(-(it->second + 1))].push_back({w_ids[k], w_values[k]});
  }
  for (const auto& list : per_leaf) {
    for (const auto& [id, w] : list) {
      t.leaf_targets.push_back(id);
      t.leaf_weights.push_back(w);
    }
    t.leaf_offsets.push_back(static_cast<int64_t>(t.leaf_targets.size()));
  }
  // The root of a tree is its first node.
  std::map<int64_t, int64_t> root_of;
  for (size_t i = 0; i < n; ++i) root_of.emplace(tree_ids[i], ref_of.at({tree_ids[i], node_ids[i]}));
  for (const auto& [tree, ref] : root_of) t.roots.push_back(ref);
  return t;
}

std::vector<AttrSpec> v1_node_attrs(std::vector<AttrSpec> extra) {
  std::vector<AttrSpec> attrs = {attr_floats("base_values"), attr_tensor("base_values_as_tensor"), attr_ints("nodes_falsenodeids"),
           attr_ints("nodes_featureids"), attr_floats("nodes_hitrates"), attr_tensor("nodes_hitrates_as_tensor"),
           attr_ints("nodes_missing_value_tracks_true"), attr_strings("nodes_modes"), attr_ints("nodes_nodeids"),
           attr_ints("nodes_treeids"), attr_ints("nodes_truenodeids"), attr_floats("nodes_values"),
           attr_tensor("nodes_values_as_tensor"), attr_string("post_transform", "NONE")};
  attrs.insert(attrs.end(), extra.begin(), extra.end());
  return attrs;
}

void check_v1_input(const OpContext& ctx) {
  ctx.expect_inputs(1, 1);
  const DataType type = ctx.input(0).type;
  if (type != DataType::kFloat && type != DataType::kDouble && type != DataType::kInt64 && type != DataType::kInt32)
    ctx.unsupported("element type {} is not supported", data_type_name(type));
}

using V1InputTypes = TypeList<float, double, int64_t, int32_t>;

void infer_regressor(OpContext& ctx) {
  check_v1_input(ctx);
  const int64_t n_targets = ctx.attr_int("n_targets");
  if (n_targets < 1) ctx.error("n_targets {} must be positive", n_targets);
  ml_checked_count(ctx, n_targets, "n_targets");
  ctx.set_output(0, DataType::kFloat, {ml_rows(ctx).rows, n_targets});
}

KernelCall lower_regressor(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const FlatTrees t = flatten_v1(ctx, "target");
  const int64_t n_targets = ctx.attr_int("n_targets");
  check_trees(ctx, t, in.cols, n_targets);
  static const char* const aggregates[] = {"AVERAGE", "SUM", "MIN", "MAX"};
  const std::string aggregate_name = ctx.attr_string("aggregate_function");
  const auto it = std::find(std::begin(aggregates), std::end(aggregates), aggregate_name);
  if (it == std::end(aggregates)) ctx.error("aggregate_function '{}' is not one of AVERAGE, SUM, MIN, MAX", aggregate_name);
  std::vector<double> base = ml_floats_or_tensor(ctx, "base_values");
  if (base.empty()) base.assign(static_cast<size_t>(n_targets), 0.0);
  if (static_cast<int64_t>(base.size()) != n_targets)
    ctx.error("base_values has {} entries but n_targets is {}", base.size(), n_targets);
  const onnx_aotc::ref::TreeEnsembleParams p{in.rows, in.cols, static_cast<int64_t>(t.roots.size()), n_targets,
                                             it - std::begin(aggregates),
                                             ml_post_transform(ctx, ctx.attr_string("post_transform"))};
  if (auto call = cpu_lowering(ctx, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const onnx_aotc::cpu::TreeEnsembleParams cp{p.rows, p.features, p.n_trees, p.n_targets, p.aggregate,
                                                    p.post_transform, false, 0};
        return cpu_call<T>(ctx, "tree_ensemble", template_arguments<T, float>(),
                           &onnx_aotc::cpu::tree_ensemble<T, float>, t, in.cols, cp, base,
                           {ctx.out(0), KernelOperand::scratch(static_cast<size_t>(onnx_aotc::cpu::tree_ensemble_work(in.cols)))});
      }))
    return *call;
  auto operands = tree_operands(ctx, t, base);
  operands.push_back(ctx.out(0));
  return dispatch(V1InputTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return make_call(AOTC_KERNEL(tree_ensemble, T, float), p, operands, "ml_tree_ensemble");
  });
}

/// onnxruntime's binary case: two classes, and every leaf weight goes to the same one.
bool classifier_binary(const OpContext& ctx, int64_t n_classes) {
  const auto ids = ml_ints(ctx, "class_ids");
  return n_classes == 2 && std::set<int64_t>(ids.begin(), ids.end()).size() == 1;
}

MlClassLabels classifier_labels(const OpContext& ctx) {
  MlClassLabels labels = ml_class_labels(ctx, "classlabels_int64s");
  if (labels.size() < 1) ctx.error("classlabels_int64s or classlabels_strings must name at least one class");
  // One class: the label is 1 or 0 by the score's sign, which onnxruntime reads as the second or first name.
  if (labels.strings && labels.size() == 1) ctx.unsupported("a single string class label (onnxruntime requires two)");
  ml_checked_count(ctx, labels.size(), "class count");
  return labels;
}

void infer_classifier(OpContext& ctx) {
  check_v1_input(ctx);
  const MlClassLabels labels = classifier_labels(ctx);
  const int64_t rows = ml_rows(ctx).rows;
  if (!ctx.has_output(1)) ctx.unsupported("the scores output Z must be present");
  ml_set_label_output(ctx, 0, labels, {rows});
  ctx.set_output(1, DataType::kFloat, {rows, labels.size()});
}

KernelCall lower_classifier(OpContext& ctx) {
  const MlRows in = ml_rows(ctx);
  const FlatTrees t = flatten_v1(ctx, "class");
  const MlClassLabels labels = classifier_labels(ctx);
  const int64_t n_classes = labels.size();
  check_trees(ctx, t, in.cols, n_classes);
  std::vector<double> base = ml_floats_or_tensor(ctx, "base_values");
  const int64_t n_base = static_cast<int64_t>(base.size());
  // One value for two classes is class 0's (as gradient boosting's binary models have it).
  if (n_base != 0 && n_base != n_classes && !(n_base == 1 && n_classes == 2))
    ctx.error("base_values has {} entries but there are {} classes", base.size(), n_classes);
  base.resize(static_cast<size_t>(n_classes), 0.0);
  const onnx_aotc::ref::TreeEnsembleClassifierParams p{
      in.rows, in.cols, static_cast<int64_t>(t.roots.size()), n_classes, n_base, classifier_binary(ctx, n_classes),
      std::all_of(t.leaf_weights.begin(), t.leaf_weights.end(), [](double w) { return w >= 0; }),
      ml_post_transform(ctx, ctx.attr_string("post_transform"))};
  // The class labels, then the labels for a score <= 0 and > 0 outside the binary case: 0 and 1 as int64, the
  // first and second name for strings (onnxruntime works on class indices there).
  std::vector<int64_t> entries = ml_label_entries(labels);
  entries.insert(entries.end(), {0, 1});
  if (auto call = cpu_lowering(ctx, [&](auto tag) {
        return dispatch(TypeList<int64_t, onnx_aotc_string>{}, labels.type(), ctx, [&](auto label_tag) {
          using T = typename decltype(tag)::type;
          using L = typename decltype(label_tag)::type;
          const onnx_aotc::cpu::TreeEnsembleClassifierParams cp{p.rows,   p.features,     p.n_trees,
                                                                p.n_classes, p.n_base,   p.binary,
                                                                p.all_positive, p.post_transform, false, 0};
          return cpu_call<T>(ctx, "tree_ensemble_classifier", template_arguments<T, L>(),
                             &onnx_aotc::cpu::tree_ensemble_classifier<T, L>, t, in.cols, cp, base,
                             {ml_label_table(ctx, labels, entries), ctx.out(0), ctx.out(1),
                              KernelOperand::scratch(static_cast<size_t>(
                                  onnx_aotc::cpu::tree_ensemble_classifier_work(in.cols, n_classes)))});
        });
      }))
    return *call;
  auto operands = tree_operands(ctx, t, base);
  operands.push_back(ml_label_table(ctx, labels, entries));
  operands.push_back(ctx.out(0));
  operands.push_back(ctx.out(1));
  operands.push_back(KernelOperand::scratch(
      static_cast<size_t>(onnx_aotc::ref::tree_ensemble_classifier_work(n_classes))));
  return dispatch(V1InputTypes{}, ctx.input(0).type, ctx, [&](auto tag) {
    return dispatch(TypeList<int64_t, onnx_aotc_string>{}, labels.type(), ctx, [&](auto label_tag) {
      using T = typename decltype(tag)::type;
      using L = typename decltype(label_tag)::type;
      return make_call(AOTC_KERNEL(tree_ensemble_classifier, T, L), p, operands, "ml_tree_ensemble");
    });
  });
}

}  // namespace

const OpDef& op_TreeEnsemble() {
  static const OpDef def{"ai.onnx.ml",
                         "TreeEnsemble",
                         {attr_int("aggregate_function", 1), required(attr_ints("leaf_targetids")),
                          required(attr_tensor("leaf_weights")), attr_tensor("membership_values"),
                          attr_int("n_targets"), required(attr_ints("nodes_falseleafs")),
                          required(attr_ints("nodes_falsenodeids")), required(attr_ints("nodes_featureids")),
                          attr_tensor("nodes_hitrates"), attr_ints("nodes_missing_value_tracks_true"),
                          required(attr_tensor("nodes_modes")), required(attr_tensor("nodes_splits")),
                          required(attr_ints("nodes_trueleafs")), required(attr_ints("nodes_truenodeids")),
                          attr_int("post_transform", 0), required(attr_ints("tree_roots"))},
                         {},
                         infer_v5,
                         lower_v5};
  return def;
}

const OpDef& op_TreeEnsembleRegressor() {
  static const OpDef def{"ai.onnx.ml",
                         "TreeEnsembleRegressor",
                         v1_node_attrs({attr_string("aggregate_function", "SUM"), attr_int("n_targets"),
                                        attr_ints("target_ids"), attr_ints("target_nodeids"),
                                        attr_ints("target_treeids"), attr_floats("target_weights"),
                                        attr_tensor("target_weights_as_tensor")}),
                         {},
                         infer_regressor,
                         lower_regressor};
  return def;
}

const OpDef& op_TreeEnsembleClassifier() {
  static const OpDef def{"ai.onnx.ml",
                         "TreeEnsembleClassifier",
                         v1_node_attrs({attr_ints("class_ids"), attr_ints("class_nodeids"), attr_ints("class_treeids"),
                                        attr_floats("class_weights"), attr_tensor("class_weights_as_tensor"),
                                        attr_ints("classlabels_int64s"), attr_strings("classlabels_strings")}),
                         {},
                         infer_classifier,
                         lower_classifier};
  return def;
}

}  // namespace aotc
