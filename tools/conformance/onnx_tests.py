# SPDX-License-Identifier: Apache-2.0
"""What the conformance tools share: finding the ONNX backend test data, loading its tensors, turning
them into the raw bytes generated code reads and writes, and comparing outputs with the expected ones."""
import glob
import os
import re
from dataclasses import dataclass, field

import numpy as np
import onnx
from onnx import numpy_helper

SUITES = ("node", "simple", "pytorch-converted", "pytorch-operator", "light")

# TensorProto.DataType numbers whose elements generated code stores one per byte (see numeric_types.h).
SIGNED_SUBBYTE = {onnx.TensorProto.INT4, onnx.TensorProto.INT2}
UNSIGNED_SUBBYTE = {onnx.TensorProto.UINT4, onnx.TensorProto.UINT2}
FLOAT4 = {onnx.TensorProto.FLOAT4E2M1}
FLOAT_TYPES = {
    onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16, onnx.TensorProto.BFLOAT16,
    onnx.TensorProto.FLOAT8E4M3FN, onnx.TensorProto.FLOAT8E4M3FNUZ, onnx.TensorProto.FLOAT8E5M2,
    onnx.TensorProto.FLOAT8E5M2FNUZ, onnx.TensorProto.FLOAT4E2M1,
}
if hasattr(onnx.TensorProto, "FLOAT8E8M0"):
    FLOAT_TYPES.add(onnx.TensorProto.FLOAT8E8M0)


def onnx_data_root():
    """The backend test data shipped inside the installed onnx package."""
    return os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")


def default_data_dir():
    return os.path.join(onnx_data_root(), "node")


@dataclass
class TestCase:
    suite: str
    name: str
    model: str                      # path of the .onnx file
    data_sets: list = field(default_factory=list)  # [(input .pb paths or None, output .pb paths)]
    light: bool = False             # inputs are generated, as ONNX's runner does for data/light


def discover(root, suites=SUITES):
    """Every test of the given suites under `root` (a directory holding node/, simple/, ...)."""
    cases = []
    for suite in suites:
        sdir = os.path.join(root, suite)
        if not os.path.isdir(sdir):
            raise FileNotFoundError(f"{sdir}: no such suite directory")
        if suite == "light":
            for model in sorted(glob.glob(os.path.join(sdir, "*.onnx"))):
                stem = model[: -len(".onnx")]
                outs = []
                while os.path.exists(f"{stem}_output_{len(outs)}.pb"):
                    outs.append(f"{stem}_output_{len(outs)}.pb")
                cases.append(TestCase(suite, os.path.basename(stem), model, [(None, outs)], light=True))
            continue
        for name in sorted(os.listdir(sdir)):
            tdir = os.path.join(sdir, name)
            model = os.path.join(tdir, "model.onnx")
            if not os.path.isfile(model):
                continue
            sets = []
            for ds in sorted(glob.glob(os.path.join(tdir, "test_data_set_*")), key=lambda p: int(p.rsplit("_", 1)[1])):
                ins, outs = [], []
                while os.path.exists(os.path.join(ds, f"input_{len(ins)}.pb")):
                    ins.append(os.path.join(ds, f"input_{len(ins)}.pb"))
                while os.path.exists(os.path.join(ds, f"output_{len(outs)}.pb")):
                    outs.append(os.path.join(ds, f"output_{len(outs)}.pb"))
                sets.append((ins, outs))
            cases.append(TestCase(suite, name, model, sets))
    return cases


def runtime_input_names(model):
    """Graph inputs that are not initializers, in order: what input_K.pb files feed."""
    inits = {x.name for x in model.graph.initializer}
    return [i.name for i in model.graph.input if i.name not in inits]


