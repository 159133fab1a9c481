#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs onnx-aotc on every case of the malformed-model corpus (make_corpus.py) and checks the exit code and
the message, which must name the file and the node, tensor or external-data file at fault. Every case runs
under a timeout: a crash (signal), hang or vague message fails the test.

Run: run_corpus.py --compiler build/bin/onnx-aotc --work-dir DIR [--cxx c++ --runtime-include DIR] [CASE...]"""
import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus  # noqa: E402

# case -> (mode, exit code, message). `check`: `onnx-aotc check`; `compile`: `onnx-aotc compile`;
# `compile+cc`: compile, then the generated sources must build (c++ -fsyntax-only): names cannot inject code.
# The message must appear in stdout + stderr; it starts with the model file name where the loader rejects it.
EXPECTED = {
    # protobuf level
    "empty_file": ("check", 1, "empty_file.onnx: the file is empty"),
    "garbage_bytes": ("check", 1, "garbage_bytes.onnx: not a valid ONNX model (protobuf parse failed)"),
    "text_file": ("check", 1, "text_file.onnx: not a valid ONNX model (protobuf parse failed)"),
    "truncated_half": ("check", 1, "truncated_half.onnx: not a valid ONNX model (protobuf parse failed)"),
    "truncated_last_byte": ("check", 1, "truncated_last_byte.onnx: not a valid ONNX model (protobuf parse failed)"),
    "wrong_wire_type": ("check", 1, "wrong_wire_type.onnx: the model has no graph"),
    "length_overflow": ("check", 1, "length_overflow.onnx: not a valid ONNX model (protobuf parse failed)"),
    "not_a_model": ("check", 1, "not_a_model.onnx: not a valid ONNX model (protobuf parse failed)"),
    "no_graph": ("check", 1, "no_graph.onnx: the model has no graph"),
    "ir_version_2": ("check", 1, "ir_version_2.onnx: IR version 2 is not supported (need 3 or later)"),
    "protobuf_nesting_200": ("check", 1, "protobuf_nesting_200.onnx: not a valid ONNX model: protobuf messages are nested deeper than 100 levels (too many nested subgraphs)"),
    "subgraph_depth_16": ("check", 0, "status: supported"),
    "subgraph_depth_17": ("check", 1, "subgraph_depth_17.onnx: subgraph 'leaf' is nested 17 levels deep, more than the supported 16"),
    "file_over_2gib": ("check", 1, "file_over_2gib.onnx: file is 2147483648 bytes; ONNX protobuf files must be under 2 GiB (store weights as external data)"),
    "model_is_directory": ("check", 1, "model_is_directory.onnx: not a regular file"),
    # model structure
    "opset_twice": ("check", 1, "opset_twice.onnx: opset for domain '' is imported twice"),
    "opset_twice_same_version": ("compile", 0, ""),
    "domain_not_imported": ("check", 1, "domain_not_imported.onnx: Relu node 'custom_relu' uses domain 'com.example', which the model does not import"),
    "empty_op_type": ("check", 1, "empty_op_type.onnx: node 'nameless_op' has no op_type"),
    "cycle": ("check", 1, "cycle.onnx: Relu node 'first' uses input 'b', which is not defined before it"),
    "self_loop": ("check", 1, "self_loop.onnx: Add node 'selfie' uses input 'y', which is not defined before it"),
    "undefined_input": ("check", 1, "undefined_input.onnx: Relu node 'haunted' uses input 'ghost', which is not defined before it"),
    "duplicate_output": ("check", 1, "duplicate_output.onnx: Sigmoid node 'two' output 'y' is already defined (tensor names must be unique)"),
    "duplicate_initializer": ("check", 1, "duplicate_initializer.onnx: tensor name 'w' is defined twice"),
    "output_shadows_initializer": ("check", 1, "output_shadows_initializer.onnx: Relu node 'shadow' output 'w' is already defined (tensor names must be unique)"),
    "duplicate_input": ("check", 1, "duplicate_input.onnx: graph input 'x' is declared twice"),
    "empty_initializer_name": ("check", 1, "empty_initializer_name.onnx: an initializer has an empty name"),
    "empty_input_name": ("check", 1, "empty_input_name.onnx: a graph input has an empty name"),
    "empty_output_name": ("check", 1, "empty_output_name.onnx: graph output '' is not produced by any node"),
    "no_outputs": ("compile", 1, "no_outputs.onnx: graph 'hollow' has no outputs"),
    "output_not_produced": ("check", 1, "output_not_produced.onnx: graph output 'z' is not produced by any node"),
    "duplicate_function": ("check", 1, "duplicate_function.onnx: local function 'f' is defined twice"),
    "function_recursive": ("check", 1, "function_recursive.onnx: function 'f0' calls itself or nests deeper than 64 levels (at node 'call/f0_0//f0_1//"),
    "function_mutual_recursion": ("check", 1, "function_mutual_recursion.onnx: function 'f0' calls itself or nests deeper than 64 levels (at node 'call/f0_0//f1_1//f0_2//"),
    "function_depth_64": ("check", 0, "status: supported"),
    "function_depth_65": ("check", 1, "function_depth_65.onnx: function 'f64' calls itself or nests deeper than 64 levels (at node 'call/f0_0//f1_1//"),
    "function_fork_bomb": ("check", 1, "makes the model larger than the supported 131072 nodes (counting inlined functions and subgraphs)"),
    "nodes_at_limit": ("check", 0, "nodes: 131072 in the model, 0 after folding and cleanup"),
    "nodes_over_limit": ("check", 1, "nodes_over_limit.onnx: Relu node 'one_too_many' makes the model larger than the supported 131072 nodes (counting inlined functions and subgraphs)"),
    "ref_attr_outside_function": ("check", 1, "ref_attr_outside_function.onnx: Softmax node 'sm' attribute 'axis' refers to 'caller_axis' outside a function"),
    "attribute_twice": ("check", 1, "attribute_twice.onnx: Softmax node 'sm' has attribute 'axis' twice"),
    "attribute_no_type": ("check", 1, "attribute_no_type.onnx: Softmax node 'sm' attribute 'axis' has no type"),
    "constant_two_outputs": ("check", 1, "constant_two_outputs.onnx: Constant node 'const2' must have one output"),
    "constant_no_value": ("check", 1, "constant_no_value.onnx: Constant node 'const0' must have exactly one value attribute"),
    # element types and data sizes
    "elem_type_out_of_range": ("check", 1, "elem_type_out_of_range.onnx: initializer 'w' has invalid element type 99"),
    "elem_type_undefined": ("check", 1, "elem_type_undefined.onnx: initializer 'w' has invalid element type 0"),
    "elem_type_negative": ("check", 1, "elem_type_negative.onnx: initializer 'w' has invalid element type -5"),
    "input_elem_type_out_of_range": ("check", 1, "input_elem_type_out_of_range.onnx: graph input 'x' has invalid element type 77"),
    "input_no_shape": ("check", 1, "input_no_shape.onnx: graph input 'x' has no shape; give one with --input-shape x=DxDx..."),
    "input_not_tensor": ("check", 1, "input_not_tensor.onnx: graph input 'x' is a sequence; give its element count with --sequence-length x=N"),
    "input_map": ("check", 1, "input_map.onnx: graph input 'x' is a map; give its number of key-value pairs with --sequence-length x=N"),
    "only_empty_sequence_output": ("check", 1, "error: the model has no outputs (each is an empty sequence)"),
    "input_symbolic_unbound": ("check", 1, "input_symbolic_unbound.onnx: graph input 'x' has symbolic dimension 'batch' at axis 0; bind it with --dim batch=VALUE"),
    "raw_data_short": ("check", 1, "raw_data_short.onnx: initializer 'w' holds 20 bytes of data but its shape [2,3] of float needs 24"),
    "raw_data_long": ("check", 1, "raw_data_long.onnx: initializer 'w' holds 28 bytes of data but its shape [2,3] of float needs 24"),
    "float_data_count": ("check", 1, "float_data_count.onnx: initializer 'w' holds 5 elements but its shape [2,3] needs 6"),
    "int4_packed_size": ("check", 1, "int4_packed_size.onnx: initializer 'w' holds 4 bytes of data but its shape [5] of int4 needs 3"),
    "string_raw_data": ("check", 1, "string_raw_data.onnx: initializer 'w' is a string tensor with raw or external data (strings must be in string_data)"),
    "string_created_in_loop": ("check", 1, "unsupported: Loop node 'loop': StringConcat node 'double' in a subgraph creates strings, which only the main graph may do"),
    "string_count_mismatch": ("check", 1, "string_count_mismatch.onnx: initializer 'w' holds 3 strings but its shape [2] needs 2"),
    "negative_dim": ("check", 1, "negative_dim.onnx: initializer 'w' has negative dimension -3"),
    "dims_overflow_int64": ("check", 1, "dims_overflow_int64.onnx: initializer 'w' has more than 2^40 elements"),
    "dims_absurd": ("check", 1, "dims_absurd.onnx: initializer 'w' has more than 2^40 elements"),
    "zero_size_initializer": ("compile", 0, ""),
    "input_negative_dim": ("check", 1, "input_negative_dim.onnx: graph input 'x' has negative dimension -1 at axis 1"),
    "input_dims_overflow": ("check", 1, "input_dims_overflow.onnx: graph input 'x' has shape [4294967296,4294967296], more than 2^40 elements"),
    "input_elements_at_limit": ("check", 0, "input  'x': float [1048576,1048576]"),
    "input_elements_over_limit": ("check", 1, "input_elements_over_limit.onnx: graph input 'x' has shape [1048577,1048576], more than 2^40 elements"),
    "input_rank_8": ("check", 0, "status: supported"),
    "input_rank_9": ("check", 1, "input_rank_9.onnx: graph input 'x' has rank 9, more than the supported 8"),
    "initializer_rank_9": ("check", 1, "initializer_rank_9.onnx: initializer 'w' has rank 9, more than the supported 8"),
    # sparse initializers
    "sparse_index_out_of_range": ("check", 1, "sparse_index_out_of_range.onnx: sparse initializer 'w' index 6 is out of range for 6 elements"),
    "sparse_index_negative": ("check", 1, "sparse_index_negative.onnx: sparse initializer 'w' index -1 is out of range for 6 elements"),
    "sparse_index_huge": ("check", 1, "sparse_index_huge.onnx: sparse initializer 'w' index 4611686018427387904 is out of range for 6 elements"),
    "sparse_coo_out_of_range": ("check", 1, "sparse_coo_out_of_range.onnx: sparse initializer 'w' index 3 is out of range on axis 1"),
    "sparse_indices_count": ("check", 1, "sparse_indices_count.onnx: sparse initializer 'w' has indices of shape [3] for 2 values"),
    "sparse_indices_int32": ("check", 1, "sparse_indices_int32.onnx: sparse initializer 'w' indices must be int64"),
    # attributes inconsistent with inputs; constants the compiler folds
    "gemm_trans_mismatch": ("check", 1, "error: Gemm node 'fc': inner dimensions differ: op(A) is 2x3 but op(B) is 4x3 (transA=false, transB=true)"),
    "conv_kernel_shape_mismatch": ("check", 1, "error: Conv node 'conv': kernel_shape [5,5] does not match the weight's [3,3]"),
    "conv_channels_mismatch": ("check", 1, "error: Conv node 'conv': weight W has 1 input channels per group but X has 3 channels in 1 groups"),
    "split_counts_mismatch": ("check", 1, "error: Split node 'splitter': split [2,2] sums to 4, not the axis extent 3"),
    "split_negative_count": ("check", 1, "error: Split node 'splitter': split [4,-1] has a negative entry"),
    "gather_index_out_of_range": ("check", 1, "error: Gather node 'gather': index 4 is out of range for axis 0 of extent 4"),
    "gather_index_negative_out_of_range": ("check", 1, "error: Gather node 'gather': index -5 is out of range for axis 0 of extent 4"),
    "gather_index_int64_min": ("check", 1, "error: Gather node 'gather': index -9223372036854775808 is out of range for axis 0 of extent 4"),
    "gather_axis_out_of_range": ("check", 1, "error: Gather node 'gather': axis 3 is out of range for rank 2"),
    "softmax_axis_out_of_range": ("check", 1, "error: Softmax node 'sm': axis 7 is out of range for rank 2"),
    "concat_axis_int64_min": ("check", 1, "error: Concat node 'cat': axis -9223372036854775808 is out of range for rank 2"),
    "transpose_perm_invalid": ("check", 1, "error: Transpose node 'tr': perm repeats axis 0"),
    "reduce_axes_out_of_range": ("check", 1, "error: ReduceSum node 'rsum': axes value 5 is out of range for rank 2"),
    "unsqueeze_axes_duplicate": ("check", 1, "error: Unsqueeze node 'unsq': axis 0 appears twice"),
    "reshape_two_minus_one": ("check", 1, "error: Reshape node 'reshape': shape [-1,-1] has more than one -1"),
    "reshape_wrong_count": ("check", 1, "error: Reshape node 'reshape': cannot reshape [2,3] (6 elements) to [4,2] (8 elements)"),
    "reshape_overflow": ("check", 1, "error: Reshape node 'reshape': shape [4611686018427387904,4] has more than 2^40 elements"),
    "expand_huge": ("check", 1, "error: Expand node 'expand': output 'y' would have more than 2^40 elements"),
    "constant_of_shape_huge": ("check", 1, "error: ConstantOfShape node 'cos': output 'c' would have more than 2^40 elements"),
    "range_huge": ("check", 1, "error: Range node 'range': output 'y' would have more than 2^40 elements"),
    "slice_int64_extremes": ("compile", 0, ""),
    "loop_folded_int64_max": ("check", 0, "nodes: 2 in the model, 2 after folding and cleanup"),  # not run at compile time
    "loop_folded_cond_false": ("check", 0, "nodes: 2 in the model, 2 after folding and cleanup"),
    "loop_trip_count_int64_max": ("compile+cc", 0, ""),  # a run-time trip count: valid, and not unrolled
    "loop_trip_count_negative": ("compile", 0, ""),
    "loop_body_not_graph": ("check", 1, "error: Loop node 'loop': attribute 'body' must be graph but is int"),
    "if_branch_outputs_mismatch": ("check", 1, "error: If node 'branchy': has 1 outputs but its branches have 1 and 2"),
    "graph_attribute_on_relu": ("check", 1, "unsupported: Relu node 'r': attribute 'body' is not supported"),
    # fuzz_graph findings (docs/fuzzing.md): shape arithmetic on INT64_MAX attributes, bad inputs of ops that
    # folding reaches, and constants that made the reference kernels' folding undefined behaviour (the fold_ cases
    # pass in any build; under ASan/UBSan, fuzz_model replays them from its seeds)
    "depth_to_space_blocksize_int64_max": ("check", 1, "error: DepthToSpace node 'd2s': blocksize^2 (9223372036854775807 * 9223372036854775807) overflows int64"),
    "pad_int64_max": ("check", 1, "error: Pad node 'pad': padded extent (3 + 9223372036854775807) overflows int64"),
    "max_pool_dilated_kernel_overflow": ("check", 1, "error: MaxPool node 'pool': dilated kernel size (4611686018427387904 * 2) overflows int64"),
    "conv_transpose_strides_int64_max": ("check", 1, "error: ConvTranspose node 'deconv': strided input size (9223372036854775807 * 2) overflows int64"),
    "resize_scale_huge": ("check", 1, "error: Resize node 'resize': axis 2 would be resized to 4.000000060189865e+30 elements, more than 2^40"),
    "split_sum_overflow": ("check", 1, "error: Split node 'splitter': the sum of split (9223372036854775807 + 9223372036854775807) overflows int64"),
    "split_to_tensors_axis_out_of_range": ("check", 1, "error: onnx_aotc.SplitToTensors node 'stt': axis 5 is out of range for rank 2"),
    "quantize_block_size_int64_max": ("check", 0, "status: supported"),
    "linear_regressor_targets_int64_max": ("check", 1, "error: ai.onnx.ml.LinearRegressor node 'lr': targets times features (9223372036854775807 * 3) overflows int64"),
    "attention_no_kv_heads": ("check", 1, "error: Attention node 'attn': K and V have 0 heads; at least one is needed"),
    "dropout_training_mode_empty": ("check", 1, "error: Dropout node 'drop': training_mode must hold one element, has 0"),
    "dynamic_quantize_one_output": ("check", 1, "error: DynamicQuantizeLinear node 'dq': needs all three outputs (y, y_scale, y_zero_point)"),
    "fold_dynamic_quantize_nonfinite": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    "fold_pad_value_out_of_range": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    "fold_clip_bounds_out_of_range": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    "fold_gemm_int32_overflow": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    "fold_matmul_int64_overflow": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    "fold_eye_like_k_int64_max": ("check", 0, "nodes: 2 in the model, 1 after folding and cleanup"),
    "fold_normalizer_no_columns": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    "fold_global_max_pool_empty": ("check", 0, "nodes: 1 in the model, 0 after folding and cleanup"),
    # external data
    "ext_ok": ("compile", 0, ""),
    "ext_absolute": ("check", 1, "ext_absolute.onnx: tensor 'initializer 'w'' has external data location '/etc/passwd' that is not a relative path"),
    "ext_dotdot": ("check", 1, "ext_dotdot.onnx: tensor 'initializer 'w'' has external data location 'sub/../../secret.bin' outside the model directory"),
    "ext_backslash": ("check", 1, "ext_backslash.onnx: tensor 'initializer 'w'' has external data location '..\\secret.bin' that is not a relative path"),
    "ext_empty_location": ("check", 1, "ext_empty_location.onnx: tensor 'initializer 'w'' has external data location '' that is not a relative path"),
    "ext_missing": ("check", 1, "ext_missing.onnx: tensor 'initializer 'w'': external data file 'nowhere.bin' not found"),
    "ext_symlink": ("check", 1, "ext_symlink.onnx: tensor 'initializer 'w'': external data file 'ext_symlink.bin' is a symbolic link or goes through one ('ext_symlink.bin')"),
    "ext_symlinked_dir": ("check", 1, "ext_symlinked_dir.onnx: tensor 'initializer 'w'': external data file 'ext_linked_dir/w.bin' is a symbolic link or goes through one ('ext_linked_dir')"),
    "ext_hardlink": ("check", 1, "ext_hardlink.onnx: tensor 'initializer 'w'': external data file 'ext_hardlink.bin' has several hard links"),
    "ext_directory": ("check", 1, "ext_directory.onnx: tensor 'initializer 'w'': external data file 'ext_directory.bin' is not a regular file"),
    "ext_fifo": ("check", 1, "ext_fifo.onnx: tensor 'initializer 'w'': external data file 'ext_fifo.bin' is not a regular file"),
    "ext_offset_past_end": ("check", 1, "ext_offset_past_end.onnx: tensor 'initializer 'w'': external data offset 100 is outside 'ext_offset_past_end.bin' (24 bytes)"),
    "ext_length_past_end": ("check", 1, "ext_length_past_end.onnx: tensor 'initializer 'w'': external data offset 8 + length 24 runs past the end of 'ext_length_past_end.bin' (24 bytes)"),
    "ext_offset_length_overflow": ("check", 1, "ext_offset_length_overflow.onnx: tensor 'initializer 'w'': external data offset 16 + length 9223372036854775800 runs past the end of 'ext_offset_length_overflow.bin' (24 bytes)"),
    "ext_negative_offset": ("check", 1, "ext_negative_offset.onnx: tensor 'initializer 'w'': external data offset -8 is outside 'ext_negative_offset.bin' (24 bytes)"),
    "ext_offset_not_number": ("check", 1, "ext_offset_not_number.onnx: initializer 'w' has a malformed external data entry offset='12abc'"),
    "ext_offset_too_big_number": ("check", 1, "ext_offset_too_big_number.onnx: initializer 'w' has a malformed external data entry offset='99999999999999999999999'"),
    "ext_size_mismatch": ("check", 1, "ext_size_mismatch.onnx: initializer 'w' holds 20 bytes of data but its shape [2,3] of float needs 24"),
    "ext_huge_declared": ("check", 1, "ext_huge_declared.onnx: initializer 'w' (8589934592 bytes) brings the model's constants over the limit of 4294967296 bytes"),
    "weights_at_limit": ("check", 1, "weights_at_limit.onnx: initializer 'w' holds 24 bytes of data but its shape [1073741824] of float needs 4294967296"),
    "weights_over_limit": ("check", 1, "weights_over_limit.onnx: initializer 'w' (4294967300 bytes) brings the model's constants over the limit of 4294967296 bytes"),
    "weights_total_over_limit": ("check", 1, "weights_total_over_limit.onnx: initializer 'big' (4294967296 bytes) brings the model's constants over the limit of 4294967296 bytes"),
    # names that are not C identifiers: the generated code must still build, with nothing injected
    "names_keywords": ("compile+cc", 0, ""),
    "names_not_identifiers": ("compile+cc", 0, ""),
    "names_collide": ("compile+cc", 0, ""),
    "names_injection": ("compile+cc", 0, ""),
    "names_nul": ("compile+cc", 0, ""),
    "names_nul_collide": ("compile+cc", 0, ""),
    "names_long": ("compile+cc", 0, ""),
}

TIMEOUT_S = 60


def run_case(args, name, mode, want_rc, want_msg):
    """Returns a list of problems (empty when the case passes)."""
    model = os.path.join(args.corpus, name + ".onnx")
    out_dir = os.path.join(args.work_dir, "out", name)
    cmd = [args.compiler, "check", model] if mode == "check" else [args.compiler, "compile", model, "-o", out_dir]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [f"timed out after {TIMEOUT_S} s (a hang)"]
    text = (p.stdout + p.stderr).decode("utf-8", "replace")
    problems = []
    if p.returncode < 0:
        problems.append(f"killed by signal {-p.returncode} (a crash)")
    elif p.returncode != want_rc:
        problems.append(f"exit code {p.returncode}, expected {want_rc}")
    if want_msg and want_msg not in text:
        problems.append(f"message not found: {want_msg!r}")
    if "Sanitizer" in text or "runtime error:" in text:
        problems.append("sanitizer report")
    if problems:
        problems.append("output:\n" + text[-2000:])
    elif mode == "compile+cc":
        sources = sorted(f for f in os.listdir(out_dir) if f.endswith(".cpp"))
        for src in sources:
            cc = [args.cxx, "-std=c++17", "-fsyntax-only", "-Werror=unknown-pragmas", "-I", args.runtime_include,
                  "-I", out_dir, os.path.join(out_dir, src)]
            c = subprocess.run(cc, capture_output=True, timeout=120)
            if c.returncode != 0:
                problems.append(f"generated {src} does not build:\n" + c.stderr.decode("utf-8", "replace")[-2000:])
        for f in os.listdir(out_dir):
            with open(os.path.join(out_dir, f), "rb") as fh:
                data = fh.read()
            if b"\0" in data and not f.endswith(".bin"):
                problems.append(f"generated {f} contains a NUL byte")
    return problems


def make_special_files(corpus):
    """Files a generator on another machine could not ship: a FIFO (opening it must not block)."""
    fifo = os.path.join(corpus, "ext_fifo.bin")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    with open(os.path.join(corpus, "ext_fifo.onnx"), "wb") as f:
        f.write(make_corpus.external_model("ext_fifo", "ext_fifo.bin").SerializeToString())


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--runtime-include", default=os.path.join(os.path.dirname(__file__), "..", "..", "runtime_lib", "include"))
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    args.corpus = os.path.join(args.work_dir, "corpus")
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.corpus)
    subprocess.run([sys.executable, make_corpus.__file__, args.corpus], check=True)
    make_special_files(args.corpus)

    generated = {f[:-5] for f in os.listdir(args.corpus) if f.endswith(".onnx")}
    failures = []
    if not args.cases:
        # The table and the generator must list the same cases.
        for name in sorted(generated - EXPECTED.keys()):
            failures.append((name, ["generated but has no expectation in run_corpus.py"]))
        for name in sorted(EXPECTED.keys() - generated):
            failures.append((name, ["expected but not generated by make_corpus.py"]))
    names = args.cases or sorted(EXPECTED)
    start = time.time()
    for name in names:
        problems = run_case(args, name, *EXPECTED[name])
        if problems:
            failures.append((name, problems))
    for name, problems in failures:
        print(f"FAIL {name}: " + "\n  ".join(problems))
    print(f"robustness corpus: {len(names) - len(failures)} of {len(names)} cases pass ({time.time() - start:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
