#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the malformed-model corpus: hostile or broken .onnx files (plus the external-data files, symlinks,
hard links and sparse >2 GiB files some of them need) into OUT_DIR. Deterministic (fixed seeds).
Nothing here is committed: run_corpus.py generates the corpus into the build directory at test time.

Each case is a function `case_<name>(out)` that writes `<name>.onnx` (and any side files) into `out`;
the expected exit code and message of every case live in run_corpus.py's table.
Run: python3 test/robustness/make_corpus.py OUT_DIR"""
import os
import random
import sys

import numpy as np
from onnx import AttributeProto, TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 17)]
F = TensorProto.FLOAT
I64 = TensorProto.INT64


def vi(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, inits=(), name="g", opset=None, **kw):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    return helper.make_model(graph, opset_imports=opset or OPSET, ir_version=8, **kw)


def relu_model(**kw):
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [vi("x", [2, 3])], [vi("y", [2, 3])], **kw)


def write(out, name, m):
    data = m if isinstance(m, (bytes, bytearray)) else m.SerializeToString()
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(data)


def f32(name, shape, seed=0):
    return numpy_helper.from_array(np.random.default_rng(seed).standard_normal(shape).astype(np.float32), name)


def add_const(name, t):
    """Relu(x) + initializer `t` (broadcast to [2,3])."""
    return model([helper.make_node("Add", ["x", t.name], ["y"], name="add")], [vi("x", [2, 3])], [vi("y", [2, 3])], [t])


# ---- protobuf level ------------------------------------------------------------------------------------------

def case_empty_file(out): write(out, "empty_file", b"")
def case_garbage_bytes(out): write(out, "garbage_bytes", random.Random(1).randbytes(4096))
def case_text_file(out): write(out, "text_file", b"ir_version: 8\ngraph { name: 'not binary' }\n")
def case_truncated_half(out): write(out, "truncated_half", add_const("w", f32("w", [2, 3])).SerializeToString()[:60])
def case_truncated_last_byte(out): write(out, "truncated_last_byte", relu_model().SerializeToString()[:-1])


def case_wrong_wire_type(out):
    # Field 7 (graph) announced as a varint instead of a length-delimited message.
    write(out, "wrong_wire_type", b"\x08\x08" + b"\x38\x05")


def case_length_overflow(out):
    # graph field whose length prefix claims 2^31 - 1 bytes.
    write(out, "length_overflow", b"\x08\x08" + b"\x3a\xff\xff\xff\xff\x07" + b"\x00" * 16)


def case_not_a_model(out):
    # A serialized TensorProto: valid protobuf, but its fields mean other things in a ModelProto.
    write(out, "not_a_model", f32("t", [4, 4]).SerializeToString())


def case_no_graph(out):
    m = relu_model()
    m.ClearField("graph")
    write(out, "no_graph", m)


def case_ir_version_2(out):
    m = relu_model()
    m.ir_version = 2
    write(out, "ir_version_2", m)


def varint(v):
    out = bytearray()
    while True:
        b, v = v & 0x7F, v >> 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def field(number, payload):
    """A length-delimited protobuf field (strings and embedded messages)."""
    payload = payload.encode() if isinstance(payload, str) else payload
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def nested_if(depth):
    """`depth` If nodes nested inside each other's then_branch; the innermost branch is Identity(x).
    Encoded by hand: the Python protobuf runtime itself refuses to build messages nested this deep."""
    leaf = helper.make_graph([helper.make_node("Identity", ["x"], ["o"], name="leaf")], "leaf", [], [vi("o", [2, 3])])
    leaf_bytes = leaf.SerializeToString()
    out_info = vi("o", [2, 3]).SerializeToString()
    graph_type = varint(20 << 3) + varint(AttributeProto.GRAPH)

    def if_node(level, then_bytes):
        attrs = field(5, field(1, "then_branch") + field(6, then_bytes) + graph_type)
        attrs += field(5, field(1, "else_branch") + field(6, leaf_bytes) + graph_type)
        return field(1, "c") + field(2, "o") + field(3, f"if{level}") + field(4, "If") + attrs

    body = leaf_bytes
    for level in range(depth - 1):
        body = field(1, if_node(level, body)) + field(2, f"level{level}") + field(12, out_info)
    top = model([], [vi("c", [], TensorProto.BOOL), vi("x", [2, 3])], [vi("o", [2, 3])])
    # A second occurrence of ModelProto.graph merges into the first: it adds the outermost If node.
    return top.SerializeToString() + field(7, field(1, if_node(depth - 1, body)))


def case_protobuf_nesting_200(out): write(out, "protobuf_nesting_200", nested_if(70))   # ~210 message levels
def case_subgraph_depth_16(out): write(out, "subgraph_depth_16", nested_if(16))
def case_subgraph_depth_17(out): write(out, "subgraph_depth_17", nested_if(17))


def case_file_over_2gib(out):
    # A sparse file: only the first bytes are real. Never committed; made here at test time.
    path = os.path.join(out, "file_over_2gib.onnx")
    with open(path, "wb") as f:
        f.write(relu_model().SerializeToString())
        f.truncate(2**31)


def case_model_is_directory(out): os.makedirs(os.path.join(out, "model_is_directory.onnx"), exist_ok=True)

# ---- model structure -----------------------------------------------------------------------------------------


def case_opset_twice(out):
    write(out, "opset_twice", relu_model(opset=[helper.make_opsetid("", 17), helper.make_opsetid("", 13)]))


def case_opset_twice_same_version(out):
    # Valid: skl2onnx writes the default domain's import twice with one version.
    write(out, "opset_twice_same_version", relu_model(opset=[helper.make_opsetid("", 17), helper.make_opsetid("", 17)]))


def case_domain_not_imported(out):
    n = helper.make_node("Relu", ["x"], ["y"], name="custom_relu", domain="com.example")
    write(out, "domain_not_imported", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_empty_op_type(out):
    n = helper.make_node("", ["x"], ["y"], name="nameless_op")
    write(out, "empty_op_type", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_cycle(out):
    nodes = [helper.make_node("Relu", ["b"], ["a"], name="first"), helper.make_node("Relu", ["a"], ["b"], name="second")]
    write(out, "cycle", model(nodes, [vi("x", [2, 3])], [vi("b", [2, 3])]))


def case_self_loop(out):
    write(out, "self_loop", model([helper.make_node("Add", ["x", "y"], ["y"], name="selfie")], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_undefined_input(out):
    write(out, "undefined_input", model([helper.make_node("Relu", ["ghost"], ["y"], name="haunted")], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_duplicate_output(out):
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="one"), helper.make_node("Sigmoid", ["x"], ["y"], name="two")]
    write(out, "duplicate_output", model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_duplicate_initializer(out):
    m = add_const("w", f32("w", [2, 3]))
    m.graph.initializer.append(f32("w", [2, 3], seed=1))
    write(out, "duplicate_initializer", m)


def case_output_shadows_initializer(out):
    m = model([helper.make_node("Relu", ["x"], ["w"], name="shadow")], [vi("x", [2, 3])], [vi("w", [2, 3])], [f32("w", [2, 3])])
    write(out, "output_shadows_initializer", m)


def case_duplicate_input(out):
    write(out, "duplicate_input", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2, 3]), vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_empty_initializer_name(out): write(out, "empty_initializer_name", add_const("", f32("", [2, 3])))


def case_empty_input_name(out):
    write(out, "empty_input_name", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2, 3]), vi("", [2, 3])], [vi("y", [2, 3])]))


def case_empty_output_name(out):
    write(out, "empty_output_name", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2, 3])], [vi("", [2, 3])]))


def case_no_outputs(out):
    # Found by fuzz_graph: a graph without outputs crashed the emitter (std::bad_alloc).
    write(out, "no_outputs", model([], [vi("x", [])], [], name="hollow"))


def case_output_not_produced(out):
    write(out, "output_not_produced", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2, 3])], [vi("z", [2, 3])]))


def case_duplicate_function(out):
    fn = helper.make_function("local", "f", ["a"], ["b"], [helper.make_node("Relu", ["a"], ["b"])], OPSET)
    m = model([helper.make_node("f", ["x"], ["y"], name="call", domain="local")], [vi("x", [2, 3])], [vi("y", [2, 3])],
              opset=OPSET + [helper.make_opsetid("local", 1)], functions=[fn, fn])
    write(out, "duplicate_function", m)


def function_chain(n, recursive=False):
    fns = []
    for i in range(n):
        callee = helper.make_node(f"f{i + 1}", ["a"], ["b"], domain="local") if i + 1 < n else helper.make_node("Relu", ["a"], ["b"])
        if recursive and i + 1 == n:
            callee = helper.make_node("f0", ["a"], ["b"], domain="local")
        fns.append(helper.make_function("local", f"f{i}", ["a"], ["b"], [callee], OPSET + [helper.make_opsetid("local", 1)]))
    return model([helper.make_node("f0", ["x"], ["y"], name="call", domain="local")], [vi("x", [2, 3])], [vi("y", [2, 3])],
                 opset=OPSET + [helper.make_opsetid("local", 1)], functions=fns)


def case_function_recursive(out): write(out, "function_recursive", function_chain(1, recursive=True))
def case_function_mutual_recursion(out): write(out, "function_mutual_recursion", function_chain(2, recursive=True))
def case_function_depth_64(out): write(out, "function_depth_64", function_chain(64))
def case_function_depth_65(out): write(out, "function_depth_65", function_chain(65))


def fork(levels, extra_node=False):
    """f0 calls f1 twice, f1 calls f2 twice, ...: 2^levels Relu nodes once inlined (+1 Relu if extra_node)."""
    local = OPSET + [helper.make_opsetid("local", 1)]
    fns = []
    for i in range(levels):
        body = [helper.make_node(f"f{i + 1}", ["a"], ["t"], domain="local"), helper.make_node(f"f{i + 1}", ["t"], ["b"], domain="local")]
        fns.append(helper.make_function("local", f"f{i}", ["a"], ["b"], body, local))
    fns.append(helper.make_function("local", f"f{levels}", ["a"], ["b"], [helper.make_node("Relu", ["a"], ["b"])], OPSET))
    # On a constant: the nodes fold away, so the test times loading and folding, not memory planning.
    nodes = [helper.make_node("f0", ["c"], ["y"], name="bomb", domain="local")]
    if extra_node:
        nodes.append(helper.make_node("Relu", ["y"], ["z"], name="one_too_many"))
    out = "z" if extra_node else "y"
    c = numpy_helper.from_array(np.array([1.5], np.float32), "c")
    return model(nodes, [], [vi(out, [1])], [c], opset=local, functions=fns)


def case_function_fork_bomb(out): write(out, "function_fork_bomb", fork(40))        # 2^40 nodes if nothing stopped it
def case_nodes_at_limit(out): write(out, "nodes_at_limit", fork(17))                 # 2^17 nodes: the limit
def case_nodes_over_limit(out): write(out, "nodes_over_limit", fork(17, True))       # 2^17 + 1


def case_ref_attr_outside_function(out):
    n = helper.make_node("Softmax", ["x"], ["y"], name="sm")
    a = AttributeProto(name="axis", ref_attr_name="caller_axis", type=AttributeProto.INT)
    n.attribute.append(a)
    write(out, "ref_attr_outside_function", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_attribute_twice(out):
    n = helper.make_node("Softmax", ["x"], ["y"], name="sm", axis=1)
    n.attribute.append(helper.make_attribute("axis", 0))
    write(out, "attribute_twice", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_attribute_no_type(out):
    n = helper.make_node("Softmax", ["x"], ["y"], name="sm")
    n.attribute.append(AttributeProto(name="axis"))
    write(out, "attribute_no_type", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_constant_two_outputs(out):
    n = helper.make_node("Constant", [], ["c", "d"], name="const2", value=f32("v", [2, 3]))
    write(out, "constant_two_outputs", model([n, helper.make_node("Add", ["x", "c"], ["y"], name="a")], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_constant_no_value(out):
    n = helper.make_node("Constant", [], ["c"], name="const0")
    write(out, "constant_no_value", model([n, helper.make_node("Add", ["x", "c"], ["y"], name="a")], [vi("x", [2, 3])], [vi("y", [2, 3])]))

# ---- element types and data sizes ---------------------------------------------------------------------------


def raw_tensor(name, dims, elem, raw):
    t = TensorProto(name=name, data_type=elem, raw_data=raw)
    t.dims.extend(dims)
    return t


def case_elem_type_out_of_range(out): write(out, "elem_type_out_of_range", add_const("w", raw_tensor("w", [2, 3], 99, b"\0" * 24)))
def case_elem_type_undefined(out): write(out, "elem_type_undefined", add_const("w", raw_tensor("w", [2, 3], 0, b"\0" * 24)))
def case_elem_type_negative(out): write(out, "elem_type_negative", add_const("w", raw_tensor("w", [2, 3], -5, b"\0" * 24)))


def case_input_elem_type_out_of_range(out):
    write(out, "input_elem_type_out_of_range", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2, 3], 77)], [vi("y", [2, 3])]))


def case_input_no_shape(out):
    write(out, "input_no_shape", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [helper.make_tensor_value_info("x", F, None)], [vi("y", [2, 3])]))


def case_input_not_tensor(out):
    x = helper.make_value_info("x", helper.make_sequence_type_proto(helper.make_tensor_type_proto(F, [2, 3])))
    write(out, "input_not_tensor", model([helper.make_node("Identity", ["x"], ["y"], name="i")], [x], [vi("y", [2, 3])]))


def case_input_map(out):
    x = helper.make_value_info("x", helper.make_map_type_proto(I64, helper.make_tensor_type_proto(F, [2])))
    write(out, "input_map", model([helper.make_node("Identity", ["x"], ["y"], name="i")], [x], [vi("y", [2])]))


def case_only_empty_sequence_output(out):
    # Every output is an empty sequence, so the model has no outputs left (found by fuzz_graph).
    s = helper.make_value_info("s", helper.make_sequence_type_proto(helper.make_tensor_type_proto(F, None)))
    write(out, "only_empty_sequence_output", model([helper.make_node("SequenceEmpty", [], ["s"], name="e", dtype=F)], [], [s]))


def case_input_symbolic_unbound(out):
    write(out, "input_symbolic_unbound", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", ["batch", 3])], [vi("y", ["batch", 3])]))


def case_raw_data_short(out): write(out, "raw_data_short", add_const("w", raw_tensor("w", [2, 3], F, b"\0" * 20)))
def case_raw_data_long(out): write(out, "raw_data_long", add_const("w", raw_tensor("w", [2, 3], F, b"\0" * 28)))


def case_float_data_count(out):
    t = TensorProto(name="w", data_type=F, dims=[2, 3], float_data=[1.0] * 5)
    write(out, "float_data_count", add_const("w", t))


def case_int4_packed_size(out):
    t = raw_tensor("w", [5], TensorProto.INT4, b"\x12\x34\x56\x78")
    m = model([helper.make_node("Cast", ["w"], ["y"], name="c", to=F)], [], [vi("y", [5])], [t])
    write(out, "int4_packed_size", m)


def case_string_raw_data(out):
    # The spec keeps strings in string_data; raw bytes have no element boundaries.
    t = helper.make_tensor("w", TensorProto.STRING, [1], [b"hi"])
    t.ClearField("string_data")
    t.raw_data = b"hi"
    write(out, "string_raw_data", model([helper.make_node("Identity", ["w"], ["y"], name="i")], [], [vi("y", [1], TensorProto.STRING)], [t]))


def case_string_created_in_loop(out):
    # A Loop body runs many times over the same storage, so it may not create strings.
    S = TensorProto.STRING
    bang = helper.make_tensor("bang", S, [1], [b"!"])
    body = helper.make_graph([helper.make_node("StringConcat", ["words", "bang"], ["acc_out"], name="double"),
                              helper.make_node("Identity", ["cond"], ["cond_out"], name="keep_going")],
                             "body", [vi("i", [], I64), vi("cond", [], TensorProto.BOOL), vi("acc", [2], S)],
                             [vi("cond_out", [], TensorProto.BOOL), vi("acc_out", [2], S)], [bang])
    trips = numpy_helper.from_array(np.array(3, np.int64), "trips")
    n = helper.make_node("Loop", ["trips", "", "words"], ["y"], name="loop", body=body)
    write(out, "string_created_in_loop", model([n], [vi("words", [2], S)], [vi("y", [2], S)], [trips], opset=[helper.make_opsetid("", 20)]))


def case_string_count_mismatch(out):
    t = helper.make_tensor("w", TensorProto.STRING, [3], [b"a", b"b", b"c"])
    t.dims[0] = 2
    write(out, "string_count_mismatch", model([helper.make_node("Identity", ["w"], ["y"], name="i")], [], [vi("y", [2], TensorProto.STRING)], [t]))


def case_negative_dim(out): write(out, "negative_dim", add_const("w", raw_tensor("w", [2, -3], F, b"")))


def case_dims_overflow_int64(out):
    # 2^32 * 2^32 wraps to 0 in int64 arithmetic.
    write(out, "dims_overflow_int64", add_const("w", raw_tensor("w", [2**32, 2**32], F, b"")))


def case_dims_absurd(out): write(out, "dims_absurd", add_const("w", raw_tensor("w", [2**62], F, b"")))


def case_zero_size_initializer(out):
    # Valid: a [0, 3] tensor concatenated onto x.
    t = raw_tensor("w", [0, 3], F, b"")
    write(out, "zero_size_initializer", model([helper.make_node("Concat", ["x", "w"], ["y"], name="cat", axis=0)],
                                              [vi("x", [2, 3])], [vi("y", [2, 3])], [t]))


def case_input_negative_dim(out):
    write(out, "input_negative_dim", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2, -1])], [vi("y", [2, 3])]))


def case_input_dims_overflow(out):
    write(out, "input_dims_overflow", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2**32, 2**32])], [vi("y", [2**32, 2**32])]))


def case_input_elements_at_limit(out):
    write(out, "input_elements_at_limit", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2**20, 2**20])], [vi("y", [2**20, 2**20])]))


def case_input_elements_over_limit(out):
    write(out, "input_elements_over_limit", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", [2**20 + 1, 2**20])], [vi("y", [2**20 + 1, 2**20])]))


def case_input_rank_8(out):
    s = [1] * 8
    write(out, "input_rank_8", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", s)], [vi("y", s)]))


def case_input_rank_9(out):
    s = [1] * 9
    write(out, "input_rank_9", model([helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", s)], [vi("y", s)]))


def case_initializer_rank_9(out): write(out, "initializer_rank_9", add_const("w", raw_tensor("w", [1] * 9, F, b"\0" * 4)))

# ---- sparse initializers -------------------------------------------------------------------------------------


def sparse_model(indices, idx_dims, dims=(2, 3), values=(1.0, 2.0), idx_type=I64):
    vals = helper.make_tensor("w", F, [len(values)], list(values))
    idx = TensorProto(name="w_idx", data_type=idx_type, dims=list(idx_dims))
    (idx.int64_data if idx_type == I64 else idx.int32_data).extend(indices)
    sp = helper.make_sparse_tensor(vals, idx, list(dims))
    g = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"], name="add")], "g", [vi("x", [2, 3])], [vi("y", [2, 3])],
                          sparse_initializer=[sp])
    return helper.make_model(g, opset_imports=OPSET, ir_version=8)


def case_sparse_index_out_of_range(out): write(out, "sparse_index_out_of_range", sparse_model([1, 6], [2]))
def case_sparse_index_negative(out): write(out, "sparse_index_negative", sparse_model([-1, 2], [2]))
def case_sparse_index_huge(out): write(out, "sparse_index_huge", sparse_model([0, 2**62], [2]))
def case_sparse_coo_out_of_range(out): write(out, "sparse_coo_out_of_range", sparse_model([0, 0, 1, 3], [2, 2]))
def case_sparse_indices_count(out): write(out, "sparse_indices_count", sparse_model([0, 1, 2], [3]))
def case_sparse_indices_int32(out): write(out, "sparse_indices_int32", sparse_model([0, 1], [2], idx_type=TensorProto.INT32))

# ---- attributes inconsistent with inputs, constants the compiler folds ---------------------------------------


def case_gemm_trans_mismatch(out):
    n = helper.make_node("Gemm", ["x", "w"], ["y"], name="fc", transB=1)
    write(out, "gemm_trans_mismatch", model([n], [vi("x", [2, 3])], [vi("y", [2, 4])], [f32("w", [3, 4])]))


def case_conv_kernel_shape_mismatch(out):
    n = helper.make_node("Conv", ["x", "w"], ["y"], name="conv", kernel_shape=[5, 5])
    write(out, "conv_kernel_shape_mismatch", model([n], [vi("x", [1, 1, 8, 8])], [vi("y", [1, 2, 6, 6])], [f32("w", [2, 1, 3, 3])]))


def case_conv_channels_mismatch(out):
    n = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
    write(out, "conv_channels_mismatch", model([n], [vi("x", [1, 3, 8, 8])], [vi("y", [1, 2, 6, 6])], [f32("w", [2, 1, 3, 3])]))


def case_split_counts_mismatch(out):
    split = numpy_helper.from_array(np.array([2, 2], np.int64), "split")
    n = helper.make_node("Split", ["x", "split"], ["a", "b"], name="splitter", axis=1)
    write(out, "split_counts_mismatch", model([n], [vi("x", [2, 3])], [vi("a", [2, 2]), vi("b", [2, 1])], [split]))


def case_split_negative_count(out):
    split = numpy_helper.from_array(np.array([4, -1], np.int64), "split")
    n = helper.make_node("Split", ["x", "split"], ["a", "b"], name="splitter", axis=1)
    write(out, "split_negative_count", model([n], [vi("x", [2, 3])], [vi("a", [2, 4]), vi("b", [2, 1])], [split]))


def folded_gather(indices):
    data = f32("data", [4, 3])
    idx = numpy_helper.from_array(np.array(indices, np.int64), "idx")
    nodes = [helper.make_node("Gather", ["data", "idx"], ["g"], name="gather", axis=0),
             helper.make_node("Add", ["x", "g"], ["y"], name="add")]
    return model(nodes, [vi("x", [len(indices), 3])], [vi("y", [len(indices), 3])], [data, idx])


def case_gather_index_out_of_range(out): write(out, "gather_index_out_of_range", folded_gather([1, 4]))
def case_gather_index_negative_out_of_range(out): write(out, "gather_index_negative_out_of_range", folded_gather([0, -5]))
def case_gather_index_int64_min(out): write(out, "gather_index_int64_min", folded_gather([0, -2**63]))


def case_gather_axis_out_of_range(out):
    n = helper.make_node("Gather", ["x", "idx"], ["y"], name="gather", axis=3)
    idx = numpy_helper.from_array(np.array([0], np.int64), "idx")
    write(out, "gather_axis_out_of_range", model([n], [vi("x", [2, 3])], [vi("y", [1, 3])], [idx]))


def case_softmax_axis_out_of_range(out):
    write(out, "softmax_axis_out_of_range", model([helper.make_node("Softmax", ["x"], ["y"], name="sm", axis=7)], [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_concat_axis_int64_min(out):
    n = helper.make_node("Concat", ["x", "x"], ["y"], name="cat", axis=-2**63)
    write(out, "concat_axis_int64_min", model([n], [vi("x", [2, 3])], [vi("y", [4, 3])]))


def case_transpose_perm_invalid(out):
    n = helper.make_node("Transpose", ["x"], ["y"], name="tr", perm=[0, 0])
    write(out, "transpose_perm_invalid", model([n], [vi("x", [2, 3])], [vi("y", [3, 2])]))


def case_reduce_axes_out_of_range(out):
    axes = numpy_helper.from_array(np.array([5], np.int64), "axes")
    n = helper.make_node("ReduceSum", ["x", "axes"], ["y"], name="rsum")
    write(out, "reduce_axes_out_of_range", model([n], [vi("x", [2, 3])], [vi("y", [2, 1])], [axes]))


def case_unsqueeze_axes_duplicate(out):
    axes = numpy_helper.from_array(np.array([0, 0], np.int64), "axes")
    n = helper.make_node("Unsqueeze", ["x", "axes"], ["y"], name="unsq")
    write(out, "unsqueeze_axes_duplicate", model([n], [vi("x", [2, 3])], [vi("y", [1, 1, 2, 3])], [axes]))


def case_reshape_two_minus_one(out):
    shape = numpy_helper.from_array(np.array([-1, -1], np.int64), "shape")
    n = helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape")
    write(out, "reshape_two_minus_one", model([n], [vi("x", [2, 3])], [vi("y", [3, 2])], [shape]))


def case_reshape_wrong_count(out):
    shape = numpy_helper.from_array(np.array([4, 2], np.int64), "shape")
    n = helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape")
    write(out, "reshape_wrong_count", model([n], [vi("x", [2, 3])], [vi("y", [4, 2])], [shape]))


def case_reshape_overflow(out):
    # Found by fuzz_model: the product of the target dims overflowed int64 (UBSan) before the element check.
    shape = numpy_helper.from_array(np.array([2**62, 4], np.int64), "shape")
    n = helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape")
    write(out, "reshape_overflow", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])], [shape]))


def case_expand_huge(out):
    shape = numpy_helper.from_array(np.array([2**31, 2**31, 2, 3], np.int64), "shape")
    n = helper.make_node("Expand", ["x", "shape"], ["y"], name="expand")
    write(out, "expand_huge", model([n], [vi("x", [2, 3])], [vi("y", [2**31, 2**31, 2, 3])], [shape]))


def case_constant_of_shape_huge(out):
    shape = numpy_helper.from_array(np.array([2**40, 2**40], np.int64), "shape")
    n = helper.make_node("ConstantOfShape", ["shape"], ["c"], name="cos")
    nodes = [n, helper.make_node("Add", ["x", "c"], ["y"], name="add")]
    write(out, "constant_of_shape_huge", model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])], [shape]))


def case_range_huge(out):
    consts = [numpy_helper.from_array(np.array(v, np.int64), n) for v, n in ((0, "start"), (2**62, "limit"), (1, "delta"))]
    n = helper.make_node("Range", ["start", "limit", "delta"], ["y"], name="range")
    write(out, "range_huge", model([n], [], [vi("y", [2**62], I64)], consts))


def case_slice_int64_extremes(out):
    # Valid: starts/ends of INT64_MIN/INT64_MAX clamp to the whole axis.
    consts = [numpy_helper.from_array(np.array(v, np.int64), n) for v, n in (([-2**63], "starts"), ([2**63 - 1], "ends"), ([1], "axes"))]
    n = helper.make_node("Slice", ["x", "starts", "ends", "axes"], ["y"], name="slice")
    write(out, "slice_int64_extremes", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])], consts))


def loop_model(trips):
    body = helper.make_graph([helper.make_node("Add", ["acc", "x"], ["acc_out"], name="accumulate"),
                              helper.make_node("Identity", ["cond"], ["cond_out"], name="keep_going")],
                             "body", [vi("i", [], I64), vi("cond", [], TensorProto.BOOL), vi("acc", [2, 3])],
                             [vi("cond_out", [], TensorProto.BOOL), vi("acc_out", [2, 3])])
    m = numpy_helper.from_array(np.array(trips, np.int64), "trips")
    n = helper.make_node("Loop", ["trips", "", "x"], ["y"], name="loop", body=body)
    return model([n], [vi("x", [2, 3])], [vi("y", [2, 3])], [m])


def case_loop_folded_int64_max(out):
    # Every input constant: folding must not try to run 2^63 - 1 iterations at compile time.
    m = loop_model(2**63 - 1)
    m.graph.node[0].input[2] = "c"
    m.graph.initializer.append(f32("c", [2, 3]))
    m.graph.node[0].output[0] = "l"
    m.graph.node.append(helper.make_node("Add", ["x", "l"], ["y"], name="add"))
    write(out, "loop_folded_int64_max", m)


def case_loop_folded_cond_false(out):
    # A constant loop whose condition is false from the start: folds to its initial value.
    m = loop_model(2**63 - 1)
    m.graph.node[0].input[1] = "stop"
    m.graph.node[0].input[2] = "c"
    m.graph.initializer.extend([f32("c", [2, 3]), numpy_helper.from_array(np.array(False), "stop")])
    m.graph.node[0].output[0] = "l"
    m.graph.node.append(helper.make_node("Add", ["x", "l"], ["y"], name="add"))
    write(out, "loop_folded_cond_false", m)


def case_loop_trip_count_int64_max(out): write(out, "loop_trip_count_int64_max", loop_model(2**63 - 1))
def case_loop_trip_count_negative(out): write(out, "loop_trip_count_negative", loop_model(-3))


def case_loop_body_not_graph(out):
    n = helper.make_node("Loop", ["trips", "", "x"], ["y"], name="loop", body=3)
    m = numpy_helper.from_array(np.array(2, np.int64), "trips")
    write(out, "loop_body_not_graph", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])], [m]))


def case_if_branch_outputs_mismatch(out):
    then_b = helper.make_graph([helper.make_node("Relu", ["x"], ["o"], name="t")], "then", [], [vi("o", [2, 3])])
    else_b = helper.make_graph([helper.make_node("Relu", ["x"], ["o"], name="e"), helper.make_node("Relu", ["x"], ["o2"], name="e2")],
                               "else", [], [vi("o", [2, 3]), vi("o2", [2, 3])])
    n = helper.make_node("If", ["c"], ["y"], name="branchy", then_branch=then_b, else_branch=else_b)
    write(out, "if_branch_outputs_mismatch", model([n], [vi("c", [], TensorProto.BOOL), vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_graph_attribute_on_relu(out):
    g = helper.make_graph([], "stray", [], [])
    n = helper.make_node("Relu", ["x"], ["y"], name="r", body=g)
    write(out, "graph_attribute_on_relu", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])]))

# ---- fuzz_graph findings: INT64_MAX attributes, empty and non-finite constants the reference kernels fold --------
INT64_MAX = 2**63 - 1


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def case_depth_to_space_blocksize_int64_max(out):
    n = helper.make_node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=INT64_MAX)
    write(out, "depth_to_space_blocksize_int64_max", model([n], [vi("x", [1, 4, 2, 2])], [vi("y", [1, 1, 4, 4])]))


def case_pad_int64_max(out):
    n = helper.make_node("Pad", ["x", "pads"], ["y"], name="pad")
    write(out, "pad_int64_max", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])], [const("pads", np.array([0, 0, 0, INT64_MAX], np.int64))]))


def case_max_pool_dilated_kernel_overflow(out):
    n = helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2**62 + 1], dilations=[2])
    write(out, "max_pool_dilated_kernel_overflow", model([n], [vi("x", [1, 1, 4])], [vi("y", [1, 1, 1])]))


def case_conv_transpose_strides_int64_max(out):
    n = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="deconv", strides=[INT64_MAX])
    write(out, "conv_transpose_strides_int64_max", model([n], [vi("x", [1, 1, 3])], [vi("y", [1, 1, 4])], [f32("w", [1, 1, 2])]))


def case_resize_scale_huge(out):
    # The output extent was converted from double to int64 without a range check.
    n = helper.make_node("Resize", ["x", "", "scales"], ["y"], name="resize")
    write(out, "resize_scale_huge", model([n], [vi("x", [1, 1, 4])], [vi("y", [1, 1, 4])],
                                          [const("scales", np.array([1, 1, 1e30], np.float32))], opset=[helper.make_opsetid("", 13)]))


def case_split_sum_overflow(out):
    n = helper.make_node("Split", ["x", "split"], ["a", "b"], name="splitter", axis=1)
    write(out, "split_sum_overflow", model([n], [vi("x", [2, 3])], [vi("a", [2, 3]), vi("b", [2, 3])],
                                           [const("split", np.array([INT64_MAX, INT64_MAX], np.int64))]))


def case_split_to_tensors_axis_out_of_range(out):
    # The compiler's own op (what SplitToSequence becomes) can be named by a model: it checks what it is given.
    n = helper.make_node("SplitToTensors", ["x"], ["a", "b"], name="stt", domain="onnx_aotc", axis=5, sizes=[1, 1], keepdims=1)
    write(out, "split_to_tensors_axis_out_of_range", model([n], [vi("x", [2, 3])], [vi("a", [1, 3]), vi("b", [1, 3])],
                                                           opset=OPSET + [helper.make_opsetid("onnx_aotc", 1)]))


def case_quantize_block_size_int64_max(out):
    # Valid: one block along the axis (ceil(3 / INT64_MAX) = 1, computed without overflow).
    n = helper.make_node("QuantizeLinear", ["x", "scale"], ["y"], name="q", axis=1, block_size=INT64_MAX)
    write(out, "quantize_block_size_int64_max", model([n], [vi("x", [2, 3])], [vi("y", [2, 3], TensorProto.UINT8)],
                                                      [const("scale", np.ones([2, 1], np.float32))], opset=[helper.make_opsetid("", 21)]))


def case_linear_regressor_targets_int64_max(out):
    n = helper.make_node("LinearRegressor", ["x"], ["y"], name="lr", domain="ai.onnx.ml", targets=INT64_MAX, coefficients=[1.0] * 3)
    write(out, "linear_regressor_targets_int64_max", model([n], [vi("x", [2, 3])], [vi("y", [2, 1])],
                                                           opset=OPSET + [helper.make_opsetid("ai.onnx.ml", 1)]))


def case_attention_no_kv_heads(out):
    n = helper.make_node("Attention", ["q", "k", "v"], ["y"], name="attn")
    write(out, "attention_no_kv_heads", model([n], [vi("q", [1, 2, 3, 4]), vi("k", [1, 0, 3, 4]), vi("v", [1, 0, 3, 4])],
                                              [vi("y", [1, 2, 3, 4])], opset=[helper.make_opsetid("", 23)]))


def case_dropout_training_mode_empty(out):
    n = helper.make_node("Dropout", ["x", "", "training"], ["y"], name="drop")
    write(out, "dropout_training_mode_empty", model([n], [vi("x", [2, 3])], [vi("y", [2, 3])], [const("training", np.zeros([0], bool))]))


def case_dynamic_quantize_one_output(out):
    # Folding wrote y_scale and y_zero_point through null pointers.
    n = helper.make_node("DynamicQuantizeLinear", ["c"], ["y"], name="dq")
    write(out, "dynamic_quantize_one_output", model([n], [], [vi("y", [2, 3], TensorProto.UINT8)], [f32("c", [2, 3])]))


def folded(node, consts, out_elem=F, out_shape=(2, 3)):
    """A model whose only node has constant inputs: the compiler folds it with the reference kernel."""
    return model([node], [], [vi(node.output[0], list(out_shape), out_elem)], consts)


def case_fold_dynamic_quantize_nonfinite(out):
    n = helper.make_node("DynamicQuantizeLinear", ["c"], ["y", "scale", "zp"], name="dq")
    m = folded(n, [const("c", np.array([np.inf, -np.inf, np.nan], np.float32))], TensorProto.UINT8, [3])
    write(out, "fold_dynamic_quantize_nonfinite", m)


def case_fold_pad_value_out_of_range(out):
    # Pad-2's float `value` converted to uint8: saturates instead of an undefined conversion.
    n = helper.make_node("Pad", ["c"], ["y"], name="pad", pads=[0, 1, 0, 1], value=-3.4e38)
    write(out, "fold_pad_value_out_of_range", model([n], [], [vi("y", [2, 5], TensorProto.UINT8)],
                                                    [const("c", np.ones([2, 3], np.uint8))], opset=[helper.make_opsetid("", 9)]))


def case_fold_clip_bounds_out_of_range(out):
    n = helper.make_node("Clip", ["c"], ["y"], name="clip", min=-1e30, max=1e30)
    write(out, "fold_clip_bounds_out_of_range", model([n], [], [vi("y", [4], TensorProto.INT32)],
                                                      [const("c", np.array([-2**31, -1, 0, 2**31 - 1], np.int32))],
                                                      opset=[helper.make_opsetid("", 6)]))


def case_fold_gemm_int32_overflow(out):
    c = const("c", np.full([2, 2], 2**31 - 1, np.int32))
    n = helper.make_node("Gemm", ["c", "c", "c"], ["y"], name="gemm", alpha=-1e38, beta=3.0)
    write(out, "fold_gemm_int32_overflow", folded(n, [c], TensorProto.INT32, [2, 2]))


def case_fold_matmul_int64_overflow(out):
    c = const("c", np.full([2, 2], 2**62, np.int64))
    write(out, "fold_matmul_int64_overflow", folded(helper.make_node("MatMul", ["c", "c"], ["y"], name="mm"), [c], I64, [2, 2]))


def case_fold_eye_like_k_int64_max(out):
    n = helper.make_node("EyeLike", ["x"], ["e"], name="eye", k=INT64_MAX)
    nodes = [n, helper.make_node("Add", ["x", "e"], ["y"], name="add")]
    write(out, "fold_eye_like_k_int64_max", model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])]))


def case_fold_normalizer_no_columns(out):
    n = helper.make_node("Normalizer", ["c"], ["y"], name="norm", domain="ai.onnx.ml", norm="MAX")
    write(out, "fold_normalizer_no_columns", model([n], [], [vi("y", [2, 0])], [const("c", np.zeros([2, 0], np.float32))],
                                                   opset=OPSET + [helper.make_opsetid("ai.onnx.ml", 1)]))


def case_fold_global_max_pool_empty(out):
    n = helper.make_node("GlobalMaxPool", ["c"], ["y"], name="gmp")
    write(out, "fold_global_max_pool_empty", folded(n, [const("c", np.zeros([1, 2, 0], np.float16))], TensorProto.FLOAT16, [1, 2, 1]))

# ---- external data -------------------------------------------------------------------------------------------


def external_model(name, location, offset=None, length=None, dims=(2, 3)):
    t = TensorProto(name="w", data_type=F, data_location=TensorProto.EXTERNAL)
    t.dims.extend(dims)
    for k, v in (("location", location), ("offset", offset), ("length", length)):
        if v is not None:
            e = t.external_data.add()
            e.key, e.value = k, str(v)
    return add_const("w", t)


def blob(out, name, size=24):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes(range(size)))


def case_ext_ok(out):
    blob(out, "ext_ok.bin")
    write(out, "ext_ok", external_model("ext_ok", "ext_ok.bin"))


def case_ext_absolute(out): write(out, "ext_absolute", external_model("ext_absolute", "/etc/passwd"))
def case_ext_dotdot(out): write(out, "ext_dotdot", external_model("ext_dotdot", "sub/../../secret.bin"))
def case_ext_backslash(out): write(out, "ext_backslash", external_model("ext_backslash", "..\\secret.bin"))
def case_ext_empty_location(out): write(out, "ext_empty_location", external_model("ext_empty_location", ""))
def case_ext_missing(out): write(out, "ext_missing", external_model("ext_missing", "nowhere.bin"))


def fresh_symlink(target, link):
    """(Re)creates `link` -> `target`: the corpus may be written into a directory that already has it."""
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(target, link)


def case_ext_symlink(out):
    blob(out, "ext_symlink_target.bin")
    fresh_symlink("ext_symlink_target.bin", os.path.join(out, "ext_symlink.bin"))
    write(out, "ext_symlink", external_model("ext_symlink", "ext_symlink.bin"))


def case_ext_symlinked_dir(out):
    os.makedirs(os.path.join(out, "ext_real_dir"), exist_ok=True)
    blob(os.path.join(out, "ext_real_dir"), "w.bin")
    fresh_symlink("ext_real_dir", os.path.join(out, "ext_linked_dir"))
    write(out, "ext_symlinked_dir", external_model("ext_symlinked_dir", "ext_linked_dir/w.bin"))


def case_ext_hardlink(out):
    blob(out, "ext_hardlink_a.bin")
    b = os.path.join(out, "ext_hardlink.bin")
    if os.path.lexists(b):
        os.remove(b)
    os.link(os.path.join(out, "ext_hardlink_a.bin"), b)
    write(out, "ext_hardlink", external_model("ext_hardlink", "ext_hardlink.bin"))


def case_ext_directory(out):
    os.makedirs(os.path.join(out, "ext_directory.bin"), exist_ok=True)
    write(out, "ext_directory", external_model("ext_directory", "ext_directory.bin"))


def case_ext_offset_past_end(out):
    blob(out, "ext_offset_past_end.bin")
    write(out, "ext_offset_past_end", external_model("ext_offset_past_end", "ext_offset_past_end.bin", offset=100))


def case_ext_length_past_end(out):
    blob(out, "ext_length_past_end.bin")
    write(out, "ext_length_past_end", external_model("ext_length_past_end", "ext_length_past_end.bin", offset=8, length=24))


def case_ext_offset_length_overflow(out):
    blob(out, "ext_offset_length_overflow.bin")
    write(out, "ext_offset_length_overflow",
          external_model("ext_offset_length_overflow", "ext_offset_length_overflow.bin", offset=16, length=2**63 - 8))


def case_ext_negative_offset(out):
    blob(out, "ext_negative_offset.bin")
    write(out, "ext_negative_offset", external_model("ext_negative_offset", "ext_negative_offset.bin", offset=-8))


def case_ext_offset_not_number(out):
    blob(out, "ext_offset_not_number.bin")
    write(out, "ext_offset_not_number", external_model("ext_offset_not_number", "ext_offset_not_number.bin", offset="12abc"))


def case_ext_offset_too_big_number(out):
    blob(out, "ext_offset_too_big_number.bin")
    write(out, "ext_offset_too_big_number", external_model("ext_offset_too_big_number", "ext_offset_too_big_number.bin", offset="99999999999999999999999"))


def case_ext_size_mismatch(out):
    blob(out, "ext_size_mismatch.bin", 20)
    write(out, "ext_size_mismatch", external_model("ext_size_mismatch", "ext_size_mismatch.bin"))


def case_weights_at_limit(out):
    # 2^30 floats = exactly the 4 GiB limit: passes the limit and fails later, on the 24-byte file.
    blob(out, "weights_at_limit.bin")
    write(out, "weights_at_limit", external_model("weights_at_limit", "weights_at_limit.bin", dims=(2**30,)))


def case_weights_over_limit(out):
    blob(out, "weights_over_limit.bin")
    write(out, "weights_over_limit", external_model("weights_over_limit", "weights_over_limit.bin", dims=(2**30 + 1,)))


def case_weights_total_over_limit(out):
    # Each tensor is under the limit; together they are 24 bytes over it.
    blob(out, "weights_total_over_limit.bin")
    m = external_model("weights_total_over_limit", "weights_total_over_limit.bin")
    big = TensorProto(name="big", data_type=F, data_location=TensorProto.EXTERNAL, dims=[2**30])
    e = big.external_data.add()
    e.key, e.value = "location", "weights_total_over_limit.bin"
    m.graph.initializer.append(big)
    write(out, "weights_total_over_limit", m)


def case_ext_huge_declared(out):
    # A sparse 8 GiB data file and a tensor that claims all of it: rejected before anything is read.
    path = os.path.join(out, "ext_huge_declared.bin")
    with open(path, "wb") as f:
        f.truncate(2**33)
    write(out, "ext_huge_declared", external_model("ext_huge_declared", "ext_huge_declared.bin", dims=(2**31,)))

# ---- names ---------------------------------------------------------------------------------------------------


def names_model(tensor_names, node_names, graph_name="g"):
    """A chain of Relu nodes through tensors with the given names."""
    nodes = []
    prev = tensor_names[0]
    for i, (t, n) in enumerate(zip(tensor_names[1:], node_names)):
        nodes.append(helper.make_node("Relu", [prev], [t], name=n))
        prev = t
    return model(nodes, [vi(tensor_names[0], [2, 3])], [vi(prev, [2, 3])], name=graph_name)


def case_names_keywords(out):
    write(out, "names_keywords", names_model(["int", "class", "return", "namespace", "main", "std", "NULL", "arena", "run", "inputs", "outputs", "_Bool", "__x"],
                                             ["if", "while", "auto", "delete", "new", "template", "weights", "kArenaBytes", "run_graph", "errno", "assert", "_Z"]))


def case_names_not_identifiers(out):
    write(out, "names_not_identifiers", names_model(["9x", "a-b", "a.b", "a b", "\u00e9t\u00e9", "$"], ["1", "-", ".", " ", "\u00e9"]))


def case_names_collide(out):
    write(out, "names_collide", names_model(["a-b", "a_b", "a.b", "a b", "a_b_1", "a_b_2"], ["n-1", "n_1", "n.1", "n 1", "n_1_1"]))


def case_names_injection(out):
    evil = ['x"; #error injected\n', "*/ #error injected /*", "y\\", "z\\\n#error injected", "w\"\\\"\n",
            "q??/", "r\r#error injected"]
    write(out, "names_injection", names_model(evil, ["*/ #error injected /*", "n\n#error injected\n", 'n"', "n\\", "n??/", "n\r"],
                                              graph_name="*/ #error injected /*\n#error injected"))


def case_names_nul(out):
    m = names_model(["in\0put", "mid\0dle", "out"], ["no\0de", "n2"], graph_name="g\0")
    write(out, "names_nul", m)


def case_names_long(out):
    write(out, "names_long", names_model(["x" * 5000, "y" * 5000], ["n" * 5000]))


def case_names_nul_collide(out):
    # Names that differ only after a NUL byte.
    write(out, "names_nul_collide", model([helper.make_node("Add", ["a\0one", "a\0two"], ["y"], name="add")],
                                           [vi("a\0one", [2, 3]), vi("a\0two", [2, 3])], [vi("y", [2, 3])]))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, fn in sorted(globals().items()):
        if name.startswith("case_"):
            fn(out)


if __name__ == "__main__":
    main()
