#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the small ONNX files under test/data with onnx's helper API (no torch needed).
Run: python test/data/make_test_models.py [--out-dir test/data]. The outputs are committed."""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(model, out_dir, name):
    onnx.checker.check_model(model) if not name.startswith("bad_") and "unsupported" not in name else None
    path = os.path.join(out_dir, name)
    onnx.save(model, path)
    print(path)


def mlp(rng):
    """Two-layer MLP with a symbolic batch dimension: Gemm, Relu, Gemm, Softmax."""
    w1 = numpy_helper.from_array(rng.standard_normal((16, 32)).astype(np.float32), "fc1.weight")
    b1 = numpy_helper.from_array(rng.standard_normal(32).astype(np.float32), "fc1.bias")
    w2 = numpy_helper.from_array(rng.standard_normal((32, 4)).astype(np.float32), "fc2.weight")
    b2 = numpy_helper.from_array(rng.standard_normal(4).astype(np.float32), "fc2.bias")
    nodes = [
        helper.make_node("Gemm", ["x", "fc1.weight", "fc1.bias"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["h_relu"], name="relu"),
        helper.make_node("Gemm", ["h_relu", "fc2.weight", "fc2.bias"], ["logits"], name="fc2"),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 16])],
                              [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 4])], [w1, b1, w2, b2])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def two_unsupported():
    """A valid graph with two ops no ONNX compiler knows, in a custom domain."""
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="first_relu"),
        helper.make_node("Frobnicate", ["a"], ["b"], name="frob_node", domain="com.example"),
        helper.make_node("Twiddle", ["b"], ["y"], name="twiddle_node", domain="com.example", knob=3),
    ]
    graph = helper.make_graph(nodes, "two_unsupported", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.example", 1)])


def hostile_names(rng):
    """Tensor and node names that are C++ keywords, collide after sanitizing, or hold quotes, */ and newlines."""
    w = numpy_helper.from_array(rng.standard_normal((3, 3)).astype(np.float32), "class")
    names = ["int", "a-b", "a_b", 'quote"\\', "end*/comment\nnewline", "9lives", "__reserved"]
    nodes = [
        helper.make_node("MatMul", [names[0], "class"], [names[1]], name="node */ with\nnewline"),
        helper.make_node("Add", [names[1], names[2]], [names[3]], name='quote"node'),
        helper.make_node("Relu", [names[3]], [names[4]], name="r"),
        helper.make_node("Sigmoid", [names[4]], [names[5]], name="s"),
        helper.make_node("Identity", [names[5]], [names[6]], name="i"),
    ]
    inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 3]) for n in (names[0], names[2])]
    outputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 3]) for n in (names[6], names[3])]
    graph = helper.make_graph(nodes, "hostile */ graph", inputs, outputs, [w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def pytorch_like_reshape(rng):
    """The Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain PyTorch exports for x.view(x.size(0), -1)."""
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        helper.make_node("Shape", ["c"], ["s"], name="shape"),
        helper.make_node("Constant", [], ["zero"], name="zero", value=numpy_helper.from_array(np.array(0, np.int64))),
        helper.make_node("Gather", ["s", "zero"], ["n"], name="gather", axis=0),
        helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"], name="unsqueeze"),
        helper.make_node("Concat", ["n1", "minus_one"], ["target"], name="concat", axis=0),
        helper.make_node("Reshape", ["c", "target"], ["flat"], name="reshape"),
        helper.make_node("MatMul", ["flat", "fc"], ["y"], name="fc"),
    ]
    inits = [
        numpy_helper.from_array(rng.standard_normal((4, 2, 3, 3)).astype(np.float32), "w"),
        numpy_helper.from_array(np.array([0], np.int64), "axes0"),
        numpy_helper.from_array(np.array([-1], np.int64), "minus_one"),
        numpy_helper.from_array(rng.standard_normal((4 * 5 * 5, 3)).astype(np.float32), "fc"),
    ]
    graph = helper.make_graph(nodes, "reshape_chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def local_function():
    """A model-local function (ONNX FunctionProto) that the frontend must inline."""
    body = [helper.make_node("Mul", ["X", "X"], ["sq"]), helper.make_node("Add", ["sq", "X"], ["Y"])]
    fn = helper.make_function("local", "SquarePlus", ["X"], ["Y"], body, [helper.make_opsetid("", 17)])
    nodes = [helper.make_node("SquarePlus", ["x"], ["t"], domain="local", name="call1"),
             helper.make_node("SquarePlus", ["t"], ["y"], domain="local", name="call2")]
    graph = helper.make_graph(nodes, "functions", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("local", 1)],
                             functions=[fn])


def control_flow():
    """If on a runtime condition, a Loop whose carried values swap (Fibonacci), a Scan in reverse with an If
    in its body; bodies read outer values."""
    f = TensorProto.FLOAT
    vi = helper.make_tensor_value_info

    def branch(name, op, inputs):
        return helper.make_graph([helper.make_node(op, inputs, [name + "_out"])], name, [], [vi(name + "_out", f, [4])])

    loop_body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
         helper.make_node("Identity", ["b_in"], ["a_out"]),
         helper.make_node("Add", ["a_in", "b_in"], ["b_out"]),
         helper.make_node("Mul", ["a_in", "x"], ["row"])],
        "loop_body",
        [vi("i", TensorProto.INT64, []), vi("cond_in", TensorProto.BOOL, []), vi("a_in", f, [4]), vi("b_in", f, [4])],
        [vi("cond_out", TensorProto.BOOL, []), vi("a_out", f, [4]), vi("b_out", f, [4]), vi("row", f, [4])])
    scan_body = helper.make_graph(
        [helper.make_node("ReduceSum", ["slice"], ["slice_sum"], keepdims=0),
         helper.make_node("Greater", ["slice_sum", "zero"], ["positive"]),
         helper.make_node("If", ["positive"], ["picked"], then_branch=branch("keep", "Relu", ["slice"]),
                          else_branch=branch("flip", "Neg", ["slice"])),
         helper.make_node("Add", ["s_in", "picked"], ["s_out"]),
         helper.make_node("Identity", ["s_out"], ["partial"])],
        "scan_body", [vi("s_in", f, [4]), vi("slice", f, [4])], [vi("s_out", f, [4]), vi("partial", f, [4])])
    nodes = [
        helper.make_node("ReduceSum", ["x"], ["x_sum"], keepdims=0),
        helper.make_node("Greater", ["x_sum", "zero"], ["x_positive"]),
        helper.make_node("If", ["x_positive"], ["t"], name="pick", then_branch=branch("add", "Add", ["x", "y"]),
                         else_branch=branch("mul", "Mul", ["x", "y"])),
        helper.make_node("Loop", ["trips", "", "t", "y"], ["a", "b", "rows"], name="fib", body=loop_body),
        helper.make_node("Scan", ["init", "rows"], ["s", "partials"], name="accumulate", body=scan_body, num_scan_inputs=1,
                         scan_input_directions=[1]),
    ]
    inits = [numpy_helper.from_array(np.array(3, np.int64), "trips"), numpy_helper.from_array(np.array(0, np.float32), "zero"),
             numpy_helper.from_array(np.zeros(4, np.float32), "init")]
    graph = helper.make_graph(nodes, "control_flow", [vi("x", f, [4]), vi("y", f, [4])],
                              [vi("t", f, [4]), vi("a", f, [4]), vi("b", f, [4]), vi("rows", f, [3, 4]), vi("s", f, [4]),
                               vi("partials", f, [3, 4])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def data_dependent():
    """Outputs whose shapes depend on input values: NonZero of a comparison, Unique, Compress."""
    f, i64 = TensorProto.FLOAT, TensorProto.INT64
    vi = helper.make_tensor_value_info
    nodes = [helper.make_node("Greater", ["x", "zero"], ["positive"]),
             helper.make_node("NonZero", ["positive"], ["positions"], name="nz"),
             helper.make_node("Round", ["x"], ["rounded"]),
             helper.make_node("Unique", ["rounded"], ["values", "first", "inverse", "counts"], name="uniq"),
             helper.make_node("Compress", ["x", "positive"], ["kept"], name="keep")]
    graph = helper.make_graph(nodes, "data_dependent", [vi("x", f, [8])],
                              [vi("positions", i64, [1, None]), vi("values", f, [None]), vi("first", i64, [None]),
                               vi("inverse", i64, [8]), vi("counts", i64, [None]), vi("kept", f, [None])],
                              [numpy_helper.from_array(np.array(0, np.float32), "zero")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def data_dependent_consumer():
    """A data-dependent shape feeding another op, which the compiler rejects (only outputs may have one)."""
    vi = helper.make_tensor_value_info
    nodes = [helper.make_node("NonZero", ["x"], ["idx"], name="nz"),
             helper.make_node("Transpose", ["idx"], ["idx_t"], name="flip")]
    graph = helper.make_graph(nodes, "data_dependent_consumer", [vi("x", TensorProto.FLOAT, [2, 3])],
                              [vi("idx_t", TensorProto.INT64, [None, 2])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def strings():
    """String tensors: ops that create strings (StringConcat, StringNormalizer, Cast to string), views of the
    input (StringSplit, Gather, Reshape, Transpose, Concat, LabelEncoder to strings) and consumers (Equal,
    RegexFullMatch, LabelEncoder from strings, Cast from string)."""
    s, f, i64, b = TensorProto.STRING, TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL
    vi = helper.make_tensor_value_info
    consts = [helper.make_tensor("suffix", s, [1], [b"!"]),
              helper.make_tensor("cat", s, [], [b"cat"]),
              helper.make_tensor("pick", i64, [2], [4, 0]),
              helper.make_tensor("column", i64, [2], [5, 1])]
    ml = "ai.onnx.ml"
    nodes = [helper.make_node("StringConcat", ["words", "suffix"], ["joined"]),
             helper.make_node("StringNormalizer", ["words"], ["upper"], case_change_action="UPPER",
                              locale="C.UTF-8"),
             helper.make_node("StringNormalizer", ["words"], ["filtered"], case_change_action="LOWER",
                              stopwords=["the"], locale="C.UTF-8"),
             helper.make_node("RegexFullMatch", ["words"], ["is_word"], pattern=r"[a-z]+(-[a-z]+)*"),
             helper.make_node("Equal", ["words", "cat"], ["is_cat"]),
             helper.make_node("StringSplit", ["words"], ["parts", "counts"], delimiter="-"),
             helper.make_node("Cast", ["nums"], ["num_text"], to=s),
             helper.make_node("Cast", ["num_text"], ["reparsed"], to=TensorProto.DOUBLE),
             helper.make_node("LabelEncoder", ["words"], ["ids"], domain=ml, keys_strings=["cat", "dog", "the"],
                              values_int64s=[1, 2, 3], default_int64=-1),
             helper.make_node("LabelEncoder", ["ids"], ["names"], domain=ml, keys_int64s=[1, 2, 3],
                              values_strings=["CAT", "DOG", "THE"], default_string="?"),
             helper.make_node("Gather", ["joined", "pick"], ["picked"]),
             helper.make_node("Concat", ["picked", "upper"], ["both"], axis=0),
             helper.make_node("Reshape", ["joined", "column"], ["as_column"]),
             helper.make_node("Transpose", ["as_column"], ["as_row"])]
    outputs = [vi("joined", s, [5]), vi("upper", s, [5]), vi("filtered", s, [None]), vi("is_word", b, [5]),
               vi("is_cat", b, [5]), vi("parts", s, [5, None]), vi("counts", i64, [5]), vi("num_text", s, [4]),
               vi("reparsed", TensorProto.DOUBLE, [4]), vi("ids", i64, [5]), vi("names", s, [5]), vi("both", s, [7]),
               vi("as_row", s, [1, 5])]
    graph = helper.make_graph(nodes, "strings", [vi("words", s, [5]), vi("nums", f, [4])], outputs, consts)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20), helper.make_opsetid(ml, 4)], ir_version=9)


def strings_read_only():
    """Only reads strings (Equal, RegexFullMatch): no storage, so no length limit on the inputs."""
    s = TensorProto.STRING
    vi = helper.make_tensor_value_info
    nodes = [helper.make_node("Equal", ["words", "key"], ["same"]),
             helper.make_node("RegexFullMatch", ["words"], ["matches"], pattern=r"\w+@\w+\.com")]
    graph = helper.make_graph(nodes, "strings_read_only", [vi("words", s, [3])],
                              [vi("same", TensorProto.BOOL, [3]), vi("matches", TensorProto.BOOL, [3])],
                              [helper.make_tensor("key", s, [], [b"x@y.com"])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], ir_version=9)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    save(mlp(rng), args.out_dir, "mlp_batch.onnx")
    save(two_unsupported(), args.out_dir, "two_unsupported.onnx")
    save(hostile_names(rng), args.out_dir, "hostile_names.onnx")
    save(pytorch_like_reshape(rng), args.out_dir, "reshape_chain.onnx")
    save(local_function(), args.out_dir, "local_function.onnx")
    save(control_flow(), args.out_dir, "control_flow.onnx")
    save(data_dependent(), args.out_dir, "data_dependent.onnx")
    save(data_dependent_consumer(), args.out_dir, "data_dependent_consumer.onnx")
    save(strings(), args.out_dir, "strings.onnx")
    save(strings_read_only(), args.out_dir, "strings_read_only.onnx")


if __name__ == "__main__":
    main()
