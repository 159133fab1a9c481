# SPDX-License-Identifier: Apache-2.0
"""Checks an --emit-onnx model: onnx's checker accepts it and ONNX Runtime gives the original's outputs."""
import sys

import numpy as np
import onnx
import onnx.parser
import onnxruntime as ort

original_path, emitted_path = sys.argv[1], sys.argv[2]
if original_path.endswith(".onnxtxt"):
    with open(original_path) as f:
        original = onnx.parser.parse_model(f.read())
else:
    original = onnx.load(original_path)
emitted = onnx.load(emitted_path)
onnx.checker.check_model(emitted, full_check=True)
print(f"nodes {len(original.graph.node)} -> {len(emitted.graph.node)}")

rng = np.random.default_rng(0)
feeds = {}
for i in original.graph.input:
    shape = [d.dim_value for d in i.type.tensor_type.shape.dim]
    feeds[i.name] = rng.standard_normal(shape).astype(np.float32)
expected = ort.InferenceSession(original.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)
got = ort.InferenceSession(emitted.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)
for e, g in zip(expected, got):
    np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)
print("outputs match")
