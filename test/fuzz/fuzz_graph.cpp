// SPDX-License-Identifier: Apache-2.0
// Structure-aware libFuzzer target (Debian has no libprotobuf-mutator): the fuzz bytes choose a small, always
// parseable model: graph inputs and constant initializers of random types and shapes, then nodes of any op the
// compiler registers (all_ops()) wired to earlier tensors, with attributes of the kinds their op definitions
// declare and random values, including extremes. The model is serialized and run through the whole pipeline,
// so shape inference, constant folding with the reference kernels, lowering, planning and emitting see far
// more than raw-byte mutation of protobuf reaches.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "ops/op_def.h"
#include "pipeline.h"

namespace {

using aotc::Attribute;

constexpr int32_t kTypes[] = {onnx::TensorProto::FLOAT,  onnx::TensorProto::INT64, onnx::TensorProto::INT32,
                              onnx::TensorProto::BOOL,   onnx::TensorProto::UINT8, onnx::TensorProto::INT8,
                              onnx::TensorProto::DOUBLE, onnx::TensorProto::FLOAT16};
constexpr int kTypeSizes[] = {4, 8, 4, 1, 1, 1, 8, 2};
const char* const kStrings[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "constant", "reflect", "edge", "linear",
                                "nearest", "cubic", "DCR", "CRD", "half_pixel", "asymmetric", "mean", "sum", "max", "min",
                                "none", "round_prefer_floor", "floor", "ceil", "bilinear", "zeros", "border", "tanh",
                                "Relu", "Sigmoid", "", "x"};

int64_t small_int(FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange(0, 9)) {
    case 0: return std::numeric_limits<int64_t>::max();
    case 1: return std::numeric_limits<int64_t>::min();
    case 2: return fdp.ConsumeIntegral<int64_t>();
    default: return fdp.ConsumeIntegralInRange<int64_t>(-4, 6);
  }
}

int64_t dim(FuzzedDataProvider& fdp) {
  return fdp.ConsumeIntegralInRange(0, 15) == 0 ? fdp.ConsumeIntegralInRange<int64_t>(0, 70000)
                                                 : fdp.ConsumeIntegralInRange<int64_t>(0, 4);
}

void random_tensor(FuzzedDataProvider& fdp, onnx::TensorProto* t, const std::string& name) {
  const int type_index = fdp.ConsumeIntegralInRange(0, 7);
  t->set_name(name);
  t->set_data_type(kTypes[type_index]);
  int64_t count = 1;
  const int rank = fdp.ConsumeIntegralInRange(0, 3);
  for (int i = 0; i < rank; ++i) {
    const int64_t d = fdp.ConsumeIntegralInRange<int64_t>(0, 4);
    t->add_dims(d);
    count *= d;
  }
  if (kTypes[type_index] == onnx::TensorProto::INT64) {
    for (int64_t i = 0; i < count; ++i) t->add_int64_data(small_int(fdp));
    return;
  }
  std::string raw = fdp.ConsumeBytesAsString(static_cast<size_t>(count * kTypeSizes[type_index]));
  raw.resize(static_cast<size_t>(count * kTypeSizes[type_index]), '\1');
  t->set_raw_data(raw);
}