def load_tensor_proto(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t


def is_container(value_info):
    return value_info.type.HasField("sequence_type") or value_info.type.HasField("optional_type")


def container_elements(path, value_info):
    """The tensors that a test file of a sequence or optional graph input holds."""
    with open(path, "rb") as f:
        data = f.read()
    if value_info.type.HasField("sequence_type"):
        seq = onnx.SequenceProto()
        seq.ParseFromString(data)
        return list(seq.tensor_values)
    opt = onnx.OptionalProto()
    opt.ParseFromString(data)
    if opt.HasField("sequence_value"):
        raise ValueError("an optional sequence input")
    return [opt.tensor_value] if opt.HasField("tensor_value") else []


def input_protos(model, names, files):
    """TensorProto per compiled input name; a sequence or optional input `s` gives `s[0]`, `s[1]`, ..."""
    infos = {x.name: x for x in model.graph.input}
    protos = {}
    for k, name in enumerate(names):
        if k >= len(files):
            break
        if name in infos and is_container(infos[name]):
            for i, tensor in enumerate(container_elements(files[k], infos[name])):
                protos[f"{name}[{i}]"] = tensor
        else:
            protos[name] = load_tensor_proto(files[k])
    return protos


def expand_sequence_outputs(model, files, work_dir, tag):
    """The expected output files with each sequence output replaced by one TensorProto file per element, in
    the order of the compiled model's outputs (a sequence output `s` becomes outputs `s[0]`, `s[1]`, ...)."""
    result = []
    for i, path in enumerate(files):
        if i < len(model.graph.output) and model.graph.output[i].type.HasField("sequence_type"):
            seq = onnx.SequenceProto()
            with open(path, "rb") as f:
                seq.ParseFromString(f.read())
            for k, tensor in enumerate(seq.tensor_values):
                element = os.path.join(work_dir, f"{tag}_expected{i}_{k}.pb")
                with open(element, "wb") as f:
                    f.write(tensor.SerializeToString())
                result.append(element)
        else:
            result.append(path)
    return result


def load_pb(path):
    return numpy_helper.to_array(load_tensor_proto(path))


def light_inputs(model):
    """The inputs ONNX's runner feeds models in data/light: arange(n) / n as float32, unknown dims 1."""
    inits = {x.name for x in model.graph.initializer}
    result = []
    for x in model.graph.input:
        if x.name in inits:
            continue
        tt = x.type.tensor_type
        if tt.elem_type != onnx.TensorProto.FLOAT:
            raise ValueError(f"light model input '{x.name}' is not float")
        shape = tuple(d.dim_value if d.HasField("dim_value") else 1 for d in tt.shape.dim)
        n = int(np.prod(shape))
        result.append(numpy_helper.from_array((np.arange(n).reshape(shape) / n).astype(np.float32), x.name))
    return result


def to_raw(proto):
    """Raw little-endian bytes of a TensorProto as generated code holds it: floats of 16 bits or fewer as
    their bit patterns, sub-byte types unpacked one element per byte (signed ones sign-extended, float4e2m1
    as its code in the low nibble)."""
    arr = numpy_helper.to_array(proto)
    dt = proto.data_type
    if dt == onnx.TensorProto.STRING:  # per element: int64 byte count, then the bytes
        return b"".join(len(s).to_bytes(8, "little", signed=True) + s for s in proto.string_data)
    if dt in SIGNED_SUBBYTE:
        return np.ascontiguousarray(arr.astype(np.int8)).tobytes()
    if dt in UNSIGNED_SUBBYTE:
        return np.ascontiguousarray(arr.astype(np.uint8)).tobytes()
    if dt in FLOAT4:
        return (np.ascontiguousarray(arr).view(np.uint8) & 0x0F).tobytes()
    return np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()


def from_raw(data, want_proto, want):
    """The array of want's dtype and shape that raw output bytes hold, as numbers comparable with `want`."""
    dt = want_proto.data_type
    if dt == onnx.TensorProto.STRING:
        strings, at = [], 0
        while at < len(data):
            n = int.from_bytes(data[at:at + 8], "little", signed=True)
            strings.append(bytes(data[at + 8:at + 8 + n]))
            at += 8 + n
        want_bytes = np.array([s if isinstance(s, bytes) else str(s).encode() for s in want.reshape(-1)], dtype=object)
        got = np.array(strings, dtype=object)
        if got.size == want_bytes.size:
            got = got.reshape(want.shape)
        return got, want_bytes.reshape(want.shape)
    if dt in SIGNED_SUBBYTE:
        got = np.frombuffer(data, dtype=np.int8).astype(np.int64)
        return got.reshape(want.shape), want.astype(np.int64)
    if dt in UNSIGNED_SUBBYTE:
        got = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        return got.reshape(want.shape), want.astype(np.int64)
    if dt in FLOAT4:
        got = (np.frombuffer(data, dtype=np.uint8) & 0x0F).view(want.dtype)
        return got.reshape(want.shape), want
    return np.frombuffer(data, dtype=want.dtype.newbyteorder("<")).reshape(want.shape), want


def compare(name, got, want, is_float, rtol=1e-3, atol=1e-5):
    """(error message or None, max abs error or None). Floats: |got - want| <= atol + rtol * |want|, NaN
    positions must match, infinities exactly; integers and bools exactly."""
    if got.shape != want.shape:
        return f"{name}: shape {list(got.shape)} != expected {list(want.shape)}", None
    if got.size == 0:
        return None, 0.0
    if want.dtype == object:  # strings: exact
        if not np.array_equal(got, want):
            bad = [(list(map(int, i)), got[i], want[i]) for i in np.ndindex(want.shape) if got[i] != want[i]]
            return f"{name}: {len(bad)} of {want.size} strings differ (at {bad[0][0]}: got {bad[0][1]!r}, expected {bad[0][2]!r})", None
        return None, 0.0
    g, w = np.asarray(got).astype(np.float64), np.asarray(want).astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.asarray(np.abs(g - w))
    diff[np.isnan(w) & np.isnan(g)] = 0.0
    diff[np.isinf(w) & (g == w)] = 0.0
    finite = diff[~np.isnan(diff)]
    max_err = float(finite.max()) if finite.size else float("nan")
    if is_float:
        gn, wn = np.isnan(g), np.isnan(w)
        if not np.array_equal(gn, wn):
            return f"{name}: NaN positions differ ({int(gn.sum())} NaN, expected {int(wn.sum())})", max_err
        ok = np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
        if not ok.all():
            bad = int((~ok).sum())
            idx = np.unravel_index(int(np.argmax(np.where(ok, -1.0, np.nan_to_num(diff, nan=0.0, posinf=1e308)))), g.shape)
            at = list(map(int, idx))
            return (f"{name}: {bad} of {g.size} values differ, max abs err {max_err:.3g} "
                    f"(at {at}: got {g[idx]:.6g}, expected {w[idx]:.6g})"), max_err
        return None, max_err
    if not np.array_equal(got, want):
        bad = int(np.sum(got != want))
        return f"{name}: {bad} of {want.size} values differ (exact comparison)", max_err
    return None, max_err


_NAME = r"'((?:[^'\\]|\\.)*)'"
PROMOTE_RE = re.compile(r"input \d+ \(" + _NAME + r"\) must be a constant because it determines an output shape"
                        r"(?:; it is computed from graph inputs ((?:'(?:[^'\\]|\\.)*'(?:, )?)+))?")


def shape_determining_inputs(compiler_message):
    """Graph inputs that compiler errors say must be constants: the input itself, or the graph inputs an
    intermediate is computed from."""
    names = []
    for m in PROMOTE_RE.finditer(compiler_message):
        found = re.findall(_NAME, m.group(2)) if m.group(2) else [m.group(1)]
        names += [n.replace("\\'", "'") for n in found]
    return list(dict.fromkeys(names))


def make_c_identifier(text, limit=60):
    ident = re.sub(r"[^A-Za-z0-9]", "_", text)
    ident = re.sub(r"_+", "_", ident).strip("_")
    return ident[:limit].rstrip("_")
