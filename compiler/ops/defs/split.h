// SPDX-License-Identifier: Apache-2.0
// The split kernel call for given axis extents, shared by Split and SplitToSequence's resolved form.
#pragma once

#include <vector>

#include "ops/op_def.h"

namespace aotc {

/// Splits input 0 along `axis` (normalized) into the node's outputs, `sizes[i]` along the axis for output i.
KernelCall lower_split_sizes(OpContext& ctx, int64_t axis, const std::vector<int64_t>& sizes);

}  // namespace aotc
