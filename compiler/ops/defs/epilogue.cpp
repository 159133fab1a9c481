// SPDX-License-Identifier: Apache-2.0
// The epilogue attributes of the com.onnx_aotc fused ops (FusedConv, FusedGemm).
#include "ops/defs/epilogue.h"

namespace aotc {

OpDef in_fused_domain(OpDef def) {
  def.domain = kFusedDomain;
  return def;
}

std::vector<AttrSpec> epilogue_attributes() { return {attr_string("activation", ""), attr_floats("activation_params")}; }

onnx_aotc::ref::Epilogue epilogue_of(const OpContext& ctx) {
  namespace ref = onnx_aotc::ref;
  struct Known {
    const char* name;
    int64_t code;
    size_t params;
  };
  static const Known known[] = {
      {"", ref::kActivationNone, 0},          {"Relu", ref::kActivationRelu, 0},
      {"LeakyRelu", ref::kActivationLeakyRelu, 1}, {"Sigmoid", ref::kActivationSigmoid, 0},
      {"HardSigmoid", ref::kActivationHardSigmoid, 2}, {"Tanh", ref::kActivationTanh, 0},
      {"Clip", ref::kActivationClip, 2},      {"Gelu", ref::kActivationGelu, 0},
      {"GeluTanh", ref::kActivationGeluTanh, 0}, {"HardSwish", ref::kActivationHardSwish, 0},
  };
  const std::string name = ctx.attr_string("activation");
  const std::vector<double> params = ctx.attr_floats("activation_params");
  for (const Known& k : known) {
    if (name != k.name) continue;
    if (params.size() != k.params) ctx.error("activation '{}' takes {} activation_params, given {}", name, k.params, params.size());
    return {k.code, params.size() > 0 ? static_cast<float>(params[0]) : 0.0f, params.size() > 1 ? static_cast<float>(params[1]) : 0.0f};
  }
  ctx.unsupported("activation '{}' is not one the fused ops know", name);
}

}  // namespace aotc