void random_attribute(FuzzedDataProvider& fdp, const aotc::AttrSpec& spec, onnx::AttributeProto* a) {
  using AP = onnx::AttributeProto;
  a->set_name(spec.name);
  switch (spec.kind) {
    case Attribute::Kind::kInt: a->set_type(AP::INT); a->set_i(small_int(fdp)); break;
    case Attribute::Kind::kFloat: a->set_type(AP::FLOAT); a->set_f(fdp.ConsumeFloatingPoint<float>()); break;
    case Attribute::Kind::kString:
      a->set_type(AP::STRING);
      a->set_s(kStrings[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kStrings) - 1)]);
      break;
    case Attribute::Kind::kInts: {
      a->set_type(AP::INTS);
      const int n = fdp.ConsumeIntegralInRange(0, 6);
      for (int i = 0; i < n; ++i) a->add_ints(small_int(fdp));
      break;
    }
    case Attribute::Kind::kFloats: {
      a->set_type(AP::FLOATS);
      const int n = fdp.ConsumeIntegralInRange(0, 6);
      for (int i = 0; i < n; ++i) a->add_floats(fdp.ConsumeFloatingPoint<float>());
      break;
    }
    case Attribute::Kind::kStrings: {
      a->set_type(AP::STRINGS);
      const int n = fdp.ConsumeIntegralInRange(0, 3);
      for (int i = 0; i < n; ++i) a->add_strings(kStrings[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kStrings) - 1)]);
      break;
    }
    case Attribute::Kind::kTensor: a->set_type(AP::TENSOR); random_tensor(fdp, a->mutable_t(), ""); break;
    default: {
      // Graphs: an Identity body over an outer tensor name or a body input (If, Loop, Scan accept some).
      a->set_type(AP::GRAPH);
      auto* g = a->mutable_g();
      g->set_name("body");
      auto* n = g->add_node();
      n->set_op_type("Identity");
      n->add_input(fdp.ConsumeBool() ? "in0" : "b");
      n->add_output("bo");
      if (fdp.ConsumeBool()) {
        auto* in = g->add_input();
        in->set_name("b");
        in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
      }
      g->add_output()->set_name("bo");
      break;
    }
  }
}

std::string build_model(FuzzedDataProvider& fdp) {
  const auto& ops = aotc::all_ops();
  onnx::ModelProto m;
  m.set_ir_version(fdp.ConsumeIntegralInRange(7, 10));
  std::set<std::string> domains;
  for (const auto* op : ops) domains.insert(op->domain);
  for (const auto& d : domains) {
    auto* imp = m.add_opset_import();
    imp->set_domain(d);
    imp->set_version(d.empty() ? fdp.ConsumeIntegralInRange(7, 23) : fdp.ConsumeIntegralInRange(1, 5));
  }
  auto* g = m.mutable_graph();
  g->set_name("g");
  std::vector<std::string> tensors;
  const int n_inputs = fdp.ConsumeIntegralInRange(1, 3);
  for (int i = 0; i < n_inputs; ++i) {
    auto* in = g->add_input();
    in->set_name("in" + std::to_string(i));
    auto* tt = in->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(kTypes[fdp.ConsumeIntegralInRange(0, 7)]);
    auto* shape = tt->mutable_shape();
    const int rank = fdp.ConsumeIntegralInRange(0, 5);
    for (int d = 0; d < rank; ++d) shape->add_dim()->set_dim_value(dim(fdp));
    tensors.push_back(in->name());
  }
  const int n_consts = fdp.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < n_consts; ++i) {
    random_tensor(fdp, g->add_initializer(), "c" + std::to_string(i));
    tensors.push_back("c" + std::to_string(i));
  }
  const int n_nodes = fdp.ConsumeIntegralInRange(1, 5);
  std::vector<std::string> last_outputs;
  for (int k = 0; k < n_nodes && fdp.remaining_bytes() > 0; ++k) {
    const aotc::OpDef* def = ops[fdp.ConsumeIntegralInRange<size_t>(0, ops.size() - 1)];
    auto* n = g->add_node();
    n->set_name("n" + std::to_string(k));
    n->set_op_type(def->name);
    n->set_domain(def->domain);
    const int n_in = fdp.ConsumeIntegralInRange(0, 5);
    for (int i = 0; i < n_in; ++i)
      n->add_input(fdp.ConsumeIntegralInRange(0, 7) == 0 ? "" : tensors[fdp.ConsumeIntegralInRange<size_t>(0, tensors.size() - 1)]);
    for (const auto& spec : def->attributes)
      if (spec.required || fdp.ConsumeBool()) random_attribute(fdp, spec, n->add_attribute());
    last_outputs.clear();
    const int n_out = fdp.ConsumeIntegralInRange(1, 3);
    for (int i = 0; i < n_out; ++i) {
      const std::string name = "t" + std::to_string(k) + "_" + std::to_string(i);
      n->add_output(name);
      tensors.push_back(name);
      last_outputs.push_back(name);
    }
  }
  for (const auto& name : last_outputs) g->add_output()->set_name(name);
  return m.SerializeAsString();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  aotc::fuzz::run_pipeline(build_model(fdp));
  return 0;
}
