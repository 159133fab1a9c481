#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end: compile each model with onnx-aotc, build the generated code with g++ and clang++ under
-Wall -Wextra -Werror -fno-exceptions -fno-rtti, run it on seeded random inputs and compare every output
with ONNX Runtime (rtol 1e-3, atol 1e-5; integers and strings exact). String inputs are fixed per model."""
import argparse, os, re, subprocess, sys, tempfile

import numpy as np
import onnx
import onnx.parser
import onnxruntime as ort
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "test", "data")

# model, symbolic dims, input generators (name -> callable(rng, shape))
MODELS = [
    (os.path.join(ROOT, "samples", "digits", "model", "digits_cnn.onnx"), {"batch": 3}),
    (os.path.join(DATA, "mlp_batch.onnx"), {"batch": 5}),
    (os.path.join(DATA, "hostile_names.onnx"), {}),
    (os.path.join(DATA, "local_function.onnx"), {}),
    (os.path.join(DATA, "reshape_chain.onnx"), {}),
    (os.path.join(DATA, "control_flow.onnx"), {}),
    (os.path.join(DATA, "data_dependent.onnx"), {}),
    (os.path.join(DATA, "strings.onnx"), {}),
    (os.path.join(DATA, "fusion_patterns.onnxtxt"), {}),  # every -O2 fusion vs the unfused graph in ORT
]
# String inputs (random floats elsewhere): ASCII, UTF-8, empty strings, delimiters at the ends.
STRING_INPUTS = {"words": ["the", "cat", "dog-cat", "The", "\u00c9lan-x"]}
FLAGS = "-Wall -Wextra -Werror -fno-exceptions -fno-rtti"


def file_safe(name):
    s = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return "_" + s if not s or s.startswith(".") else s


def check_model(compiler, path, dims, work):
    sess_options = ort.SessionOptions()
    if path.endswith(".onnxtxt"):  # ONNX's textual syntax, which onnx-aotc reads directly
        with open(path) as f:
            model = onnx.parser.parse_model(f.read()).SerializeToString()
    else:
        model = path
    sess = ort.InferenceSession(model, sess_options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feeds, args = {}, []
    for i, inp in enumerate(sess.get_inputs()):
        shape = [dims[d] if isinstance(d, str) else d for d in inp.shape]
        if inp.type == "tensor(string)":
            feeds[inp.name] = np.array(STRING_INPUTS[inp.name], dtype=object).reshape(shape)
            f = os.path.join(work, f"in{i}.pb")
            with open(f, "wb") as pb:
                pb.write(numpy_helper.from_array(feeds[inp.name], inp.name).SerializeToString())
        else:
            assert inp.type == "tensor(float)", inp.type
            feeds[inp.name] = rng.standard_normal(shape).astype(np.float32)
            f = os.path.join(work, f"in{i}.npy")
            np.save(f, feeds[inp.name])
        args += ["--input", f"{inp.name}={f}"]
    for k, v in dims.items():
        args += ["--dim", f"{k}={v}"]
    expected = sess.run(None, feeds)
    failures = []
    for cxx in ("g++", "clang++"):
        out_dir = os.path.join(work, cxx)
        env = dict(os.environ, CXX=cxx, CXXFLAGS=FLAGS)
        p = subprocess.run([compiler, "run", path, "--output-dir", out_dir] + args, capture_output=True, text=True, env=env)
        if p.returncode != 0:
            failures.append(f"{cxx}: onnx-aotc run failed:\n{p.stdout}{p.stderr}")
            continue
        for out, want in zip(sess.get_outputs(), expected):
            if out.type == "tensor(string)":
                proto = onnx.TensorProto()
                with open(os.path.join(out_dir, file_safe(out.name) + ".pb"), "rb") as pb:
                    proto.ParseFromString(pb.read())
                got = np.array([v.decode() for v in proto.string_data], dtype=object).reshape(tuple(proto.dims))
                if got.shape != want.shape or not np.array_equal(got, want):
                    failures.append(f"{cxx}: output '{out.name}' {got.tolist()} != ORT {want.tolist()}")
                continue
            got = np.load(os.path.join(out_dir, file_safe(out.name) + ".npy"))
            if got.shape != want.shape:
                failures.append(f"{cxx}: output '{out.name}' shape {got.shape} != ORT {want.shape}")
            elif not np.allclose(got, want, rtol=1e-3, atol=1e-5, equal_nan=True):
                failures.append(f"{cxx}: output '{out.name}' max abs err {np.abs(got - want).max():.3g}")
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--runtime-include", required=True)
    ap.add_argument("--work-dir", default=None)
    args = ap.parse_args()
    work_root = args.work_dir or tempfile.mkdtemp()
    passed = failed = 0
    for path, dims in MODELS:
        work = os.path.join(work_root, os.path.splitext(os.path.basename(path))[0])
        os.makedirs(work, exist_ok=True)
        failures = check_model(args.compiler, path, dims, work)
        name = os.path.basename(path)
        if failures:
            failed += 1
            print(f"FAIL {name}\n  " + "\n  ".join(failures))
        else:
            passed += 1
            print(f"ok   {name} (g++ and clang++, matches ONNX Runtime)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
