#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Legacy (opset 1-6) attribute semantics that the ONNX backend tests cover only in part.

Binary ops' broadcast/axis (B aligned with A from `axis`), PRelu-6's per-channel slope, BatchNormalization's
is_test and spatial=0, Gemm's broadcast and Dropout's mask output. Each case builds a one-node model with
onnx.helper (fixed seeds) and runs it through `onnx-aotc run`; the expected outputs are written out in numpy,
since neither onnxruntime nor the ONNX reference implements these old versions. Error cases check that
`onnx-aotc check` reports the problem. Usage:
    python test/legacy/legacy_ops_test.py --compiler build/bin/onnx-aotc [--filter SUBSTRING] [-v]
Exit status 0 when every case matches (rtol 1e-5, atol 1e-6; bool outputs exactly).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

NP_TO_ONNX = {np.float32: TensorProto.FLOAT, np.float64: TensorProto.DOUBLE, np.int64: TensorProto.INT64,
              np.int32: TensorProto.INT32, np.bool_: TensorProto.BOOL}

CASES = []   # (name, model, inputs, expected outputs or None, expected error substring or None)


def model(op, inputs, outputs, opset, initializers=(), **attrs):
    """inputs: [(name, array)] graph inputs; initializers: [(name, array)]; outputs: names."""
    names = [n for n, _ in inputs] + [n for n, _ in initializers]
    node = helper.make_node(op, names, outputs, **attrs)
    ins = [helper.make_tensor_value_info(n, NP_TO_ONNX[a.dtype.type], a.shape) for n, a in inputs]
    inits = [numpy_helper.from_array(a, n) for n, a in initializers]
    outs = [helper.make_empty_tensor_value_info(n) for n in outputs]
    graph = helper.make_graph([node], op.lower(), ins, outs, initializer=inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 3
    return m


def case(name, m, inputs, expected=None, error=None):
    CASES.append((name, m, inputs, expected, error))


def build():
    r = np.random.default_rng(7)
    f = lambda *shape: r.normal(size=shape).astype(np.float32)  # noqa: E731

    # ---- binary ops, broadcast=1 -----------------------------------------------------------------------------
    a, b = f(2, 3, 4, 5), f(3, 4)
    case("add6_axis1", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1, axis=1), {"A": a, "B": b},
         [a + b[None, :, :, None]])
    a, b = f(2, 3, 4), f(4)
    case("sub6_suffix", model("Sub", [("A", a), ("B", b)], ["C"], 6, broadcast=1), {"A": a, "B": b}, [a - b])
    a, b = f(2, 3), np.array(2.5, dtype=np.float32)
    case("mul6_scalar", model("Mul", [("A", a), ("B", b)], ["C"], 6, broadcast=1), {"A": a, "B": b}, [a * b])
    a, b = f(2, 3, 4), np.abs(f(2)) + 1
    case("div6_axis0", model("Div", [("A", a), ("B", b)], ["C"], 6, broadcast=1, axis=0), {"A": a, "B": b},
         [a / b[:, None, None]])
    a, b = f(2, 3, 4), f(3, 1)
    case("add6_axis1_size1", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1, axis=1), {"A": a, "B": b},
         [a + b[None, :, :]])
    a, b = f(2, 3, 4), f(3)
    case("add6_negative_axis", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1, axis=-2), {"A": a, "B": b},
         [a + b[None, :, None]])
    a, b = f(2, 3), f(2, 3)
    case("add1_consumed_inputs", model("Add", [("A", a), ("B", b)], ["C"], 1, consumed_inputs=[0, 0]),
         {"A": a, "B": b}, [a + b])
    a, b = np.abs(f(2, 3, 4)) + 0.5, f(3)
    case("pow1_axis1", model("Pow", [("A", a), ("B", b)], ["C"], 1, broadcast=1, axis=1), {"A": a, "B": b},
         [np.power(a, b[None, :, None])])
    a, b = f(2, 3, 4), f(3)
    case("greater1_axis1", model("Greater", [("A", a), ("B", b)], ["C"], 1, broadcast=1, axis=1), {"A": a, "B": b},
         [a > b[None, :, None]])
    a, b = r.integers(0, 3, size=(2, 3)).astype(np.int32), r.integers(0, 3, size=(2,)).astype(np.int32)
    case("equal1_axis0", model("Equal", [("A", a), ("B", b)], ["C"], 1, broadcast=1, axis=0), {"A": a, "B": b},
         [a == b[:, None]])
    a, b = r.integers(0, 2, size=(2, 3)).astype(np.bool_), r.integers(0, 2, size=(3,)).astype(np.bool_)
    case("xor1_suffix", model("Xor", [("A", a), ("B", b)], ["C"], 1, broadcast=1), {"A": a, "B": b}, [a ^ b])

    # ---- binary ops, errors ----------------------------------------------------------------------------------
    a, b = f(2, 3), f(3)
    case("add6_broadcast0_differs", model("Add", [("A", a), ("B", b)], ["C"], 6), {"A": a, "B": b},
         error="differ but broadcast=0")
    a, b = f(2, 3), f(3, 2)
    case("add6_mismatch", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1), {"A": a, "B": b},
         error="cannot be broadcast to A")
    a, b = f(2, 3), f(2, 3, 1)
    case("add6_b_rank_higher", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1), {"A": a, "B": b},
         error="higher rank than A")
    a, b = f(2, 1), f(2, 3)
    case("add6_b_unidirectional", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1), {"A": a, "B": b},
         error="cannot be broadcast to A")
    a, b = f(2, 3), f(3)
    case("add7_broadcast_attr", model("Add", [("A", a), ("B", b)], ["C"], 7, broadcast=1), {"A": a, "B": b},
         error="attribute 'broadcast' is not supported")
    case("add6_consumed_inputs", model("Add", [("A", a), ("B", b)], ["C"], 6, broadcast=1, consumed_inputs=[0, 0]),
         {"A": a, "B": b}, error="attribute 'consumed_inputs' is not supported")

    # ---- PRelu -----------------------------------------------------------------------------------------------
    x, s = f(2, 3, 3), f(3)
    case("prelu6_per_channel", model("PRelu", [("X", x), ("S", s)], ["Y"], 6), {"X": x, "S": s},
         [np.where(x < 0, x * s[None, :, None], x)])
    case("prelu7_suffix", model("PRelu", [("X", x), ("S", s)], ["Y"], 7), {"X": x, "S": s},
         [np.where(x < 0, x * s, x)])
    s1 = f(1)
    case("prelu6_shared", model("PRelu", [("X", x), ("S", s1)], ["Y"], 6), {"X": x, "S": s1},
         [np.where(x < 0, x * s1, x)])
    case("prelu1_consumed_inputs", model("PRelu", [("X", x), ("S", s)], ["Y"], 1, consumed_inputs=[0, 0]),
         {"X": x, "S": s}, [np.where(x < 0, x * s[None, :, None], x)])

    # ---- BatchNormalization ----------------------------------------------------------------------------------
    def bn(x, scale, bias, mean, var, eps):
        return (x - mean) / np.sqrt(var + eps) * scale + bias

    x = f(2, 3, 4, 5)
    st = [("scale", f(3)), ("B", f(3)), ("mean", f(3)), ("var", np.abs(f(3)) + 0.5)]
    c = lambda v: v[:, None, None]  # noqa: E731
    case("batchnorm6_is_test", model("BatchNormalization", [("X", x)], ["Y"], 6, st, is_test=1, epsilon=1e-3),
         {"X": x}, [bn(x, *[c(v) for _, v in st], 1e-3)])
    case("batchnorm6_is_test0_y_only", model("BatchNormalization", [("X", x)], ["Y"], 6, st), {"X": x},
         [bn(x, *[c(v) for _, v in st], 1e-5)])
    case("batchnorm1_consumed_inputs",
         model("BatchNormalization", [("X", x)], ["Y"], 1, st, is_test=1, consumed_inputs=[0, 0, 0, 1, 1]),
         {"X": x}, [bn(x, *[c(v) for _, v in st], 1e-5)])
    pe = [("scale", f(3, 4, 5)), ("B", f(3, 4, 5)), ("mean", f(3, 4, 5)), ("var", np.abs(f(3, 4, 5)) + 0.5)]
    case("batchnorm6_spatial0", model("BatchNormalization", [("X", x)], ["Y"], 6, pe, is_test=1, spatial=0),
         {"X": x}, [bn(x, *[v for _, v in pe], 1e-5)])
    case("batchnorm7_spatial0", model("BatchNormalization", [("X", x)], ["Y"], 7, pe, spatial=0), {"X": x},
         [bn(x, *[v for _, v in pe], 1e-5)])
    case("batchnorm6_is_test_training_outputs",
         model("BatchNormalization", [("X", x)], ["Y", "m", "v", "sm", "sv"], 6, st, is_test=1), {"X": x},
         error="test mode (is_test=1) has only the output Y")
    case("batchnorm6_training_outputs",
         model("BatchNormalization", [("X", x)], ["Y", "m", "v", "sm", "sv"], 6, st), {"X": x},
         error="training outputs of opset 6 BatchNormalization")
    case("batchnorm7_is_test", model("BatchNormalization", [("X", x)], ["Y"], 7, st, is_test=1), {"X": x},
         error="attribute 'is_test' is not supported")

    # ---- Gemm ------------------------------------------------------------------------------------------------
    a, b, cv = f(2, 3), f(3, 4), f(4)
    case("gemm6_broadcast", model("Gemm", [("A", a), ("B", b), ("C", cv)], ["Y"], 6, broadcast=1, beta=0.5),
         {"A": a, "B": b, "C": cv}, [a @ b + 0.5 * cv])
    cm = f(2, 4)
    case("gemm6_no_broadcast", model("Gemm", [("A", a), ("B", b), ("C", cm)], ["Y"], 6), {"A": a, "B": b, "C": cm},
         [a @ b + cm])
    case("gemm6_broadcast0_vector", model("Gemm", [("A", a), ("B", b), ("C", cv)], ["Y"], 6),
         {"A": a, "B": b, "C": cv}, error="broadcast=0")
    case("gemm7_broadcast_attr", model("Gemm", [("A", a), ("B", b), ("C", cv)], ["Y"], 7, broadcast=1),
         {"A": a, "B": b, "C": cv}, error="attribute 'broadcast' is not supported")

    # ---- Dropout ---------------------------------------------------------------------------------------------
    x = f(2, 3)
    case("dropout6_mask", model("Dropout", [("X", x)], ["Y", "mask"], 6, is_test=1, ratio=0.3), {"X": x},
         [x, np.ones_like(x)])
    case("dropout1_consumed_inputs", model("Dropout", [("X", x)], ["Y", "mask"], 1, consumed_inputs=[0]), {"X": x},
         [x, np.ones_like(x)])
    case("dropout7_mask", model("Dropout", [("X", x)], ["Y", "mask"], 7), {"X": x}, [x, np.ones_like(x)])
    case("dropout10_mask", model("Dropout", [("X", x)], ["Y", "mask"], 10), {"X": x},
         [x, np.ones(x.shape, dtype=np.bool_)])
    xd = x.astype(np.float64)
    case("dropout13_mask_double", model("Dropout", [("X", xd)], ["Y", "mask"], 13), {"X": xd},
         [xd, np.ones(x.shape, dtype=np.bool_)])
    w = f(3, 2)
    m = model("Dropout", [], ["Y", "mask"], 13, [("W", w)])
    case("dropout13_mask_constant_input", m, {}, [w, np.ones(w.shape, dtype=np.bool_)])


