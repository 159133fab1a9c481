#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What the compiler does with each zoo model: node counts before and after optimization, arena and weights bytes
(`onnx-aotc check --json`), and the time and peak memory of `onnx-aotc compile` (`/usr/bin/time -v`).

    tools/zoo/measure.py [--compiler PATH] [--json OUT.json] MANIFEST.json ...
Prints a Markdown table (one row per manifest) for docs/model-zoo.md. The manifest's dims are bound with --dim
(integers as they are, a batch dimension to 1). Needs only the standard library.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def dims_args(man):
    args = []
    for sym, value in man.get("dims", {}).items():
        args += ["--dim", f"{sym}={value if isinstance(value, int) else 1}"]
    return args


def measure(compiler, manifest):
    with open(manifest) as f:
        man = json.load(f)
    model = os.path.join(os.path.dirname(os.path.abspath(manifest)), man["file"])
    row = {"name": man["name"], "nodes_exported": man.get("nodes")}
    proc = subprocess.run([compiler, "check", "--json", model] + dims_args(man), capture_output=True, text=True)
    if proc.returncode != 0:
        row["error"] = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1][:300]
    else:
        row.update(json.loads(proc.stdout))
    with tempfile.TemporaryDirectory(prefix="zoo-measure-") as out:
        proc = subprocess.run(["/usr/bin/time", "-v", compiler, "compile", model, "-o", out, "--weights", "incbin"]
                              + dims_args(man), capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if wall:
        parts = [float(p) for p in wall.group(1).split(":")]
        row["compile_seconds"] = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    if rss:
        row["compile_max_rss_mib"] = int(rss.group(1)) / 1024
    row["compile_ok"] = proc.returncode == 0
    return row


def mib(n):
    if not isinstance(n, (int, float)):
        return "-"
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.1f} KiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("manifests", nargs="+")
    ap.add_argument("--compiler", default=str(REPO / "build" / "bin" / "onnx-aotc"))
    ap.add_argument("--json", help="also write the rows (with op_counts_after) to this file")
    args = ap.parse_args()
    rows = [measure(args.compiler, m) for m in args.manifests]
    print("| model | nodes exported | before -> after | arena (lower bound) | intermediates | weights "
          "| compile s | compile max RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if "error" in r:
            print(f"| {r['name']} | {r['nodes_exported']} | check failed: {r['error']} | | | | | |")
            continue
        print(f"| {r['name']} | {r['nodes_exported']} | {r.get('nodes_before')} -> {r.get('nodes_after')} | "
              f"{mib(r.get('arena_bytes'))} ({mib(r.get('arena_lower_bound_bytes'))}) | "
              f"{mib(r.get('intermediate_bytes_total'))} | {mib(r.get('weights_bytes'))} | "
              f"{r.get('compile_seconds', 0):.2f}{'' if r['compile_ok'] else ' (failed)'} | "
              f"{r.get('compile_max_rss_mib', 0):.0f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
