// SPDX-License-Identifier: Apache-2.0
// Shape inference, constant folding and the reporting of unsupported constructs.
#include <gtest/gtest.h>

#include "driver.h"

namespace aotc {
namespace {

const std::string kData = ONNX_AOTC_TEST_DATA;

TEST(Inference, MlpShapesFollowTheBoundBatch) {
  CompileOptions options;
  options.load.dims["batch"] = 5;
  CompiledModel c = analyze_model(kData + "/mlp_batch.onnx", options);
  ASSERT_TRUE(c.diags.ok());
  EXPECT_EQ(c.model.graph->outputs[0]->shape, (Shape{5, 4}));
  EXPECT_EQ(c.model.graph->outputs[0]->type, DataType::kFloat);
}

TEST(Inference, LocalFunctionsAreInlined) {
  CompiledModel c = analyze_model(kData + "/local_function.onnx", {});
  ASSERT_TRUE(c.diags.ok());
  EXPECT_EQ(c.nodes_before, 4u);  // two calls of a two-node function
  for (const Node* n : c.model.graph->nodes) EXPECT_TRUE(n->op_type == "Mul" || n->op_type == "Add") << n->op_type;
}

TEST(Inference, EveryUnsupportedOpIsReported) {
  CompiledModel c = analyze_model(kData + "/two_unsupported.onnx", {});
  ASSERT_EQ(c.diags.unsupported.size(), 2u);
  EXPECT_EQ(c.diags.unsupported[0], "com.example.Frobnicate node 'frob_node': op 'com.example.Frobnicate' is not supported");
  EXPECT_EQ(c.diags.unsupported[1], "com.example.Twiddle node 'twiddle_node': op 'com.example.Twiddle' is not supported");
  EXPECT_TRUE(c.diags.errors.empty());
}

TEST(Inference, DigitsCnnShapes) {
  CompileOptions options;
  options.load.dims["batch"] = 2;
  CompiledModel c = analyze_model(std::string(ONNX_AOTC_SAMPLES_DIR) + "/digits/model/digits_cnn.onnx", options);
  ASSERT_TRUE(c.diags.ok());
  EXPECT_EQ(c.model.graph->outputs[0]->shape, (Shape{2, 10}));
  for (const Node* n : c.model.graph->nodes)
    if (n->op_type == "Flatten") {
      EXPECT_EQ(n->outputs[0]->shape, (Shape{2, 128}));
    }
}

}  // namespace
}  // namespace aotc
