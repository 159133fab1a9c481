#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks a few ONNX backend node tests one by one through `onnx-aotc run` (a developer's quick loop;
the CI harness batches builds). Usage: quick_check.py [--data DIR] [--compiler PATH] TEST_NAME_OR_GLOB..."""
import argparse, fnmatch, glob, os, re, subprocess, sys, tempfile

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_tests import compare, default_data_dir, load_pb, shape_determining_inputs  # noqa: E402
import tolerances  # noqa: E402


def run_test(compiler, test_dir):
    model = onnx.load(os.path.join(test_dir, "model.onnx"), load_external_data=False)
    inputs = [i.name for i in model.graph.input if i.name not in {x.name for x in model.graph.initializer}]
    outputs = [o.name for o in model.graph.output]
    data = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))[0]
    in_files = {n: os.path.join(data, f"input_{i}.pb") for i, n in enumerate(inputs)}
    constants = []
    for mode in ("runtime", "constant"):
        with tempfile.TemporaryDirectory() as out:
            cmd = [compiler, "run", os.path.join(test_dir, "model.onnx"), "--output-dir", out]
            for n, f in in_files.items():
                cmd += ["--constant-input" if n in constants else "--input", f"{n}={f}"]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                promoted = shape_determining_inputs(p.stderr)
                if mode == "runtime" and promoted:
                    constants = sorted(set(promoted))
                    continue
                return "error", mode, p.stderr.strip().splitlines()[-1][:300] if p.stderr.strip() else f"exit {p.returncode}"
            for i, n in enumerate(outputs):
                safe = re.sub(r"[^A-Za-z0-9._-]", "_", n)
                if safe.startswith("."): safe = "_" + safe
                got = np.load(os.path.join(out, safe + ".npy"))
                want = load_pb(os.path.join(data, f"output_{i}.pb"))
                if want.dtype != got.dtype and want.dtype.kind not in "V":
                    got = got.view(want.dtype) if got.dtype.itemsize == want.dtype.itemsize else got
                rtol, atol, _ = tolerances.lookup("node", os.path.basename(os.path.normpath(test_dir)))
                err, _ = compare(n, got, want, want.dtype.kind not in "iub", rtol, atol)
                if err:
                    return "fail", mode, err
            return "pass", mode, ""
    return "error", "constant", "unreachable"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--compiler", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "bin", "onnx-aotc"))
    ap.add_argument("patterns", nargs="+")
    args = ap.parse_args()
    tests = sorted(d for d in os.listdir(args.data) if any(fnmatch.fnmatch(d, p) for p in args.patterns))
    counts = {}
    for t in tests:
        status, mode, reason = run_test(args.compiler, os.path.join(args.data, t))
        counts[status] = counts.get(status, 0) + 1
        print(f"{status:5} {mode:8} {t} {reason}")
    print(", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 0 if counts.get("pass", 0) == len(tests) else 1


if __name__ == "__main__":
    sys.exit(main())
