#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns conformance-results.csv (from run_conformance.py) into a Markdown report on standard output.

  tools/conformance/make_report.py build/conformance/conformance-results.csv > docs/conformance.md

Operators come from the node tests' models (found in --data-root, default the data inside the onnx
package): a node test counts for the op types of its model's nodes, an _expanded test for those of the test
it expands."""
import argparse
import collections
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import onnx  # noqa: E402

import onnx_tests  # noqa: E402
import tolerances  # noqa: E402

STATUSES = ("pass", "fail", "unsupported", "error")

# Why tests do not pass, by category: (pattern on the test name or reason, explanation). First match wins.
CATEGORIES = [
    (r"ai\.onnx\.preview\.training|Gradient", "training domain: out of scope for an inference compiler (issue #3)"),
    (r"ImageDecoder", "ImageDecoder: out of scope (issue #3)"),
    (r"String|string|Regex|strnorm", "string tensors: not supported yet (they need run-time storage the static "
                                      "arena cannot bound)"),
    (r"Bernoulli|Random|training_dropout|training_mode",
     "random outputs (or Dropout in training mode): the test's values come from numpy's generator"),
    (r"subgraph input .* is not a tensor|only tensors may leave a subgraph|optional sequence|TYPE_PROTO",
     "sequences carried through Loop/If bodies, optional sequences and typed empty optionals: not supported yet"),
    (r"must be a constant because it determines an output shape",
     "an input that determines an output shape is computed inside a subgraph (a Loop body), so it cannot be bound"),
]


def category(row):
    text = row["test"] + " " + row["reason"]
    for pattern, explanation in CATEGORIES:
        if re.search(pattern, text):
            return explanation
    return "other: see the reason"


def md(text):
    """Text safe inside a Markdown table cell."""
    text = str(text).replace("\\", "\\\\")
    for c in "`*_[]|":
        text = text.replace(c, "\\" + c)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def code(text):
    return f"`{text}`" if "`" not in text else md(text)


def normalize_reason(reason):
    """A reason without what differs from test to test of one op (node names, numbers in messages)."""
    reason = re.sub(r"node '[^']*'", "node", reason)
    reason = re.sub(r"graph input '[^']*'", "graph input", reason)
    reason = re.sub(r"input (\d+) \('[^']*'\)", r"input \1", reason)
    reason = re.sub(r"output '[^']*'", "output", reason)
    reason = re.sub(r"\d+ of \d+ values differ.*", "values differ", reason)
    reason = re.sub(r"shape \[[^\]]*\] != expected \[[^\]]*\]", "wrong shape", reason)
    return reason


def base_test(name, existing):
    """The test an _expanded test expands: test_x_expanded -> test_x, test_x_expanded_ver18 -> test_x_ver18
    or test_x."""
    if "_expanded" not in name:
        return name
    for candidate in (re.sub(r"_expanded(_ver\d+)?$", r"\1", name), re.sub(r"_expanded(_ver\d+)?$", "", name)):
        if candidate in existing:
            return candidate
    return name


def model_ops(path):
    try:
        model = onnx.load(path, load_external_data=False)
    except Exception:  # noqa: BLE001
        return None
    ops = []
    for n in model.graph.node:
        op = n.op_type if n.domain in ("", "ai.onnx") else f"{n.domain}.{n.op_type}"
        if op not in ops:
            ops.append(op)
    main = [o for o in ops if o != "Constant"]
    return " + ".join(sorted(main or ops))


def node_ops(rows, data_root):
    node_dir = os.path.join(data_root, "node")
    names = {r["test"] for r in rows if r["suite"] == "node"}
    existing = set(os.listdir(node_dir)) if os.path.isdir(node_dir) else set()
    cache, result = {}, {}
    for name in sorted(names):
        base = base_test(name, existing)
        if base not in cache:
            cache[base] = model_ops(os.path.join(node_dir, base, "model.onnx")) or "?"
        result[name] = cache[base]
    return result


def counts(rows):
    c = collections.Counter(r["status"] for r in rows)
    return [len(rows)] + [c.get(s, 0) for s in STATUSES]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("--data-root", help="directory holding node/, simple/, ... (default: the data inside the onnx package)")
    args = ap.parse_args()
    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    data_root = args.data_root or onnx_tests.onnx_data_root()
    ops = node_ops(rows, data_root)
    suites = [s for s in onnx_tests.SUITES if any(r["suite"] == s for r in rows)]
    suites += sorted({r["suite"] for r in rows} - set(suites))
    out = []
    w = out.append

    w("# ONNX backend test conformance\n")
    w("<!-- Generated by tools/conformance/make_report.py; do not edit by hand. -->\n")
    w(f"Generated from the ONNX backend tests shipped with onnx {onnx.__version__} "
      "(`onnx/backend/test/data/{node,simple,pytorch-converted,pytorch-operator,light}`). To regenerate, "
      "build the compiler and run:\n")
    w("```sh\n"
      "python3 tools/conformance/run_conformance.py --build-dir build/conformance\n"
      "python3 tools/conformance/make_report.py build/conformance/conformance-results.csv > docs/conformance.md\n"
      "```\n")
    w("Each test is compiled with `onnx-aotc compile --weights embed` with every graph input left a runtime "
      "input. If the compiler answers that an input must be a constant because it determines an output shape, "
      "exactly those inputs are bound to the test's data with `--constant-input` (*constant* mode). "
      "Statuses: **pass**; **fail**: it ran but an output differs; **unsupported**: the compiler reported an "
      "unsupported construct; **error**: any other compile, build or run failure.\n")

    w("## Totals\n")
    w("| suite | tests | pass | fail | unsupported | error | pass rate |")
    w("|---|--:|--:|--:|--:|--:|--:|")
    for s in suites + ["total"]:
        sel = [r for r in rows if s in ("total", r["suite"])]
        c = counts(sel)
        rate = f"{100.0 * c[1] / c[0]:.1f}%" if c[0] else "-"
        label = "**total**" if s == "total" else s
        w(f"| {label} | {' | '.join(map(str, c))} | {rate} |")
    w("")

    w("## Runtime-input vs constant-input mode\n")
    w("| suite | passed in runtime-input mode | passed in constant-input mode | not passing in constant-input mode |")
    w("|---|--:|--:|--:|")
    for s in suites + ["total"]:
        sel = [r for r in rows if s in ("total", r["suite"])]
        rt = sum(r["status"] == "pass" and r["mode"] == "runtime" for r in sel)
        ct = sum(r["status"] == "pass" and r["mode"] == "constant" for r in sel)
        cf = sum(r["status"] != "pass" and r["mode"] == "constant" for r in sel)
        label = "**total**" if s == "total" else s
        w(f"| {label} | {rt} | {ct} | {cf} |")
    w("")

    node_rows = [r for r in rows if r["suite"] == "node"]
    if node_rows:
        w("## Operators (node tests)\n")
        w("A test counts for the op types of its model (`Constant` nodes aside); an `_expanded` test counts for "
          "the op of the test it expands. Reasons are shown without node and tensor names.\n")
        w("| operator | tests | pass | fail | unsupported | error | reasons |")
        w("|---|--:|--:|--:|--:|--:|---|")
        by_op = collections.defaultdict(list)
        for r in node_rows:
            by_op[ops.get(r["test"], "?")].append(r)
        for op in sorted(by_op, key=str.lower):
            sel = by_op[op]
            reasons = collections.Counter(normalize_reason(r["reason"]) for r in sel if r["status"] != "pass")
            shown = [f"{md(reason)} ({n})" if n > 1 else md(reason) for reason, n in reasons.most_common(3)]
            if len(reasons) > 3:
                shown.append(f"(+{len(reasons) - 3} more)")
            w(f"| {md(op)} | {' | '.join(map(str, counts(sel)))} | {'<br>'.join(shown)} |")
        w("")

    w("## Why tests do not pass\n")
    w("| category | tests |")
    w("|---|--:|")
    cats = collections.Counter(category(r) for r in rows if r["status"] != "pass")
    for cat, n in cats.most_common():
        w(f"| {md(cat)} | {n} |")
    w("")

    w("## Tests that do not pass\n")
    for s in suites:
        bad = [r for r in rows if r["suite"] == s and r["status"] != "pass"]
        if not bad:
            continue
        w(f"### {s} ({len(bad)})\n")
        w("| test | status | mode | reason |")
        w("|---|---|---|---|")
        for r in sorted(bad, key=lambda r: r["test"]):
            w(f"| {code(r['test'])} | {r['status']} | {r['mode']} | {md(r['reason'])} |")
        w("")

    w("## Tolerances\n")
    w(f"Floating-point outputs pass when `|got - expected| <= atol + rtol * |expected|` element-wise, with NaNs "
      f"in the same places and infinities equal; integer and bool outputs must be equal. By default "
      f"rtol = {tolerances.DEFAULT_RTOL:g}, atol = {tolerances.DEFAULT_ATOL:g}. Exceptions "
      "(`tools/conformance/tolerances.py`, first match wins):\n")
    w("| suite | tests | rtol | atol | reason |")
    w("|---|---|--:|--:|---|")
    for s, t, rtol, atol, reason in tolerances.TOLERANCES:
        w(f"| {md(s)} | {code(t)} | {rtol:g} | {atol:g} | {md(reason)} |")
    w("")
    sys.stdout.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
