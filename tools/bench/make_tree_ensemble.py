#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the benchmark's tree-ensemble model: a RandomForestClassifier (100 trees, depth 8) on scikit-learn's
breast-cancer data set, converted with skl2onnx (zipmap off: onnx-aotc takes no maps). Deterministic (fixed
seed), nothing downloaded. With --inputs-dir it also writes X_batch1.npy and X_batch1000.npy: rows of the data set
drawn with a fixed seed, because random features would send every row down the same few branches.
Usage: make_tree_ensemble.py OUT.onnx [--trees N] [--depth D] [--inputs-dir DIR]"""
import argparse
from pathlib import Path

import numpy as np
from skl2onnx import to_onnx
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output")
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--depth", type=int, default=8)
    parser.add_argument("--inputs-dir", help="write X_batch1.npy and X_batch1000.npy here")
    args = parser.parse_args()
    x, y = load_breast_cancer(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=args.trees, max_depth=args.depth, random_state=0).fit(x, y)
    model = to_onnx(forest, x[:1].astype(np.float32), options={id(forest): {"zipmap": False}},
                    target_opset={"": 17, "ai.onnx.ml": 3})
    # skl2onnx leaves the batch axis unnamed; naming it lets one file serve batch 1 and 1000 (--dim batch=N).
    for value in list(model.graph.input) + list(model.graph.output):
        value.type.tensor_type.shape.dim[0].dim_param = "batch"
    with open(args.output, "wb") as f:
        f.write(model.SerializeToString())
    if args.inputs_dir:
        rows = np.random.default_rng(0).integers(0, len(x), size=1000)
        Path(args.inputs_dir).mkdir(parents=True, exist_ok=True)
        for batch in (1, 1000):
            np.save(Path(args.inputs_dir) / f"X_batch{batch}.npy", x[rows[:batch]].astype(np.float32))
    nodes = sum(len(t.tree_.feature) for t in forest.estimators_)
    print(f"{args.output}: {args.trees} trees, {nodes} nodes")


if __name__ == "__main__":
    main()