def run_aotc(compiler, m, inputs, work):
    path = os.path.join(work, "model.onnx")
    onnx.save(m, path)
    args = [compiler, "run", path, "--output-dir", os.path.join(work, "out")]
    for name, value in inputs.items():
        np.save(os.path.join(work, f"{name}.npy"), value)
        args += ["--input", f"{name}={os.path.join(work, name + '.npy')}"]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout + proc.stderr)
    return [np.load(os.path.join(work, "out", f"{o.name}.npy")) for o in m.graph.output]


def check_aotc(compiler, m, work):
    path = os.path.join(work, "model.onnx")
    onnx.save(m, path)
    proc = subprocess.run([compiler, "check", path], capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--filter", default="")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    build()
    failures = 0
    for name, m, inputs, expected, error in CASES:
        if args.filter not in name:
            continue
        with tempfile.TemporaryDirectory() as work:
            if error is not None:
                rc, text = check_aotc(args.compiler, m, work)
                problem = None if rc != 0 and error in text else f"expected an error with '{error}', got rc {rc}: {text[-800:]}"
            else:
                try:
                    got = run_aotc(args.compiler, m, inputs, work)
                    problem = None
                    for i, (g, e) in enumerate(zip(got, expected)):
                        if g.shape != e.shape or g.dtype != e.dtype:
                            problem = f"output {i}: got {g.dtype}{list(g.shape)}, expected {e.dtype}{list(e.shape)}"
                        elif e.dtype == np.bool_ or np.issubdtype(e.dtype, np.integer):
                            if not np.array_equal(g, e):
                                problem = f"output {i} differs"
                        elif not np.allclose(g, e, rtol=1e-5, atol=1e-6):
                            problem = f"output {i}: max abs error {np.max(np.abs(g - e))}"
                except RuntimeError as e:
                    problem = str(e)[-1500:]
        if problem:
            print(f"FAIL  {name}: {problem}")
            failures += 1
        elif args.v:
            print(f"pass  {name}")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
