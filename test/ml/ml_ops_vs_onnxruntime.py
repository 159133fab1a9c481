#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Parity test for the ai.onnx.ml ops (and TfIdfVectorizer with weights) that the ONNX node tests do not cover.

Builds small models with onnx.helper (fixed seeds), runs each through `onnx-aotc run` and compares every output
with onnxruntime. Usage:
    python test/ml/ml_ops_vs_onnxruntime.py --compiler build/bin/onnx-aotc [--filter SUBSTRING] [-v]
Needs numpy, onnx and onnxruntime. Exit status 0 when every case matches (rtol 1e-3, atol 1e-5; labels and
strings exactly). String inputs and outputs travel as TensorProto .pb files.
"""
import argparse
import itertools
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ML = "ai.onnx.ml"
NP_TO_ONNX = {np.float32: TensorProto.FLOAT, np.float64: TensorProto.DOUBLE, np.int64: TensorProto.INT64,
              np.int32: TensorProto.INT32, np.int16: TensorProto.INT16, np.float16: TensorProto.FLOAT16,
              np.object_: TensorProto.STRING}


def model(op, inputs, outputs, ml_opset=3, domain=ML, **attrs):
    """inputs: [(name, array)], outputs: [(name, onnx elem type or None)]."""
    node = helper.make_node(op, [n for n, _ in inputs], [n for n, _ in outputs], domain=domain, **attrs)
    ins = [helper.make_tensor_value_info(n, NP_TO_ONNX[a.dtype.type], a.shape) for n, a in inputs]
    outs = [helper.make_empty_tensor_value_info(n) for n, _ in outputs]
    graph = helper.make_graph([node], op.lower(), ins, outs)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(ML, ml_opset)])
    m.ir_version = 8
    return m


CASES = []


def case(name, m, inputs, reference=False, oracle=None):
    """reference: compare with the ONNX reference implementation instead of onnxruntime (where onnxruntime
    fails on valid input or writes scores inconsistently, e.g. PROBIT on a binary classifier), or a function that
    computes the expected outputs (where neither can run the case); oracle: the model the reference runs instead
    of m (the same computation where its output shape differs from onnxruntime's)."""
    CASES.append((name, m, inputs, oracle or m, reference))


def rng(seed):
    return np.random.default_rng(seed)


# ---- simple ops ---------------------------------------------------------------------------------------------

def build_simple():
    r = rng(1)
    x = r.normal(size=(4, 5)).astype(np.float32)
    x[1, 2] = np.nan
    for t in (np.float32, np.float64, np.int64, np.int32):
        xt = (np.nan_to_num(x) * 3).astype(t) if t in (np.int64, np.int32) else np.nan_to_num(x).astype(t)
        case(f"binarizer_{t.__name__}", model("Binarizer", [("X", xt)], [("Y", None)], threshold=0.3), {"X": xt})
    # onnxruntime rejects NaN inputs; the reference maps them to 0.
    case("binarizer_nan", model("Binarizer", [("X", x)], [("Y", None)], threshold=-0.1), {"X": x}, reference=True)
    d = r.normal(size=(2, 3, 6)).astype(np.float64)
    idx = np.array([5, 0, 2, 2], dtype=np.int64)
    case("array_feature_extractor_3d", model("ArrayFeatureExtractor", [("X", d), ("Y", idx)], [("Z", None)]),
         {"X": d, "Y": idx})
    d1 = np.arange(7, dtype=np.int64)
    case("array_feature_extractor_1d", model("ArrayFeatureExtractor", [("X", d1), ("Y", idx)], [("Z", None)]),
         {"X": d1, "Y": idx})
    xs = np.nan_to_num(x)
    case("scaler_per_column", model("Scaler", [("X", xs)], [("Y", None)], offset=[0.1, -0.2, 0.3, 0.0, 1.0],
                                    scale=[2.0, 0.5, -1.0, 3.0, 1.5]), {"X": xs})
    xi = (xs * 10).astype(np.int64)
    case("scaler_single_int64", model("Scaler", [("X", xi)], [("Y", None)], offset=[1.5], scale=[0.25]), {"X": xi})
    for norm in ("MAX", "L1", "L2"):
        case(f"normalizer_{norm}", model("Normalizer", [("X", xs)], [("Y", None)], norm=norm), {"X": xs})
    case("normalizer_L2_double", model("Normalizer", [("X", xs.astype(np.float64))], [("Y", None)], norm="L2"),
         {"X": xs.astype(np.float64)})
    case("imputer_nan", model("Imputer", [("X", x)], [("Y", None)], imputed_value_floats=[9.0, 8.0, 7.0, 6.0, 5.0],
                              replaced_value_float=float("nan")), {"X": x})
    xv = np.round(xs).astype(np.float32)
    case("imputer_value", model("Imputer", [("X", xv)], [("Y", None)], imputed_value_floats=[42.0],
                                replaced_value_float=0.0), {"X": xv})
    xi2 = np.round(xs * 2).astype(np.int64)
    case("imputer_int64", model("Imputer", [("X", xi2)], [("Y", None)], imputed_value_int64s=[7, 6, 5, 4, 3],
                                replaced_value_int64=1), {"X": xi2})
    a = r.normal(size=(3, 2)).astype(np.float32)
    b = r.normal(size=(3, 4)).astype(np.float32)
    c = r.normal(size=(3, 1)).astype(np.float32)
    case("feature_vectorizer", model("FeatureVectorizer", [("A", a), ("B", b), ("C", c)], [("Y", None)],
                                     inputdimensions=[3, 2, 1]), {"A": a, "B": b, "C": c})
    d1 = r.normal(size=(4,)).astype(np.float64)
    d2 = r.normal(size=(2,)).astype(np.float64)
    case("feature_vectorizer_1d", model("FeatureVectorizer", [("A", d1), ("B", d2)], [("Y", None)],
                                        inputdimensions=[4, 3]), {"A": d1, "B": d2})
    cats = r.integers(0, 6, size=(4, 3)).astype(np.int64)
    case("one_hot_encoder_2d", model("OneHotEncoder", [("X", cats)], [("Y", None)], cats_int64s=[1, 3, 4, 0]),
         {"X": cats})
    cf = cats[:, 0].astype(np.float64)
    case("one_hot_encoder_double", model("OneHotEncoder", [("X", cf)], [("Y", None)], cats_int64s=[5, 3, 4, 0, 2, 1]),
         {"X": cf})
    li = r.integers(0, 8, size=(3, 4)).astype(np.int64)
    case("label_encoder_int_float", model("LabelEncoder", [("X", li)], [("Y", None)], ml_opset=2,
                                          keys_int64s=[0, 2, 4, 6], values_floats=[0.5, 2.5, -4.5, 6.25],
                                          default_float=-1.0), {"X": li})
    lf = r.integers(0, 4, size=(5,)).astype(np.float32) / 2
    case("label_encoder_float_int", model("LabelEncoder", [("X", lf)], [("Y", None)], ml_opset=2,
                                          keys_floats=[0.0, 0.5, 1.0], values_int64s=[10, 20, 30]), {"X": lf})
    case("label_encoder_tensors", model("LabelEncoder", [("X", li)], [("Y", None)], ml_opset=4,
                                        keys_tensor=numpy_helper.from_array(np.array([1, 3, 5], np.int64)),
                                        values_tensor=numpy_helper.from_array(np.array([7, 8, 9], np.int64)),
                                        default_tensor=numpy_helper.from_array(np.array([-5], np.int64))), {"X": li})
    # A NaN key matches NaN inputs. (A repeated key: the spec lets the last win, onnxruntime the first; not tested.)
    ln = np.array([0.5, np.nan, 2.0, 3.0, -1.0], np.float32)
    case("label_encoder_nan_key", model("LabelEncoder", [("X", ln)], [("Y", None)], ml_opset=4,
                                        keys_tensor=numpy_helper.from_array(np.array([np.nan, 2.0, 0.5, 3.5], np.float32)),
                                        values_tensor=numpy_helper.from_array(np.array([1, 2, 3, 4], np.int64)),
                                        default_tensor=numpy_helper.from_array(np.array([9], np.int64))), {"X": ln})
    tok = r.integers(0, 6, size=(3, 8)).astype(np.int32)
    tfidf = dict(min_gram_length=1, max_gram_length=2, max_skip_count=2, ngram_counts=[0, 4],
                 ngram_indexes=[0, 1, 2, 3, 4, 5, 7, 6], pool_int64s=[1, 2, 3, 5, 1, 2, 3, 4, 0, 5, 5, 5],
                 weights=[0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])
    for mode in ("TF", "IDF", "TFIDF"):
        case(f"tfidf_{mode}", model("TfIdfVectorizer", [("X", tok)], [("Y", None)], domain="", mode=mode, **tfidf),
             {"X": tok})


# ---- linear models and SVMs -------------------------------------------------------------------------------------

def build_linear():
    r = rng(2)
    x = r.normal(size=(6, 4)).astype(np.float32)
    case("linear_regressor", model("LinearRegressor", [("X", x)], [("Y", None)], targets=2,
                                   coefficients=r.normal(size=8).tolist(), intercepts=[0.5, -1.0]), {"X": x})
    for post in ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO"):
        case(f"linear_classifier_3_{post}",
             model("LinearClassifier", [("X", x)], [("Y", None), ("Z", None)], classlabels_ints=[3, 5, 7],
                   coefficients=r.normal(size=12).tolist(), intercepts=[0.1, 0.2, -0.3], post_transform=post), {"X": x})
    # PROBIT on one score for two labels has no usable oracle: onnxruntime writes misaligned scores and the
    # reference takes the argmax of a NaN; the kernel follows onnxruntime's labels and the reference's scores.
    for post in ("NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO"):
        case(f"linear_classifier_binary_{post}",
             model("LinearClassifier", [("X", x)], [("Y", None), ("Z", None)], classlabels_ints=[0, 1],
                   coefficients=r.normal(size=4).tolist(), intercepts=[0.2], post_transform=post), {"X": x})
    xd = x.astype(np.float64)
    sv = r.normal(size=(5, 4))
    for kernel in ("RBF", "LINEAR", "POLY", "SIGMOID"):
        for xin in (x, xd):
            case(f"svm_regressor_{kernel}_{xin.dtype}",
                 model("SVMRegressor", [("X", xin)], [("Y", None)], kernel_type=kernel, kernel_params=[0.3, 0.5, 2.0],
                       n_supports=5, support_vectors=sv.ravel().tolist(), coefficients=r.normal(size=5).tolist(),
                       rho=[0.25]), {"X": xin})
    case("svm_regressor_linear_mode",
         model("SVMRegressor", [("X", x)], [("Y", None)], coefficients=r.normal(size=4).tolist(), rho=[0.1],
               kernel_params=[0.0, 0.0, 0.0]), {"X": x})
    case("svm_regressor_one_class",
         model("SVMRegressor", [("X", x)], [("Y", None)], kernel_type="RBF", kernel_params=[0.3, 0.0, 0.0],
               n_supports=5, support_vectors=sv.ravel().tolist(), coefficients=r.normal(size=5).tolist(), rho=[-0.1],
               one_class=1), {"X": x})
    # SVC: 3 classes with 2, 1, 2 support vectors.
    svc = dict(kernel_type="RBF", kernel_params=[0.4, 0.0, 3.0], support_vectors=sv.ravel().tolist(),
               vectors_per_class=[2, 1, 2], coefficients=r.normal(size=10).tolist(), rho=[0.1, -0.2, 0.3])
    case("svm_classifier_3_votes", model("SVMClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                         classlabels_ints=[4, 5, 6], **svc), {"X": x})
    case("svm_classifier_3_proba", model("SVMClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                         classlabels_ints=[4, 5, 6], prob_a=[-1.5, -2.0, -0.5],
                                         prob_b=[0.1, -0.2, 0.05], **svc), {"X": x})
    binary = dict(kernel_type="RBF", kernel_params=[0.4, 0.0, 3.0], support_vectors=sv[:4].ravel().tolist(),
                  vectors_per_class=[2, 2], coefficients=r.normal(size=4).tolist(), rho=[0.05])
    case("svm_classifier_binary_proba", model("SVMClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                              classlabels_ints=[0, 1], prob_a=[-1.2], prob_b=[0.3], **binary), {"X": x})
    for post in ("NONE", "LOGISTIC", "SOFTMAX", "PROBIT"):
        case(f"svm_classifier_binary_{post}", model("SVMClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                                    classlabels_ints=[0, 1], post_transform=post, **binary), {"X": x},
             reference=post == "PROBIT")
    case("svm_classifier_linear", model("SVMClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                        classlabels_ints=[1, 2, 3], coefficients=r.normal(size=12).tolist(),
                                        rho=[0.5, 0.1, 0.2], kernel_params=[0.0, 0.0, 0.0]), {"X": x})


# ---- tree ensembles -----------------------------------------------------------------------------------------------

def random_tree(r, depth, features):
    """A full binary tree in breadth-first order: (modes, features, thresholds, true ids, false ids)."""
    n_internal = 2 ** depth - 1
    n = 2 ** (depth + 1) - 1
    modes, feats, values, true_ids, false_ids = [], [], [], [], []
    for i in range(n):
        if i < n_internal:
            modes.append(str(r.choice(["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"])))
            feats.append(int(r.integers(0, features)))
            values.append(float(np.float32(r.normal())))
            true_ids.append(2 * i + 1)
            false_ids.append(2 * i + 2)
        else:
            modes.append("LEAF")
            feats.append(0)
            values.append(0.0)
            true_ids.append(0)
            false_ids.append(0)
    return modes, feats, values, true_ids, false_ids, list(range(n_internal, n))


def v1_forest(r, trees, depth, features, targets, prefix):
    a = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_modes", "nodes_featureids", "nodes_values",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                         f"{prefix}_treeids", f"{prefix}_nodeids", f"{prefix}_ids", f"{prefix}_weights")}
    for t in range(trees):
        modes, feats, values, tids, fids, leaves = random_tree(r, depth, features)
        for i in range(len(modes)):
            a["nodes_treeids"].append(t)
            a["nodes_nodeids"].append(i)
            a["nodes_modes"].append(modes[i])
            a["nodes_featureids"].append(feats[i])
            a["nodes_values"].append(values[i])
            a["nodes_truenodeids"].append(tids[i])
            a["nodes_falsenodeids"].append(fids[i])
            a["nodes_missing_value_tracks_true"].append(int(r.integers(0, 2)))
        for leaf in leaves:
            for target in range(targets):
                a[f"{prefix}_treeids"].append(t)
                a[f"{prefix}_nodeids"].append(leaf)
                a[f"{prefix}_ids"].append(target)
                a[f"{prefix}_weights"].append(float(np.float32(r.normal())))
    return a


def build_trees():
    r = rng(3)
    x = r.normal(size=(8, 3)).astype(np.float32)
    x[2, 1] = np.nan
    x[5, 0] = np.nan
    for agg in ("SUM", "AVERAGE", "MIN", "MAX"):
        a = v1_forest(r, 3, 3, 3, 2, "target")
        case(f"tree_regressor_{agg}", model("TreeEnsembleRegressor", [("X", x)], [("Y", None)], n_targets=2,
                                            aggregate_function=agg, base_values=[0.5, -0.5], **a), {"X": x})
    for post in ("SOFTMAX", "LOGISTIC"):
        a = v1_forest(r, 2, 2, 3, 3, "target")
        case(f"tree_regressor_{post}", model("TreeEnsembleRegressor", [("X", x)], [("Y", None)], n_targets=3,
                                             post_transform=post, **a), {"X": x})
    xd = x.astype(np.float64)
    a = v1_forest(r, 2, 2, 3, 1, "target")
    case("tree_regressor_double", model("TreeEnsembleRegressor", [("X", xd)], [("Y", None)], n_targets=1, **a),
         {"X": xd})
    for post in ("NONE", "SOFTMAX", "LOGISTIC"):
        a = v1_forest(r, 3, 3, 3, 3, "class")
        case(f"tree_classifier_3_{post}", model("TreeEnsembleClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                                classlabels_int64s=[10, 20, 30], post_transform=post, **a), {"X": x})
    a = v1_forest(r, 2, 2, 3, 3, "class")
    case("tree_classifier_3_base_values", model("TreeEnsembleClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                                classlabels_int64s=[7, 8, 9], base_values=[0.5, -0.25, 0.1],
                                                post_transform="SOFTMAX", **a), {"X": x})
    xi = np.round(np.nan_to_num(x) * 2).astype(np.int64)
    case("tree_classifier_int64_input", model("TreeEnsembleClassifier", [("X", xi)], [("Y", None), ("Z", None)],
                                              classlabels_int64s=[7, 8, 9], **a), {"X": xi})
    for post in ("NONE", "LOGISTIC", "SOFTMAX", "positive_NONE", "positive_LOGISTIC", "positive_SOFTMAX"):
        a = v1_forest(r, 3, 2, 3, 1, "class")
        if post.startswith("positive_"):
            a["class_weights"] = [abs(w) / 3 for w in a["class_weights"]]
        case(f"tree_classifier_binary_{post}", model("TreeEnsembleClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                                     classlabels_int64s=[0, 1], post_transform=post.replace("positive_", ""),
                                                     **a), {"X": x})
    # TreeEnsemble (ai.onnx.ml 5): one tree with every mode, including set membership, plus a second tree.
    xm = np.array([[1.0, 2.0], [3.0, np.nan], [5.0, 4.0], [np.nan, 7.0], [2.0, 2.5], [9.0, -1.0]], np.float32)
    splits = np.array([2.0, 0.0, 4.0, 3.0, 2.5, 7.0, 1.0], np.float32)
    for dtype in (np.float64, np.float16):
        attrs = dict(nodes_modes=numpy_helper.from_array(np.array([0, 1], np.uint8)), nodes_featureids=[0, 1],
                     nodes_splits=numpy_helper.from_array(np.array([2.0, 1.5], dtype)),
                     nodes_truenodeids=[1, 0], nodes_trueleafs=[0, 1], nodes_falsenodeids=[1, 2],
                     nodes_falseleafs=[1, 1], tree_roots=[0], leaf_targetids=[0, 1, 1],
                     leaf_weights=numpy_helper.from_array(np.array([0.5, 1.25, -2.0], dtype)), n_targets=2)
        case(f"tree_ensemble_v5_{dtype.__name__}", model("TreeEnsemble", [("X", xm.astype(dtype))], [("Y", None)],
                                                         ml_opset=5, **attrs), {"X": xm.astype(dtype)})
    for agg in (0, 1, 2, 3):
        for post in (0, 1, 2, 3, 4):
            if post and agg != 1:
                continue
            attrs = dict(
                nodes_modes=numpy_helper.from_array(np.array([0, 6, 1, 2, 3, 4, 5], np.uint8)),
                nodes_featureids=[0, 1, 0, 1, 0, 1, 0],
                nodes_splits=numpy_helper.from_array(splits),
                nodes_truenodeids=[1, 2, 0, 1, 4, 5, 6], nodes_trueleafs=[0, 0, 1, 1, 1, 1, 1],
                nodes_falsenodeids=[3, 1, 2, 3, 5, 6, 7], nodes_falseleafs=[0, 1, 1, 1, 1, 1, 1],
                nodes_missing_value_tracks_true=[1, 0, 0, 1, 0, 0, 0],
                membership_values=numpy_helper.from_array(np.array([2.0, 4.0, np.nan], np.float32)),
                tree_roots=[0, 4], leaf_targetids=[0, 1, 2, 0, 1, 2, 0, 1],
                leaf_weights=numpy_helper.from_array(np.linspace(-1, 2, 8).astype(np.float32)),
                n_targets=3, aggregate_function=agg, post_transform=post)
            m = model("TreeEnsemble", [("X", xm)], [("Y", None)], ml_opset=5, **attrs)
            if post in (1, 2):
                # onnxruntime reads 1 as LOGISTIC and 2 as SOFTMAX, the spec 1 SOFTMAX and 2 LOGISTIC: give it the
                # other code so that it computes what the spec asks for.
                ort_attrs = dict(attrs, post_transform=3 - post)
                CASES.append((f"tree_ensemble_v5_agg{agg}_post{post}", m, {"X": xm},
                              model("TreeEnsemble", [("X", xm)], [("Y", None)], ml_opset=5, **ort_attrs), False))
                continue
            case(f"tree_ensemble_v5_agg{agg}_post{post}", m, {"X": xm})


# ---- tree ensembles: optimized provider kernels against the reference kernel (--provider-parity) -----------

PARITY_CASES = []  # (name, model, inputs): run with --provider ref and the provider under test, compared bit for bit


def ragged_forest(r, trees, max_depth, features, classes, prefix, dense=True, double_splits=False, leaf_tree=True):
    """v1 attributes of trees of uneven depth (the first a single leaf if leaf_tree), every branch mode but EQ/NEQ, random
    missing-value tracking; thresholds as doubles that float does not represent when double_splits. Leaves score
    every class (dense) or a random non-empty subset."""
    a = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_modes", "nodes_featureids", "nodes_values",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                         f"{prefix}_treeids", f"{prefix}_nodeids", f"{prefix}_ids", f"{prefix}_weights")}
    for t in range(trees):
        nodes = []  # preorder; true child = the next node

        def grow(depth):
            i = len(nodes)
            nodes.append(None)
            if depth == max_depth or (leaf_tree and t == 0 and depth == 0) or (depth > 1 and r.random() < 0.25):
                nodes[i] = ("LEAF",)
                return i
            mode = str(r.choice(["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"]))
            value = float(np.float32(r.normal()))
            if double_splits:
                value += float(r.choice([0.0, 1e-9, -1e-9]))
            true_id = grow(depth + 1)
            false_id = grow(depth + 1)
            nodes[i] = (mode, int(r.integers(0, features)), value, true_id, false_id, int(r.integers(0, 2)))
            return i

        grow(0)
        for i, n in enumerate(nodes):
            leaf = n[0] == "LEAF"
            for key, v in (("nodes_treeids", t), ("nodes_nodeids", i), ("nodes_modes", n[0]),
                           ("nodes_featureids", 0 if leaf else n[1]), ("nodes_values", 0.0 if leaf else n[2]),
                           ("nodes_truenodeids", 0 if leaf else n[3]), ("nodes_falsenodeids", 0 if leaf else n[4]),
                           ("nodes_missing_value_tracks_true", 0 if leaf else n[5])):
                a[key].append(v)
            if leaf:
                ids = range(classes) if dense else sorted(r.choice(classes, int(r.integers(1, classes + 1)), False))
                for c in ids:
                    for key, v in ((f"{prefix}_treeids", t), (f"{prefix}_nodeids", i), (f"{prefix}_ids", int(c)),
                                   (f"{prefix}_weights", float(np.float32(r.normal())))):
                        a[key].append(v)
    if double_splits:
        a["nodes_values_as_tensor"] = numpy_helper.from_array(np.array(a.pop("nodes_values"), np.float64))
    return a


def parity_rows(r, rows, features, dtype, a):
    """Normal rows, with thresholds themselves, their float neighbours, NaN and infinities mixed in."""
    x = r.normal(size=(rows, features))
    splits = np.asarray(a.get("nodes_values", []) or numpy_helper.to_array(a["nodes_values_as_tensor"]), np.float64)
    special = np.concatenate([splits, np.nextafter(splits.astype(np.float32), np.float32(np.inf)),
                              np.nextafter(splits.astype(np.float32), np.float32(-np.inf)), [np.nan, np.inf, -np.inf]])
    mask = r.random(size=x.shape) < 0.3
    x[mask] = r.choice(special, size=int(mask.sum()))
    return x.astype(dtype)


def build_tree_parity():
    r = rng(11)
    # Row counts around the kernels' block sizes (16 rows, 8 trees), taken in turn by the cases below.
    row_counts = itertools.cycle((1, 15, 16, 17, 33, 1000))
    for dtype in (np.float32, np.float64):
        dn = np.dtype(dtype).name
        for agg in ("SUM", "AVERAGE", "MIN", "MAX"):
            rows = next(row_counts)
            a = ragged_forest(r, 13, 5, 4, 3, "target", dense=agg != "MAX", double_splits=True)
            x = parity_rows(r, rows, 4, dtype, a)
            PARITY_CASES.append((f"tree_parity_regressor_{dn}_{rows}_{agg}",
                                 model("TreeEnsembleRegressor", [("X", x)], [("Y", None)], n_targets=3,
                                       aggregate_function=agg, base_values=[0.5, -0.5, 0.25], **a), {"X": x}))
        for post in ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT"):
            n_targets, rows = 1 if post == "PROBIT" else 2, next(row_counts)
            a = ragged_forest(r, 9, 6, 4, n_targets, "target", double_splits=rows < 16)
            x = parity_rows(r, rows, 4, dtype, a)
            PARITY_CASES.append((f"tree_parity_regressor_{dn}_{rows}_{post}",
                                 model("TreeEnsembleRegressor", [("X", x)], [("Y", None)], n_targets=n_targets,
                                       post_transform=post, **a), {"X": x}))
        for post in ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO"):
            for dense in (True, False):
                rows = next(row_counts)
                a = ragged_forest(r, 11, 6, 4, 3, "class", dense=dense, double_splits=not dense)
                x = parity_rows(r, rows, 4, dtype, a)
                PARITY_CASES.append((f"tree_parity_classifier3_{dn}_{rows}_{post}_{'dense' if dense else 'sparse'}",
                                     model("TreeEnsembleClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                           classlabels_int64s=[10, 20, 30], post_transform=post,
                                           **({"base_values": [0.1, 0.2, -0.3]} if dense else {}), **a), {"X": x}))
        for name, classes, extra in (("binary", 1, {}), ("binary_base", 1, {"base_values": [0.3]}),
                                     ("two", 2, {}), ("two_base", 2, {"base_values": [0.1, -0.2]}),
                                     ("strings", 2, {"classlabels_strings": ["no", "yes"]})):
            for post in ("NONE", "LOGISTIC", "PROBIT"):
                rows = next(row_counts)
                a = ragged_forest(r, 17, 5, 4, classes, "class", dense=name != "two")
                labels = {} if "classlabels_strings" in extra else {"classlabels_int64s": [3, 5]}
                x = parity_rows(r, rows, 4, dtype, a)
                PARITY_CASES.append((f"tree_parity_classifier_{name}_{dn}_{rows}_{post}",
                                     model("TreeEnsembleClassifier", [("X", x)], [("Y", None), ("Z", None)],
                                           post_transform=post, **labels, **extra, **a), {"X": x}))
        # TreeEnsemble (ai.onnx.ml 5): a v1 forest in the opset 5 layout, thresholds of the input's type.
        rows = next(row_counts)
        a = ragged_forest(r, 10, 6, 4, 2, "target", leaf_tree=False)
        x = parity_rows(r, rows, 4, dtype, a)
        modes = {"BRANCH_LEQ": 0, "BRANCH_LT": 1, "BRANCH_GTE": 2, "BRANCH_GT": 3}
        ids = {(t, n): i for i, (t, n) in enumerate(zip(a["nodes_treeids"], a["nodes_nodeids"]))}
        branch = [i for i, m in enumerate(a["nodes_modes"]) if m != "LEAF"]
        leaves = [i for i, m in enumerate(a["nodes_modes"]) if m == "LEAF"]
        bpos, lpos = {i: k for k, i in enumerate(branch)}, {i: k for k, i in enumerate(leaves)}
        def ref(t, n):
            i = ids[(t, n)]
            return (lpos[i], 1) if i in lpos else (bpos[i], 0)
        true_refs = [ref(a["nodes_treeids"][i], a["nodes_truenodeids"][i]) for i in branch]
        false_refs = [ref(a["nodes_treeids"][i], a["nodes_falsenodeids"][i]) for i in branch]
        weights = {}
        for t, n, c, w in zip(a["target_treeids"], a["target_nodeids"], a["target_ids"], a["target_weights"]):
            weights.setdefault(lpos[ids[(t, n)]], []).append((c, w))
        # The opset 5 layout gives a leaf one target: keep one of each leaf's weights.
        leaf_targets = [weights[k][k % 2][0] for k in range(len(leaves))]
        leaf_weights = [weights[k][k % 2][1] for k in range(len(leaves))]
        roots = sorted({a["nodes_treeids"][i] for i in range(len(a["nodes_modes"]))})
        root_nodes = [ids[(t, 0)] for t in roots]
        attrs = dict(nodes_modes=numpy_helper.from_array(np.array([modes[a["nodes_modes"][i]] for i in branch], np.uint8)),
                     nodes_featureids=[a["nodes_featureids"][i] for i in branch],
                     nodes_splits=numpy_helper.from_array(np.array([a["nodes_values"][i] for i in branch], dtype)),
                     nodes_truenodeids=[t[0] for t in true_refs], nodes_trueleafs=[t[1] for t in true_refs],
                     nodes_falsenodeids=[f[0] for f in false_refs], nodes_falseleafs=[f[1] for f in false_refs],
                     nodes_missing_value_tracks_true=[a["nodes_missing_value_tracks_true"][i] for i in branch],
                     tree_roots=[bpos[i] for i in root_nodes], leaf_targetids=leaf_targets,
                     leaf_weights=numpy_helper.from_array(np.array(leaf_weights, dtype)), n_targets=2)
        for agg, post in ((1, 0), (0, 2), (2, 0), (3, 1)):
            PARITY_CASES.append((f"tree_parity_v5_{dn}_{rows}_agg{agg}_post{post}",
                                 model("TreeEnsemble", [("X", x)], [("Y", None)], ml_opset=5,
                                       aggregate_function=agg, post_transform=post, **attrs), {"X": x}))


def provider_parity(compiler, provider, name_filter, verbose):
    """Every tree case, and the parity sweep, through --provider ref and `provider`: outputs bit for bit equal;
    the sweep must actually use the provider's kernel (its header in the generated code)."""
    failures = 0
    cases = [(n, m, i, False) for n, m, i, _, _ in CASES if n.startswith("tree_")]
    cases += [(n, m, i, True) for n, m, i in PARITY_CASES]
    for name, m, inputs, must_use in cases:
        if name_filter not in name:
            continue
        with tempfile.TemporaryDirectory() as work:
            try:
                want = run_aotc(compiler, m, inputs, work, "ref")
                got = run_aotc(compiler, m, inputs, work, provider)
                if must_use:
                    path = os.path.join(work, "model.onnx")
                    gen = os.path.join(work, "gen")
                    subprocess.run([compiler, "compile", path, "-o", gen, "--name", "model", "--provider", provider],
                                   check=True, capture_output=True)
                    sources = "".join(open(os.path.join(gen, f)).read() for f in os.listdir(gen) if f.endswith(".cpp"))
                    if f"onnx_aotc/{provider}/ml_tree_ensemble.h" not in sources:
                        raise RuntimeError(f"the generated code does not use the {provider} kernel")
            except (RuntimeError, subprocess.CalledProcessError) as e:
                print(f"FAIL  {name}: {e}")
                failures += 1
                continue
        ok = True
        for out, w, g in zip(m.graph.output, want, got):
            if w.shape != g.shape or w.dtype != g.dtype or not (
                    np.array_equal(w, g) if w.dtype.kind in "OU" else np.array_equal(w, g, equal_nan=True)):
                print(f"FAIL  {name}: {out.name} with --provider {provider} differs from the reference kernel\n"
                      f"  got      {g.ravel()[:24]}\n  expected {w.ravel()[:24]}")
                ok = False
        failures += not ok
        if ok and verbose:
            print(f"pass  {name} (--provider {provider} = ref)")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


# ---- string labels and categories ---------------------------------------------------------------------------

def build_strings():
    """Classifiers with classlabels_strings, the ops that take or make strings, and the int64 twins of the binary
    corners where onnxruntime's label rules are irregular (it is the oracle for both)."""
    r = rng(4)
    names = ["setosa", "versicolor", "virginica"]
    x = r.normal(size=(6, 4)).astype(np.float32)
    io = [("Y", None), ("Z", None)]
    for post in ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO"):
        case(f"linear_classifier_strings_3_{post}",
             model("LinearClassifier", [("X", x)], io, classlabels_strings=names,
                   coefficients=r.normal(size=12).tolist(), intercepts=[0.1, 0.2, -0.3], post_transform=post), {"X": x})
        case(f"linear_classifier_strings_binary_{post}",
             model("LinearClassifier", [("X", x)], io, classlabels_strings=["no", "yes"],
                   coefficients=r.normal(size=4).tolist(), intercepts=[0.2], post_transform=post), {"X": x})
    x1 = x[:1]
    case("linear_classifier_strings_3_one_row",
         model("LinearClassifier", [("X", x1)], io, classlabels_strings=names, coefficients=r.normal(size=12).tolist(),
               intercepts=[0.1, 0.2, -0.3], post_transform="SOFTMAX"), {"X": x1})
    case("linear_classifier_strings_binary_one_row",
         model("LinearClassifier", [("X", x1)], io, classlabels_strings=["no", "yes"],
               coefficients=r.normal(size=4).tolist(), intercepts=[-0.1], post_transform="LOGISTIC"), {"X": x1})

    sv = r.normal(size=(5, 4))
    svc = dict(kernel_type="RBF", kernel_params=[0.4, 0.0, 3.0], support_vectors=sv.ravel().tolist(),
               vectors_per_class=[2, 1, 2], coefficients=r.normal(size=10).tolist(), rho=[0.1, -0.2, 0.3])
    proba = dict(prob_a=[-1.5, -2.0, -0.5], prob_b=[0.1, -0.2, 0.05])
    case("svm_classifier_strings_3_votes", model("SVMClassifier", [("X", x)], io, classlabels_strings=names, **svc),
         {"X": x})
    case("svm_classifier_strings_3_votes_one_row",
         model("SVMClassifier", [("X", x1)], io, classlabels_strings=names, **svc), {"X": x1})
    case("svm_classifier_strings_3_proba",
         model("SVMClassifier", [("X", x)], io, classlabels_strings=names, **svc, **proba), {"X": x})
    # Two classes: onnxruntime picks the second label by the best linear score, never by votes.
    for positive in (False, True):
        coefficients = r.normal(size=4)
        coefficients = np.abs(coefficients) if positive else coefficients
        binary = dict(kernel_type="RBF", kernel_params=[0.4, 0.0, 3.0], support_vectors=sv[:4].ravel().tolist(),
                      vectors_per_class=[2, 2], coefficients=coefficients.tolist(), rho=[0.05])
        kind = "positive" if positive else "mixed"
        for post in ("NONE", "LOGISTIC", "SOFTMAX"):
            case(f"svm_classifier_strings_binary_{kind}_{post}",
                 model("SVMClassifier", [("X", x)], io, classlabels_strings=["no", "yes"], post_transform=post, **binary),
                 {"X": x})
        case(f"svm_classifier_binary_{kind}_int64", model("SVMClassifier", [("X", x)], io, classlabels_ints=[3, 8],
                                                        **binary), {"X": x})
        linear = dict(coefficients=(np.abs(r.normal(size=8)) if positive else r.normal(size=8)).tolist(), rho=[0.1],
                      kernel_params=[0.0, 0.0, 0.0], post_transform="LOGISTIC")
        case(f"svm_classifier_strings_linear_binary_{kind}",
             model("SVMClassifier", [("X", x)], io, classlabels_strings=["no", "yes"], **linear), {"X": x})
        case(f"svm_classifier_linear_binary_{kind}_int64",
             model("SVMClassifier", [("X", x)], io, classlabels_ints=[3, 8], **linear), {"X": x})
    case("svm_classifier_strings_binary_proba",
         model("SVMClassifier", [("X", x)], io, classlabels_strings=["no", "yes"], kernel_type="RBF",
               kernel_params=[0.4, 0.0, 3.0], support_vectors=sv[:4].ravel().tolist(), vectors_per_class=[2, 2],
               coefficients=r.normal(size=4).tolist(), rho=[0.05], prob_a=[-1.2], prob_b=[0.3]), {"X": x})
    # One rho for three linear classes: the best score's label (not the reference's 0/1).
    linear3 = dict(coefficients=r.normal(size=12).tolist(), rho=[0.1], kernel_params=[0.0, 0.0, 0.0])
    case("svm_classifier_strings_linear_3", model("SVMClassifier", [("X", x)], io, classlabels_strings=names, **linear3),
         {"X": x})
    case("svm_classifier_linear_3_one_rho", model("SVMClassifier", [("X", x)], io, classlabels_ints=[3, 8, 9],
                                                  **linear3), {"X": x})

    xt = r.normal(size=(8, 3)).astype(np.float32)
    xt[2, 1] = np.nan
    for post in ("NONE", "SOFTMAX", "LOGISTIC"):
        a = v1_forest(r, 3, 3, 3, 3, "class")
        case(f"tree_classifier_strings_3_{post}",
             model("TreeEnsembleClassifier", [("X", xt)], io, classlabels_strings=names, post_transform=post, **a),
             {"X": xt})
    case("tree_classifier_strings_3_one_row",
         model("TreeEnsembleClassifier", [("X", xt[:1])], io, classlabels_strings=names, base_values=[0.5, -0.25, 0.1],
               post_transform="SOFTMAX", **a), {"X": xt[:1]})
    # Classes 0 and 2 only: an unscored class never wins, even over negative scores.
    a = v1_forest(r, 2, 2, 3, 1, "class")
    a["class_ids"] = [2 * (k % 2) for k in range(len(a["class_ids"]))]
    a["class_weights"] = [-abs(w) for w in a["class_weights"]]
    for labels in (dict(classlabels_strings=names), dict(classlabels_int64s=[4, 5, 6])):
        kind = "strings" if "classlabels_strings" in labels else "int64"
        case(f"tree_classifier_{kind}_3_unscored_class",
             model("TreeEnsembleClassifier", [("X", xt)], io, post_transform="SOFTMAX_ZERO", **labels, **a), {"X": xt})
    # Two classes. ids: which classes the leaf weights go to ("0", "1": onnxruntime's binary case; "01": both).
    for ids in ("0", "1", "01"):
        for positive in (False, True):
            for post, base in (("NONE", None), ("LOGISTIC", None), ("SOFTMAX", None), ("NONE", [0.1, 0.2])):
                if ids == "01" and post == "SOFTMAX":
                    continue
                a = v1_forest(r, 3, 2, 3, 2 if ids == "01" else 1, "class")
                if ids == "1":
                    a["class_ids"] = [1] * len(a["class_ids"])
                if positive:
                    a["class_weights"] = [abs(w) / 3 for w in a["class_weights"]]
                extra = {} if base is None else dict(base_values=base)
                kind = f"ids{ids}_{'positive' if positive else 'mixed'}_{post}{'_base' if base else ''}"
                case(f"tree_classifier_strings_binary_{kind}",
                     model("TreeEnsembleClassifier", [("X", xt)], io, classlabels_strings=["no", "yes"],
                           post_transform=post, **a, **extra), {"X": xt})
                if post == "NONE":
                    # Outside the binary case onnxruntime's int64 label is 0 or 1, whatever the labels.
                    case(f"tree_classifier_binary_{kind}_int64",
                         model("TreeEnsembleClassifier", [("X", xt)], io, classlabels_int64s=[5, 7], post_transform=post,
                               **a, **extra), {"X": xt})
    # One base value for two classes (gradient boosting's binary models): class 0's.
    for ids in ("0", "01"):
        a = v1_forest(r, 3, 2, 3, 2 if ids == "01" else 1, "class")
        for labels in (dict(classlabels_strings=["no", "yes"]), dict(classlabels_int64s=[5, 7])):
            kind = "strings" if "classlabels_strings" in labels else "int64"
            case(f"tree_classifier_{kind}_binary_ids{ids}_one_base_value",
                 model("TreeEnsembleClassifier", [("X", xt)], io, base_values=[0.25], post_transform="LOGISTIC",
                       **labels, **a), {"X": xt})
    # One int64 label: one score, and the label 1 or 0 by its sign.
    a = v1_forest(r, 3, 2, 3, 1, "class")
    for post in ("NONE", "PROBIT"):
        case(f"tree_classifier_one_label_{post}",
             model("TreeEnsembleClassifier", [("X", xt)], io, classlabels_int64s=[4], base_values=[0.3],
                   post_transform=post, **a), {"X": xt})

    words = np.array([["red", "green", "blue"], ["", "red", "purple"]], dtype=object)
    case("one_hot_encoder_strings", model("OneHotEncoder", [("X", words)], [("Y", None)],
                                          cats_strings=["blue", "red", "green", ""]), {"X": words})
    case("one_hot_encoder_strings_1d", model("OneHotEncoder", [("X", words[1])], [("Y", None)], zeros=1,
                                             cats_strings=["purple", "red"]), {"X": words[1]})
    # A repeated category: only its last column is set.
    case("one_hot_encoder_strings_repeated", model("OneHotEncoder", [("X", words)], [("Y", None)],
                                                   cats_strings=["red", "blue", "red"]), {"X": words})
    ids = np.array([[1, 3, 4], [3, 0, 9]], np.int64)
    case("one_hot_encoder_int64_repeated", model("OneHotEncoder", [("X", ids)], [("Y", None)], cats_int64s=[3, 1, 3, 4]),
         {"X": ids})
    big = np.array([[1, 2, 3], [9, 4, 1 << 60]], np.int64)
    cats = dict(cats_strings=["one", "two", "three", "huge", "red"], cats_int64s=[1, 2, 3, 1 << 60, 2])
    case("category_mapper_to_int64", model("CategoryMapper", [("X", words)], [("Y", None)], ml_opset=1, **cats,
                                           default_int64=-7), {"X": words})
    case("category_mapper_to_string", model("CategoryMapper", [("X", big)], [("Y", None)], ml_opset=1, **cats),
         {"X": big})
    case("category_mapper_defaults", model("CategoryMapper", [("X", big)], [("Y", None)], ml_opset=1,
                                           cats_strings=["one"], cats_int64s=[1], default_string="?"), {"X": big})
    case("label_encoder_v1_to_int64", model("LabelEncoder", [("X", words)], [("Y", None)], ml_opset=1,
                                            classes_strings=["red", "green", "blue", "red"], default_int64=42),
         {"X": words})
    case("label_encoder_v1_to_string", model("LabelEncoder", [("X", big)], [("Y", None)], ml_opset=1,
                                             classes_strings=["zero", "one", "two", "three"]), {"X": big})
    case("label_encoder_int64_keys_exact", model("LabelEncoder", [("X", big)], [("Y", None)], ml_opset=2,
                                                 keys_int64s=[(1 << 60) + 1, 1 << 60], values_strings=["near", "huge"]),
         {"X": big})
    vocab = np.array(["the", "cat", "sat", "on", "mat", ""], dtype=object)
    text = vocab[r.integers(0, 6, size=(3, 8))]
    tfidf = dict(min_gram_length=1, max_gram_length=2, max_skip_count=2, ngram_counts=[0, 4],
                 ngram_indexes=[0, 1, 2, 3, 4, 5, 7, 6],
                 pool_strings=["cat", "sat", "on", "", "the", "cat", "cat", "sat", "mat", "the", "", ""],
                 weights=[0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])
    for mode in ("TF", "IDF", "TFIDF"):
        case(f"tfidf_strings_{mode}", model("TfIdfVectorizer", [("X", text)], [("Y", None)], domain="", mode=mode, **tfidf),
             {"X": text})
    case("tfidf_strings_1d", model("TfIdfVectorizer", [("X", text[0])], [("Y", None)], domain="", mode="TF", **tfidf),
         {"X": text[0]})
    idx = np.array([2, 0, 2], np.int64)
    case("array_feature_extractor_strings", model("ArrayFeatureExtractor", [("X", words), ("Y", idx)], [("Z", None)]),
         {"X": words, "Y": idx})


# ---- maps: ZipMap, DictVectorizer, CastMap -------------------------------------------------------------------

def map_model(op, key_type, value_type, ml_opset=1, variants=None, **attrs):
    """One node from the map graph input X to the tensor output Y; or, with variants ({output: attrs}), one node
    per variant (one model, and so one build, for all of them)."""
    variants = variants or {"Y": attrs}
    nodes = [helper.make_node(op, ["X"], [y], domain=ML, **a) for y, a in variants.items()]
    x = helper.make_value_info("X", helper.make_map_type_proto(key_type, helper.make_tensor_type_proto(value_type, None)))
    graph = helper.make_graph(nodes, op.lower(), [x], [helper.make_empty_tensor_value_info(y) for y in variants])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(ML, ml_opset)])
    m.ir_version = 8
    return m


def zip_map_model(x, *labels):
    """One ZipMap of X per set of labels, to outputs Z0, Z1, ..."""
    nodes, outputs = [], []
    for i, attrs in enumerate(labels):
        nodes.append(helper.make_node("ZipMap", ["X"], [f"Z{i}"], domain=ML, **attrs))
        key = TensorProto.STRING if "classlabels_strings" in attrs else TensorProto.INT64
        outputs.append(helper.make_value_info(f"Z{i}", helper.make_sequence_type_proto(
            helper.make_map_type_proto(key, helper.make_tensor_type_proto(TensorProto.FLOAT, None)))))
    graph = helper.make_graph(nodes, "zipmap", [helper.make_tensor_value_info("X", TensorProto.FLOAT, x.shape)], outputs)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(ML, 1)])
    m.ir_version = 8
    return m


def reshaped_to_row(m):
    """m with its output Y reshaped to [1, -1]: the ONNX reference's DictVectorizer gives the spec's 1-D tensor,
    onnxruntime (and onnx-aotc) [1, V]."""
    m = onnx.ModelProto.FromString(m.SerializeToString())
    m.graph.node[0].output[0] = "Y1d"
    m.graph.initializer.append(numpy_helper.from_array(np.array([1, -1], np.int64), "row"))
    m.graph.node.append(helper.make_node("Reshape", ["Y1d", "row"], ["Y"]))
    return m


def build_maps():
    """A map input is a dict for onnxruntime and two inputs X.keys, X.values for onnx-aotc. onnxruntime's Python API
    only takes maps with float values; the other value types are checked against the ONNX reference."""
    r = rng(5)
    x = r.random(size=(4, 3)).astype(np.float32)
    case("zip_map_int64_and_strings", zip_map_model(x, dict(classlabels_int64s=[7, -2, 1 << 40]),
                                                    dict(classlabels_strings=["setosa", "versicolor", ""])), {"X": x})
    case("zip_map_strings_1d", zip_map_model(x[0], dict(classlabels_strings=["b", "a", "c"])), {"X": x[0]})
    words = {"red": 1.5, "blue": -2.0, "tall": 0.25, "zzz": 9.0}
    case("dict_vectorizer_string_float", map_model("DictVectorizer", TensorProto.STRING, TensorProto.FLOAT,
                                                   string_vocabulary=["tall", "red", "green", "blue"]), {"X": words})
    # onnxruntime's Python API cannot pass these maps: the reference is the oracle.
    for value, vocabulary in ((TensorProto.DOUBLE, ["tall", "red", "green"]), (TensorProto.INT64, ["x", "red", "blue"])):
        m = map_model("DictVectorizer", TensorProto.STRING, value, string_vocabulary=vocabulary)
        t = helper.tensor_dtype_to_np_dtype(value).type
        case(f"dict_vectorizer_string_{t.__name__}", m, {"X": {k: t(v * 4) for k, v in words.items()}},
             reference=True, oracle=reshaped_to_row(m))
    ints = {5: 0.5, 1 << 40: -3.0, -1: 2.0}
    case("dict_vectorizer_int64_float", map_model("DictVectorizer", TensorProto.INT64, TensorProto.FLOAT,
                                                  int64_vocabulary=[-1, 3, 5, 1 << 40, 0]), {"X": ints})
    # Every vocabulary key present: for a missing one onnxruntime writes "" (the kernel too), the reference "0".
    m = map_model("DictVectorizer", TensorProto.INT64, TensorProto.STRING, int64_vocabulary=[9, 5, 2])
    case("dict_vectorizer_int64_string", m, {"X": {5: "five", 2: "", 7: "seven", 9: "nine"}}, reference=True,
         oracle=reshaped_to_row(m))
    # All cast_to and map_form combinations, one output each.
    variants = {f"{cast.lower()}_{form.lower()}": dict(cast_to=cast, map_form=form, max_map=7)
                for cast in ("TO_FLOAT", "TO_INT64", "TO_STRING") for form in ("DENSE", "SPARSE")}
    case("cast_map_floats", map_model("CastMap", TensorProto.INT64, TensorProto.FLOAT, variants=variants),
         {"X": {4: 1.5, 0: -2.25, 2: 3e9, 9: 0.1, 1: -0.75}})  # 9 lies beyond max_map

    # map(int64, string): onnxruntime has the kernel but its Python API cannot pass the map, and the reference has
    # no CastMap; the oracle restates onnxruntime's cast_map.cc (std::stof, std::stoll, pad "0.f") for numbers
    # that its prefix parsing and Cast's whole-string parsing read alike.
    def cast_map_oracle(inputs):
        m = dict(sorted(inputs["X"].items()))
        outputs = []
        for a in variants.values():
            convert, pad, dtype = {"TO_FLOAT": (float, 0.0, np.float32), "TO_INT64": (lambda v: int(float(v)), 0, np.int64),
                                   "TO_STRING": (str, "0.f", object)}[a["cast_to"]]
            row = ([convert(v) for v in m.values()] if a["map_form"] == "DENSE"
                   else [convert(m[k]) if k in m else pad for k in range(a["max_map"])])
            outputs.append(np.array([row], dtype))
        return outputs

    case("cast_map_strings", map_model("CastMap", TensorProto.INT64, TensorProto.STRING, variants=variants),
         {"X": {3: "1.5", 0: " -2.25", 5: "12", 1: "7", 8: "0.125"}}, reference=cast_map_oracle)


def map_lengths(inputs):
    """--sequence-length for each map input: its number of pairs."""
    return [a for name, v in inputs.items() if isinstance(v, dict) for a in ("--sequence-length", f"{name}={len(v)}")]


def map_arrays(m, inputs):
    """The inputs as onnx-aotc takes them: a map X becomes X.keys and X.values, of the model's declared types."""
    arrays = {}
    declared = {i.name: i.type for i in m.graph.input}
    for name, value in inputs.items():
        if not isinstance(value, dict):
            arrays[name] = value
            continue
        map_type = declared[name].map_type
        for part, items, elem in (("keys", value.keys(), map_type.key_type),
                                  ("values", value.values(), map_type.value_type.tensor_type.elem_type)):
            arrays[f"{name}.{part}"] = np.array(list(items), dtype=helper.tensor_dtype_to_np_dtype(elem))
    return arrays


def run_aotc(compiler, m, inputs, work, provider=None):
    path = os.path.join(work, "model.onnx")
    onnx.save(m, path)
    args = [compiler, "run", path, "--output-dir", os.path.join(work, "out")]
    args += ["--provider", provider] if provider else []
    args += map_lengths(inputs)
    for name, value in map_arrays(m, inputs).items():
        if value.dtype == object:  # strings travel as TensorProto files
            path = os.path.join(work, f"{name}.pb")
            with open(path, "wb") as f:
                f.write(numpy_helper.from_array(value).SerializeToString())
        else:
            path = os.path.join(work, f"{name}.npy")
            np.save(path, value)
        args += ["--input", f"{name}={path}"]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout + proc.stderr)
    def load(name):
        pb = os.path.join(work, "out", f"{name}.pb")
        if os.path.exists(pb):
            with open(pb, "rb") as f:
                return numpy_helper.to_array(TensorProto.FromString(f.read()))
        npy = os.path.join(work, "out", f"{name}.npy")
        return np.load(npy) if os.path.exists(npy) else None

    outputs = []
    for o in m.graph.output:
        keys = load(f"{o.name}.keys")  # a sequence of maps: its [N, C] values and C keys
        outputs.append(load(o.name) if keys is None else (keys, load(o.name)))
    return outputs


def compare_maps(name, out, exp, val, oracle):
    """ZipMap: onnxruntime's list of N dicts against the keys and the [N, C] values; the same keys exactly (the
    columns follow the class labels; onnxruntime's dicts iterate in sorted order), the values within tolerance."""
    keys, values = val
    want_keys = [sorted(d.keys()) for d in exp]
    if values.shape != (len(exp), len(keys)) or any(k != sorted(keys.tolist()) for k in want_keys):
        print(f"FAIL  {name}: {out} keys {list(keys)} shape {values.shape}, {oracle} {want_keys[:2]}... ({len(exp)} maps)")
        return False
    want = np.array([[d[k] for k in keys] for d in exp], np.float32)
    if not np.allclose(values, want, rtol=1e-3, atol=1e-5, equal_nan=True):
        print(f"FAIL  {name}: {out} vs {oracle}\n  got      {values.ravel()[:24]}\n  expected {want.ravel()[:24]}")
        return False
    return True


def check_warnings(compiler, m, inputs, work, include_dir):
    """Compiles the generated sources with -Wall -Wextra -Werror; returns the diagnostics or ''."""
    path = os.path.join(work, "model.onnx")
    onnx.save(m, path)
    out = os.path.join(work, "gen")
    proc = subprocess.run([compiler, "compile", path, "-o", out, "--name", "model"] + map_lengths(inputs),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return proc.stdout + proc.stderr
    for f in sorted(os.listdir(out)):
        if f.endswith(".cpp"):
            proc = subprocess.run(["c++", "-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror", "-I", include_dir, "-I", out,
                                   "-c", os.path.join(out, f), "-o", os.path.join(work, f + ".o")],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                return proc.stdout + proc.stderr
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--filter", default="")
    ap.add_argument("--warnings", action="store_true",
                    help="instead of running, compile each model's generated code with -Wall -Wextra -Werror")
    ap.add_argument("--provider-parity", metavar="PROVIDER",
                    help="instead of comparing with onnxruntime, compare the tree cases and a sweep of tree ensembles "
                         "run with --provider PROVIDER against --provider ref, bit for bit")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()

    build_simple()
    build_linear()
    build_trees()
    build_strings()
    build_maps()
    if args.provider_parity:
        build_tree_parity()
        return provider_parity(args.compiler, args.provider_parity, args.filter, args.v)
    failures = 0
    if args.warnings:
        include_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "runtime_lib", "include")
        for entry in CASES:
            if args.filter not in entry[0]:
                continue
            with tempfile.TemporaryDirectory() as work:
                diag = check_warnings(args.compiler, entry[1], entry[2], work, include_dir)
            if diag:
                print(f"FAIL  {entry[0]}: warnings\n{diag[:3000]}")
                failures += 1
            elif args.v:
                print(f"pass  {entry[0]}")
        print(f"{failures} failure(s)")
        return 1 if failures else 0
    import onnxruntime as ort
    for name, m, inputs, oracle_model, reference in CASES:
        if args.filter not in name:
            continue
        oracle = "onnxruntime"
        try:
            if callable(reference):  # neither onnxruntime's Python API nor the reference can run it
                expected, oracle = reference(inputs), "onnxruntime's rules in Python"
            elif reference:
                raise RuntimeError("the reference implementation is the oracle for this case")
            else:
                sess = ort.InferenceSession(oracle_model.SerializeToString(), providers=["CPUExecutionProvider"])
                expected = sess.run(None, inputs)
        except Exception as e:  # noqa: BLE001
            # Types onnxruntime has no kernel for: the ONNX reference implementation is the oracle.
            try:
                from onnx.reference import ReferenceEvaluator
                expected = ReferenceEvaluator(oracle_model if reference else m).run(None, inputs)
                oracle = "onnx reference"
            except Exception as e2:  # noqa: BLE001
                print(f"skip  {name}: onnxruntime ({str(e).splitlines()[0][:100]}) and the reference "
                      f"({str(e2).splitlines()[0][:100]}) cannot run it")
                continue
        with tempfile.TemporaryDirectory() as work:
            try:
                got = run_aotc(args.compiler, m, inputs, work)
            except RuntimeError as e:
                print(f"FAIL  {name}: onnx-aotc failed\n{e}")
                failures += 1
                continue
        ok = True
        for out, exp, val in zip(m.graph.output, expected, got):
            if isinstance(val, tuple):
                ok &= compare_maps(name, out.name, exp, val, oracle)
                continue
            exp = np.asarray(exp)
            if exp.shape != val.shape:
                print(f"FAIL  {name}: {out.name} shape {val.shape}, onnxruntime {exp.shape}")
                ok = False
            elif exp.dtype.kind in "iuOU" or val.dtype.kind in "OU":
                same_kind = (exp.dtype.kind in "OU") == (val.dtype.kind in "OU")
                if not same_kind or not np.array_equal(exp, val):
                    print(f"FAIL  {name}: {out.name} vs {oracle}\n  got      {val.ravel()[:24]}\n  expected {exp.ravel()[:24]}")
                    ok = False
            elif not np.allclose(val, exp, rtol=1e-3, atol=1e-5, equal_nan=True):
                print(f"FAIL  {name}: {out.name} vs {oracle}\n  got      {val.ravel()[:24]}\n  expected {exp.ravel()[:24]}")
                ok = False
        failures += not ok
        if ok and args.v:
            print(f"pass  {name} ({oracle})")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
