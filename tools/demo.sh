#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job on the bundled model: build onnx-aotc, compile the digit classifier to C++ at build time
# (samples/digits), build it, run it on ten bundled handwritten digits and print the result, then show the
# same model through `onnx-aotc run` next to the reference logits from ONNX Runtime that ship with it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh"
echo "== samples/digits: the model compiled at build time, run on the bundled images"
"$root/build/samples/digits/digits_app"
echo "== onnx-aotc run on the same images (first rows of the logits)"
"$root/build/bin/onnx-aotc" run "$root/samples/digits/model/digits_cnn.onnx" --dim batch=10 \
  --input "image=$root/samples/digits/data/digits_10.npy"
echo "== reference: the committed ONNX Runtime logits for the same images start with"
python3 - "$root/samples/digits/data/digits_10_ort_logits.npy" <<'PY'
import ast, struct, sys
data = open(sys.argv[1], "rb").read()
header_len = struct.unpack("<H", data[8:10])[0]
header = ast.literal_eval(data[10:10 + header_len].decode())
values = struct.unpack("<10f", data[10 + header_len:10 + header_len + 40])
print("logits (ORT): [" + ", ".join(f"{v:.6g}" for v in values) + ", ...]", header["shape"])
PY
