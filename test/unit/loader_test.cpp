// SPDX-License-Identifier: Apache-2.0
// Frontend: ONNX protobuf -> IR, including the clear errors for malformed models.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include "frontend/onnx_loader.h"
#include "support/diagnostics.h"

namespace aotc {
namespace {

onnx::ModelProto make_model() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(17);
  auto* g = m.mutable_graph();
  g->set_name("g");
  auto* in = g->add_input();
  in->set_name("x");
  in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param("batch");
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(4);
  auto* w = g->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(4);
  for (int i = 0; i < 4; ++i) w->add_float_data(static_cast<float>(i));
  auto* n = g->add_node();
  n->set_op_type("Add");
  n->set_name("add");
  n->add_input("x");
  n->add_input("w");
  n->add_output("y");
  g->add_output()->set_name("y");
  return m;
}

Model load(const onnx::ModelProto& m, LoadOptions options = {}) {
  return load_onnx_model_from_bytes(m.SerializeAsString(), "", options, "test.onnx");
}

std::string error_of(const onnx::ModelProto& m, LoadOptions options = {}) {
  try {
    load(m, options);
  } catch (const CompileError& e) {
    return e.what();
  }
  return "";
}

TEST(Loader, LoadsGraphWithBoundDims) {
  LoadOptions options;
  options.dims["batch"] = 3;
  Model model = load(make_model(), options);
  ASSERT_EQ(model.graph->inputs.size(), 1u);
  EXPECT_EQ(model.graph->inputs[0]->shape, (Shape{3, 4}));
  const Value* w = model.graph->find_value("w");
  ASSERT_NE(w, nullptr);
  ASSERT_TRUE(w->is_constant());
  EXPECT_EQ(w->constant_data<float>()[3], 3.0f);
  EXPECT_EQ(model.opsets.at(""), 17);
  ASSERT_EQ(model.graph->nodes.size(), 1u);
  EXPECT_EQ(model.graph->nodes[0]->opset, 17);
}

TEST(Loader, UnboundSymbolNamesInputAndSymbol) {
  EXPECT_EQ(error_of(make_model()),
            "test.onnx: graph input 'x' has symbolic dimension 'batch' at axis 0; bind it with --dim batch=VALUE");
}

TEST(Loader, RejectsGarbage) {
  try {
    load_onnx_model_from_bytes("\xff\xff\xff garbage", "", {}, "junk.onnx");
    FAIL();
  } catch (const CompileError& e) {
    EXPECT_STREQ(e.what(), "junk.onnx: not a valid ONNX model (protobuf parse failed)");
  }
}

TEST(Loader, UndefinedInputNamesNode) {
  auto m = make_model();
  m.mutable_graph()->mutable_node(0)->set_input(1, "nope");
  LoadOptions options;
  options.dims["batch"] = 1;
  EXPECT_EQ(error_of(m, options), "test.onnx: Add node 'add' uses input 'nope', which is not defined before it");
}

TEST(Loader, DuplicateOutputName) {
  auto m = make_model();
  auto* n = m.mutable_graph()->add_node();
  n->set_op_type("Relu");
  n->set_name("again");
  n->add_input("x");
  n->add_output("y");
  LoadOptions options;
  options.dims["batch"] = 1;
  EXPECT_EQ(error_of(m, options), "test.onnx: Relu node 'again' output 'y' is already defined (tensor names must be unique)");
}

TEST(Loader, CycleIsReported) {
  auto m = make_model();
  auto* g = m.mutable_graph();
  g->mutable_node(0)->set_input(1, "z");
  auto* n = g->add_node();
  n->set_op_type("Relu");
  n->set_name("loop");
  n->add_input("y");
  n->add_output("z");
  LoadOptions options;
  options.dims["batch"] = 1;
  // The Add node consumes z before anything defines it: in ONNX's ordering this is the undefined-input error.
  EXPECT_EQ(error_of(m, options), "test.onnx: Add node 'add' uses input 'z', which is not defined before it");
}

TEST(Loader, RawDataSizeMismatch) {
  auto m = make_model();
  auto* w = m.mutable_graph()->mutable_initializer(0);
  w->clear_float_data();
  w->set_raw_data(std::string(12, '\0'));
  LoadOptions options;
  options.dims["batch"] = 1;
  EXPECT_EQ(error_of(m, options), "test.onnx: initializer 'w' holds 12 bytes of data but its shape [4] of float needs 16");
}

TEST(Loader, InvalidElementType) {
  auto m = make_model();
  m.mutable_graph()->mutable_initializer(0)->set_data_type(99);
  LoadOptions options;
  options.dims["batch"] = 1;
  EXPECT_EQ(error_of(m, options), "test.onnx: initializer 'w' has invalid element type 99");
}

TEST(Loader, NegativeDimension) {
  auto m = make_model();
  m.mutable_graph()->mutable_initializer(0)->set_dims(0, -4);
  LoadOptions options;
  options.dims["batch"] = 1;
  EXPECT_EQ(error_of(m, options), "test.onnx: initializer 'w' has negative dimension -4");
}

TEST(Loader, ExternalDataOutsideModelDirIsRefused) {
  auto m = make_model();
  auto* w = m.mutable_graph()->mutable_initializer(0);
  w->clear_float_data();
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto* kv = w->add_external_data();
  kv->set_key("location");
  kv->set_value("../../etc/passwd");
  LoadOptions options;
  options.dims["batch"] = 1;
  const std::string model = m.SerializeAsString();
  try {
    load_onnx_model_from_bytes(model, "/tmp", options, "test.onnx");
    FAIL();
  } catch (const CompileError& e) {
    EXPECT_STREQ(e.what(), "test.onnx: tensor 'initializer 'w'' has external data location '../../etc/passwd' outside the model directory");
  }
  kv->set_value("/etc/passwd");
  try {
    load_onnx_model_from_bytes(m.SerializeAsString(), "/tmp", options, "test.onnx");
    FAIL();
  } catch (const CompileError& e) {
    EXPECT_STREQ(e.what(), "test.onnx: tensor 'initializer 'w'' has external data location '/etc/passwd' that is not a relative path");
  }
}

TEST(Loader, ConstantNodeBecomesConstant) {
  auto m = make_model();
  auto* g = m.mutable_graph();
  g->mutable_node(0)->set_input(1, "c");
  auto* c = g->add_node();
  c->set_op_type("Constant");
  c->add_output("c");
  auto* a = c->add_attribute();
  a->set_name("value_floats");
  a->set_type(onnx::AttributeProto::FLOATS);
  for (int i = 0; i < 4; ++i) a->add_floats(1.5f);
  // Constant must come first in topological order.
  g->mutable_node()->SwapElements(0, 1);
  LoadOptions options;
  options.dims["batch"] = 1;
  Model model = load(m, options);
  const Value* v = model.graph->find_value("c");
  ASSERT_NE(v, nullptr);
  ASSERT_TRUE(v->is_constant());
  EXPECT_EQ(v->shape, (Shape{4}));
  EXPECT_EQ(v->constant_data<float>()[2], 1.5f);
  EXPECT_EQ(model.graph->nodes.size(), 1u);
}

}  // namespace
}  // namespace aotc
