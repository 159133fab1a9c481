// SPDX-License-Identifier: Apache-2.0
// The epilogue attributes of the com.onnx_aotc fused ops (FusedConv, FusedGemm): `activation` names an ONNX
// activation and `activation_params` holds its parameters, as onnx_aotc/ref/fused.h applies them.
#pragma once

#include <onnx_aotc/ref/fused.h>

#include <string>
#include <vector>

#include "ops/op_def.h"

namespace aotc {

/// The domain of the ops the compiler's fusions create (docs/fused-ops.md).
inline constexpr const char* kFusedDomain = "com.onnx_aotc";

/// `def` moved to the com.onnx_aotc domain: the same op for models whose opset predates it.
OpDef in_fused_domain(OpDef def);

/// `activation` (default "": none) and `activation_params` (default: none).
std::vector<AttrSpec> epilogue_attributes();

/// The node's epilogue; fails naming an unknown activation or a wrong parameter count.
onnx_aotc::ref::Epilogue epilogue_of(const OpContext& ctx);

}  // namespace aotc
