// SPDX-License-Identifier: Apache-2.0
// Helpers for attributes that old opset versions of an op had and later versions removed.
#pragma once

#include <initializer_list>

#include "ops/op_def.h"

namespace aotc {

/// Ops declare the attributes of all their versions; one removed in opset `removed_in` is reported on a node of
/// that opset or later as the attribute check reports an undeclared one.
inline void reject_removed_attrs(const OpContext& ctx, int removed_in, std::initializer_list<const char*> names) {
  if (ctx.opset() < removed_in) return;
  for (const char* name : names)
    if (ctx.has_attr(name)) ctx.unsupported("attribute '{}' is not supported", name);
}

}  // namespace aotc
