// SPDX-License-Identifier: Apache-2.0
// share-constants: constants with the same type, shape and bytes become one.
//
// Exporters repeat small constants (axes, shapes, scalars) and sometimes whole weights; folding makes more.
// One pass over the constants each node reads, bucketed by (type, shape, hash of the bytes) and compared in
// full, points every reader at the first. String constants are left alone (their bytes are views).
#include <functional>
#include <map>
#include <string_view>
#include <tuple>

#include "passes/pass.h"
#include "passes/rewrite.h"

namespace aotc {

void share_constants(Graph& graph, Diagnostics& diags) {
  using Key = std::tuple<DataType, Shape, size_t>;
  std::map<Key, std::vector<Value*>> seen;
  auto bytes_of = [](const Value* v) {
    return std::string_view(reinterpret_cast<const char*>(v->constant->data()), v->constant->size());
  };
  for (Node* node : graph.nodes) {
    for (Graph* body : node->subgraphs()) share_constants(*body, diags);
    for (Value*& in : node->inputs) {
      if (!in || !in->is_constant() || !in->is_tensor() || in->type == DataType::kString) continue;
      auto& bucket = seen[Key{in->type, in->shape, std::hash<std::string_view>{}(bytes_of(in))}];
      Value* same = nullptr;
      for (Value* candidate : bucket)
        if (candidate == in || bytes_of(candidate) == bytes_of(in)) same = candidate;
      if (!same) bucket.push_back(in);
      else in = same;
    }
  }
}

}  // namespace aotc
