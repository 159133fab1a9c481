#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the ONNX backend tests (node, simple, pytorch-converted, pytorch-operator, light) through onnx-aotc.

Each test is compiled with `onnx-aotc compile --weights embed`, first with every graph input left a runtime
input; if the compiler answers that some inputs must be constants because they determine an output shape,
exactly those are bound to the test's first data set with --constant-input and it compiles again. Compiled
tests are built many at a time (one unity translation unit per batch, with a driver that dispatches on the
test name), run on every data set, and their outputs are compared with the expected ones.

Writes BUILD_DIR/conformance-results.csv (suite,test,status,mode,max_abs_err,reason) and prints totals.
--expected FILE fails the run if a test listed there does not pass; --update-expected rewrites FILE.

  tools/conformance/run_conformance.py [--suites node,simple] [--filter 'test_abs*'] \\
      [--expected tools/conformance/expected_pass.txt] [--update-expected]
"""
import argparse
import concurrent.futures as cf
import csv
import fnmatch
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402

import onnx_tests  # noqa: E402
import tolerances  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SUITE_PREFIX = {"node": "n", "simple": "s", "pytorch-converted": "pc", "pytorch-operator": "po", "light": "l"}
SYMBOLIC_RE = re.compile(r"graph input '((?:[^'\\]|\\.)*)' has symbolic dimension '([^']*)' at axis (\d+); bind it with --dim")
NO_SHAPE_RE = re.compile(r"graph input '((?:[^'\\]|\\.)*)' has (?:no shape|an unknown dimension at axis \d+); give")
COMPILE_TIMEOUT = 300



class Test:
    def __init__(self, case, ident, workdir):
        self.case = case
        self.ident = ident
        self.dir = workdir
        self.status = None          # pass / fail / unsupported / error
        self.mode = "runtime"
        self.reason = ""
        self.max_abs_err = None
        self.constants = {}         # input name -> .pb file bound with --constant-input
        self.dims = {}              # symbolic dimension -> value (--dim), from the first data set
        self.shapes = {}            # input name -> shape (--input-shape), from the first data set
        self.sequence_lengths = {}  # sequence/optional input -> element count (--sequence-length)
        self.inputs = []            # kInputs: (name, onnx_type, shape, bytes)
        self.outputs = []           # kOutputs
        self.runs = []              # per data set: (input raw files, output raw files, expected .pb files)
        self.exe = None
        self.incbin = False         # weights in <ident>_weights.S + .bin rather than <ident>_weights.cpp

    @property
    def key(self):
        return f"{self.case.suite}/{self.case.name}"

    def finish(self, status, reason=""):
        self.status = status
        self.reason = one_line(reason)


def one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clean_message(text, model_path):
    """A compiler message without the model's path and the 'onnx-aotc:' prefix."""
    text = text.replace(model_path + ": ", "").replace(model_path, "model.onnx")
    return re.sub(r"^onnx-aotc:\s*", "", text.strip())


# ---------------------------------------------------------------------------------------------- compile


def unescape_c(s):
    """The text of a C string literal's body as escape_string_literal writes it (\\, \" and octal)."""
    i = 0
    data = s.encode("latin-1", "backslashreplace")
    raw = bytearray()
    while i < len(data):
        c = data[i]
        if c == 0x5C and i + 1 < len(data):  # backslash
            j = i + 1
            if 0x30 <= data[j] <= 0x37:
                k = j
                while k < len(data) and k < j + 3 and 0x30 <= data[k] <= 0x37:
                    k += 1
                raw.append(int(data[j:k], 8))
                i = k
                continue
            raw.append(data[j])
            i = j + 1
            continue
        raw.append(c)
        i += 1
    return raw.decode("utf-8", "replace")


INFO_RE = re.compile(r'\{"((?:[^"\\]|\\.)*)", (-?\d+), (\d+), \{([^}]*)\}, (\d+), (\d+), ([01])\},')


def parse_infos(header_text, array, count):
    start = header_text.index(f"onnx_aotc_tensor_info {array}[] = {{")
    end = header_text.index("};", start)
    infos = []
    for m in INFO_RE.finditer(header_text[start:end]):
        rank = int(m.group(3))
        dims = [int(d) for d in m.group(4).split(",")][:rank] if rank else []
        infos.append((unescape_c(m.group(1)), int(m.group(2)), dims, int(m.group(6)), m.group(7) == "1"))
    return infos[:count]


def header_constant(header_text, name):
    m = re.search(rf"inline constexpr size_t {name} = (\d+);", header_text)
    return int(m.group(1)) if m else None


def data_shape(pb_path):
    try:
        return list(onnx_tests.load_tensor_proto(pb_path).dims)
    except Exception:  # noqa: BLE001
        return None


def compile_test(t, args):
    """Compiles one test and writes its raw input files. Leaves t.status None when it is ready to build."""
    case = t.case
    try:
        model = onnx.load(case.model, load_external_data=False)
    except Exception as e:  # noqa: BLE001
        return t.finish("error", f"cannot load the model: {e}")
    runtime_names = onnx_tests.runtime_input_names(model)
    os.makedirs(t.dir, exist_ok=True)
    data_sets = case.data_sets
    if case.light:
        try:
            protos = onnx_tests.light_inputs(model)
        except Exception as e:  # noqa: BLE001
            return t.finish("error", f"cannot generate inputs: {e}")
        files = []
        for k, p in enumerate(protos):
            files.append(os.path.join(t.dir, f"input_{k}.pb"))
            with open(files[-1], "wb") as f:
                f.write(p.SerializeToString())
        data_sets = [(files, case.data_sets[0][1])]
    if not data_sets:
        return t.finish("error", "no test data set")
    first_inputs = data_sets[0][0]
    input_file = {n: first_inputs[k] for k, n in enumerate(runtime_names) if k < len(first_inputs)}
    # Sequence and optional inputs: their element count and element shapes come from data set 0.
    infos = {x.name: x for x in model.graph.input}
    for n, f in input_file.items():
        if n in infos and onnx_tests.is_container(infos[n]):
            try:
                elements = onnx_tests.container_elements(f, infos[n])
            except Exception as e:  # noqa: BLE001
                return t.finish("unsupported", f"input '{n}': {e}")
            t.sequence_lengths[n] = len(elements)
            for i, tensor in enumerate(elements):
                t.shapes[f"{n}[{i}]"] = list(tensor.dims)

    while True:
        cmd = [args.compiler, "compile", case.model, "-o", t.dir, "--name", t.ident,
               "--weights", "incbin" if t.incbin else "embed"]
        for n, f in t.constants.items():
            cmd += ["--constant-input", f"{n}={f}"]
        for d, v in t.dims.items():
            cmd += ["--dim", f"{d}={v}"]
        for n, shape in t.shapes.items():
            cmd += ["--input-shape", f"{n}={'x'.join(map(str, shape))}"]
        for n, count in t.sequence_lengths.items():
            cmd += ["--sequence-length", f"{n}={count}"]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=COMPILE_TIMEOUT)
        except subprocess.TimeoutExpired:
            return t.finish("error", f"onnx-aotc compile timed out after {COMPILE_TIMEOUT} s")
        stderr = p.stderr
        if p.returncode == 0:
            embedded = os.path.join(t.dir, f"{t.ident}_weights.cpp")
            if not t.incbin and os.path.getsize(embedded) > args.embed_limit_mb * (1 << 20):
                os.remove(embedded)
                t.incbin = True
                continue
            break
        wanted = onnx_tests.shape_determining_inputs(stderr)
        new = [n for n in dict.fromkeys(wanted) if n not in t.constants and n in input_file]
        if new:
            for n in new:
                t.constants[n] = input_file[n]
            t.mode = "constant"
            continue
        # Inputs without a static shape get the first data set's (that is no promotion to a constant).
        m = SYMBOLIC_RE.search(stderr)
        if m and m.group(2) not in t.dims and m.group(1) in input_file:
            dims = data_shape(input_file[m.group(1)])
            if dims is not None and int(m.group(3)) < len(dims):
                t.dims[m.group(2)] = dims[int(m.group(3))]
                continue
        m = NO_SHAPE_RE.search(stderr)
        if m and m.group(1) not in t.shapes and m.group(1) in input_file:
            dims = data_shape(input_file[m.group(1)])
            if dims is not None:
                t.shapes[m.group(1)] = dims
                continue
        lines = [clean_message(ln, case.model) for ln in stderr.splitlines()]
        unsupported = [ln[len("unsupported:"):].strip() for ln in lines if ln.startswith("unsupported:")]
        if unsupported:
            return t.finish("unsupported", unsupported[0])
        errors = [ln[len("error:"):].strip() for ln in lines if ln.startswith("error:")]
        text = errors[0] if errors else next((ln for ln in lines if ln), f"onnx-aotc exited with {p.returncode}")
        if p.returncode < 0:
            text = f"onnx-aotc crashed (signal {-p.returncode}): {text}"
        return t.finish("error", text)

    header_path = os.path.join(t.dir, f"{t.ident}.h")
    try:
        with open(header_path, encoding="utf-8", errors="replace") as f:
            header = f.read()
        n_in, n_out = header_constant(header, "kNumInputs"), header_constant(header, "kNumOutputs")
        t.inputs = parse_infos(header, "kInputs", n_in)
        t.outputs = parse_infos(header, "kOutputs", n_out)
        if len(t.inputs) != n_in or len(t.outputs) != n_out:
            raise ValueError("kInputs/kOutputs do not match kNumInputs/kNumOutputs")
    except Exception as e:  # noqa: BLE001
        return t.finish("error", f"cannot read the generated header: {e}")

    # Raw input files per data set. In constant mode only data sets whose bound inputs equal set 0's apply.
    for d, (ins, outs) in enumerate(data_sets):
        try:
            outs = onnx_tests.expand_sequence_outputs(model, outs, t.dir, f"ds{d}")
        except Exception as e:  # noqa: BLE001
            return t.finish("error", f"cannot read the expected sequences: {e}")
        if len(outs) != len(t.outputs):
            return t.finish("error", f"the compiled model has {len(t.outputs)} outputs, the test data {len(outs)}")
        if d > 0 and t.constants:
            same = all(k < len(ins) and open(ins[k], "rb").read() == open(first_inputs[k], "rb").read()
                       for k, n in enumerate(runtime_names) if n in t.constants)
            if not same:
                continue
        raw_ins = []
        try:
            protos = onnx_tests.input_protos(model, runtime_names, ins)
        except Exception as e:  # noqa: BLE001
            return t.finish("error", f"cannot read the input data: {e}")
        for i, (name, _type, shape, nbytes, _) in enumerate(t.inputs):
            if name not in protos:
                return t.finish("error", f"no test data for compiled input '{name}'")
            try:
                proto = protos[name]
                data = onnx_tests.to_raw(proto)
            except Exception as e:  # noqa: BLE001
                return t.finish("error", f"input '{name}': cannot convert it: {e}")
            if list(proto.dims) != list(shape) or (len(data) != nbytes and proto.data_type != onnx.TensorProto.STRING):
                return t.finish("error", f"input '{name}': test data has shape {list(proto.dims)} ({len(data)} bytes), "
                                         f"the compiled model expects {shape} ({nbytes} bytes)")
            raw_ins.append(os.path.join(t.dir, f"ds{d}_in{i}.bin"))
            with open(raw_ins[-1], "wb") as f:
                f.write(data)
        raw_outs = [os.path.join(t.dir, f"ds{d}_out{i}.bin") for i in range(len(t.outputs))]
        t.runs.append((raw_ins, raw_outs, outs))
    return None


# ---------------------------------------------------------------------------------------------- build

DRIVER_HEAD = r"""
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace conformance_driver {
using RunFn = int (*)(const void* const*, void* const*, int64_t*, void*);

struct Buffers {  // every allocation of one run, freed together (LeakSanitizer runs check the driver too)
  std::vector<void*> all;
  ~Buffers() {
    for (void* p : all) std::free(p);
  }
  void* alloc(size_t bytes) {
    void* p = std::aligned_alloc(64, (bytes / 64 + 1) * 64);
    if (p) std::memset(p, 0xA5, (bytes / 64 + 1) * 64);  // unwritten outputs show up as garbage, not zeros
    all.push_back(p);
    return p;
  }
};

bool transfer(const char* path, void* data, size_t bytes, bool write) {
  std::FILE* f = std::fopen(path, write ? "wb" : "rb");
  if (!f) return false;
  const size_t n = write ? std::fwrite(data, 1, bytes, f) : std::fread(data, 1, bytes, f);
  return std::fclose(f) == 0 && n == bytes;
}

// String tensors travel as files of (int64 byte count, bytes) per element.
bool read_strings(const char* path, size_t count, Buffers& buffers, onnx_aotc_string* views) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  char* chars = static_cast<char*>(buffers.alloc(size > 0 ? static_cast<size_t>(size) : 0));
  const bool read = size >= 0 && chars && std::fread(chars, 1, static_cast<size_t>(size), f) == static_cast<size_t>(size);
  std::fclose(f);
  if (!read) return false;
  size_t at = 0;
  for (size_t i = 0; i < count; ++i) {
    int64_t n = 0;
    if (static_cast<size_t>(size) - at < sizeof n) return false;
    std::memcpy(&n, chars + at, sizeof n);
    at += sizeof n;
    if (n < 0 || static_cast<uint64_t>(n) > static_cast<size_t>(size) - at) return false;
    views[i].data = chars + at;
    views[i].size = n;
    at += static_cast<size_t>(n);
  }
  return at == static_cast<size_t>(size);
}

bool write_strings(const char* path, const onnx_aotc_string* views, size_t count) {
  std::FILE* f = std::fopen(path, "wb");
  if (!f) return false;
  bool ok = true;
  for (size_t i = 0; i < count && ok; ++i) {
    ok = std::fwrite(&views[i].size, sizeof views[i].size, 1, f) == 1;
    if (ok && views[i].size > 0) ok = std::fwrite(views[i].data, 1, static_cast<size_t>(views[i].size), f) == static_cast<size_t>(views[i].size);
  }
  return std::fclose(f) == 0 && ok;
}

constexpr int32_t kStringType = 8;

int drive(size_t ni, const onnx_aotc_tensor_info* in, size_t no, const onnx_aotc_tensor_info* out, size_t arena_bytes,
          RunFn run, int argc, char** argv) {
  if (argc != static_cast<int>(2 + ni + no)) {
    std::fprintf(stderr, "%s: expected %zu input and %zu output files\n", argv[1], ni, no);
    return 2;
  }
  Buffers buffers;
  std::vector<const void*> ins;
  std::vector<void*> outs;
  for (size_t i = 0; i < ni; ++i) {
    void* p = buffers.alloc(in[i].bytes);
    const bool ok = p && (in[i].onnx_type == kStringType
                              ? read_strings(argv[2 + i], in[i].elements, buffers, static_cast<onnx_aotc_string*>(p))
                              : transfer(argv[2 + i], p, in[i].bytes, false));
    if (!ok) {
      std::fprintf(stderr, "cannot read %zu bytes for input '%s' from %s\n", in[i].bytes, in[i].name, argv[2 + i]);
      return 3;
    }
    ins.push_back(p);
  }
  for (size_t i = 0; i < no; ++i) outs.push_back(buffers.alloc(out[i].bytes));
  void* arena = buffers.alloc(arena_bytes);
  std::vector<int64_t> dims(no * ONNX_AOTC_MAX_RANK);
  const int rc = run(ins.empty() ? nullptr : ins.data(), outs.data(), dims.data(), arena);
  if (rc != 0) {
    std::fprintf(stderr, "%s_run returned %d\n", argv[1], rc);
    return 4;
  }
  for (size_t i = 0; i < no; ++i) {
    // Data-dependent outputs: the actual extent, and the dims as one text line on stdout.
    size_t bytes = out[i].bytes;
    if (out[i].data_dependent) {
      size_t elements = 1;
      std::printf("dims %zu", i);
      for (int32_t k = 0; k < out[i].rank; ++k) {
        const int64_t d = dims[i * ONNX_AOTC_MAX_RANK + static_cast<size_t>(k)];
        std::printf(" %lld", static_cast<long long>(d));
        elements *= static_cast<size_t>(d);
      }
      std::printf("\n");
      bytes = out[i].elements ? out[i].bytes / out[i].elements * elements : 0;
    }
    const bool ok = out[i].onnx_type == kStringType
                        ? write_strings(argv[2 + ni + i], static_cast<const onnx_aotc_string*>(outs[i]), bytes / sizeof(onnx_aotc_string))
                        : transfer(argv[2 + ni + i], outs[i], bytes, true);
    if (!ok) {
      std::fprintf(stderr, "cannot write output '%s'\n", out[i].name);
      return 5;
    }
  }
  return 0;
}
}  // namespace conformance_driver

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s TEST INPUT_FILES... OUTPUT_FILES...\n", argv[0]);
    return 2;
  }
  const char* test = argv[1];
"""

DRIVER_CASE = """  if (std::strcmp(test, "{n}") == 0)
    return conformance_driver::drive({n}::kNumInputs, {n}::kInputs, {n}::kNumOutputs, {n}::kOutputs, {n}::kArenaBytes,
                                     &{n}_run_dims, argc, argv);
"""


def write_unity(path, tests):
    parts = ["// Generated by tools/conformance/run_conformance.py: one translation unit for several tests.\n"]
    for t in tests:
        parts.append(f'#include "{t.ident}/{t.ident}.cpp"\n')
        if not t.incbin:
            parts.append(f'#include "{t.ident}/{t.ident}_weights.cpp"\n')
    parts.append(DRIVER_HEAD)
    parts.extend(DRIVER_CASE.format(n=t.ident) for t in tests)
    parts.append('  std::fprintf(stderr, "unknown test %s\\n", test);\n  return 2;\n}\n')
    with open(path, "w") as f:
        f.write("".join(parts))


def first_error(log):
    lines = log.splitlines()
    for ln in lines:
        if re.search(r"\b(error|Error)\b", ln) and "error(s)" not in ln:
            return ln
    return next((ln for ln in reversed(lines) if ln.strip()), "build failed")


def short_error(line):
    """'path:line:col: error: text' -> 'FILE: error: text' with the file's base name only."""
    m = re.match(r"^(\S+?):\d+(?::\d+)?: (?:fatal )?(error: .*)$", line)
    return f"{os.path.basename(m.group(1))}: {m.group(2)}" if m else line


def shorten_paths(text, args):
    return text.replace(args.tests_dir + os.sep, "").replace(REPO + os.sep, "")


class Builder:
    def __init__(self, args):
        self.args = args
        self.counter = 0
        self.builds = 0

    def build(self, tests, label):
        src = os.path.join(self.args.batches_dir, f"{label}.cpp")
        exe = os.path.join(self.args.batches_dir, label)
        write_unity(src, tests)
        warnings = ["-Wall", "-Wextra", "-Werror"] if self.args.werror else ["-w"]
        cmd = [self.args.cxx, "-std=c++17", "-O1", *warnings, *self.args.cxxflags.split(), f"-I{self.args.runtime_include}",
               f"-I{self.args.tests_dir}", src]
        for t in tests:
            if t.incbin:
                cmd += [f"-Wa,-I{t.dir}", os.path.join(t.dir, f"{t.ident}_weights.S")]
        cmd += ["-o", exe]
        self.builds += 1
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=self.args.build_timeout)
        except subprocess.TimeoutExpired:
            return None, f"building timed out after {self.args.build_timeout} s"
        if p.returncode == 0:
            return exe, ""
        return None, p.stderr + p.stdout

    def build_group(self, tests, label):
        """Builds `tests` into one executable, isolating the tests that do not build."""
        exe, log = self.build(tests, label)
        if exe:
            for t in tests:
                t.exe = exe
            return
        if len(tests) == 1:
            line = short_error(shorten_paths(first_error(log), self.args))
            tests[0].finish("error", "generated code does not build: " + line.replace(tests[0].ident, "MODEL"))
            return
        # Errors located in a test's own generated files are that test's; the others build without it.
        own = {}
        for m in re.finditer(r"^([A-Za-z0-9_]+)/\1(?:_weights)?\.(?:cpp|h):\d+(?::\d+)?: (?:fatal )?error: (.*)$",
                             shorten_paths(log, self.args), re.M):
            own.setdefault(m.group(1), f"MODEL.cpp: error: {m.group(2)}")
        culprits = [t for t in tests if t.ident in own]
        if culprits:
            for t in culprits:
                t.finish("error", "generated code does not build: " + own[t.ident])
            rest = [t for t in tests if t.ident not in own]
            if rest:
                self.build_group(rest, label + "_r")
            return
        # Errors elsewhere (a kernel header, the link): split in halves until single tests fail.
        half = len(tests) // 2
        self.build_group(tests[:half], f"{label}_a")
        self.build_group(tests[half:], f"{label}_b")


# ---------------------------------------------------------------------------------------------- run


def run_test(t, args):
    rtol, atol, _ = tolerances.lookup(t.case.suite, t.case.name)
    timeout = args.timeout * (4 if t.case.suite == "light" else 1)  # whole networks on reference kernels
    max_err = None
    for d, (raw_ins, raw_outs, expected) in enumerate(t.runs):
        try:
            p = subprocess.run([t.exe, t.ident, *raw_ins, *raw_outs], capture_output=True, text=True, errors="replace",
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return t.finish("error", f"timed out after {timeout} s")
        if p.returncode != 0:
            if p.returncode < 0:
                try:
                    sig = signal.Signals(-p.returncode).name
                except ValueError:
                    sig = f"signal {-p.returncode}"
                return t.finish("error", f"crashed ({sig})")
            return t.finish("error", f"run failed (exit {p.returncode}): {p.stderr.strip()[:200]}")
        reported = {}
        for line in p.stdout.splitlines():
            if line.startswith("dims "):
                nums = [int(x) for x in line.split()[1:]]
                reported[nums[0]] = nums[1:]
        for i, (name, onnx_type, shape, nbytes, data_dependent) in enumerate(t.outputs):
            if data_dependent:
                if i not in reported:
                    return t.finish("error", f"output '{name}': no dims reported")
                elem = nbytes // max(1, int(np.prod(shape))) if int(np.prod(shape)) else 0
                shape = reported[i]
                nbytes = elem * int(np.prod(shape))
            try:
                want_proto = onnx_tests.load_tensor_proto(expected[i])
                want = onnx.numpy_helper.to_array(want_proto)
            except Exception as e:  # noqa: BLE001
                return t.finish("error", f"output '{name}': cannot read the expected value: {e}")
            if want_proto.data_type != onnx_type:
                return t.finish("fail", f"output '{name}': type {onnx_type} != expected {want_proto.data_type}")
            if list(want.shape) != list(shape):
                return t.finish("fail", f"output '{name}': shape {shape} != expected {list(want.shape)}")
            with open(raw_outs[i], "rb") as f:
                data = f.read()
            if len(data) != nbytes and onnx_type != onnx.TensorProto.STRING:
                return t.finish("error", f"output '{name}': {len(data)} bytes written, {nbytes} expected")
            try:
                got, want = onnx_tests.from_raw(data, want_proto, want)
                is_float = onnx_type in onnx_tests.FLOAT_TYPES
                err, e = onnx_tests.compare(f"output '{name}'" + (f" (data set {d})" if len(t.runs) > 1 else ""),
                                            got, want, is_float, rtol, atol)
            except Exception as ex:  # noqa: BLE001
                return t.finish("error", f"output '{name}': cannot compare: {ex}")
            if e is not None and e == e:
                max_err = e if max_err is None else max(max_err, e)
            if err:
                t.max_abs_err = max_err
                return t.finish("fail", err)
    t.max_abs_err = max_err
    t.finish("pass")


# ---------------------------------------------------------------------------------------------- main


def load_list(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-root", help="directory holding node/, simple/, ... (default: the data inside the onnx package)")
    ap.add_argument("--suites", default=",".join(onnx_tests.SUITES), help="comma-separated suites (default: all five)")
    ap.add_argument("--filter", action="append", default=[], help="only tests whose name matches this glob (repeatable)")
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build", "conformance"))
    ap.add_argument("--compiler", default=os.path.join(REPO, "build", "bin", "onnx-aotc"))
    ap.add_argument("--cxx", default=os.environ.get("CXX") or "c++")
    ap.add_argument("--werror", action="store_true", help="build the generated code with -Wall -Wextra -Werror "
                    "(a warning then fails the tests of its batch)")
    ap.add_argument("--cxxflags", default="", help="extra flags for building the generated code, e.g. "
                    "'-fsanitize=address,undefined -fno-sanitize-recover=all'")
    ap.add_argument("--runtime-include", default=os.path.join(REPO, "runtime_lib", "include"))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--timeout", type=int, default=30, help="seconds per test run (light suite: 4 times as many)")
    ap.add_argument("--build-timeout", type=int, default=600, help="seconds per batch build")
    ap.add_argument("--embed-limit-mb", type=float, default=8,
                    help="weights literals past this size are compiled with --weights incbin instead (compilers take "
                         "minutes and gigabytes over string literals of hundreds of megabytes)")
    ap.add_argument("--expected", help="file of suite/test names that must pass")
    ap.add_argument("--update-expected", action="store_true", help="rewrite --expected from this run")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every test's result")
    args = ap.parse_args()

    t0 = time.monotonic()
    root = args.data_root or onnx_tests.onnx_data_root()
    suites = [s for s in args.suites.split(",") if s]
    for s in suites:
        if s not in onnx_tests.SUITES:
            ap.error(f"unknown suite '{s}'")
    if not os.path.isfile(args.compiler):
        ap.error(f"{args.compiler}: no compiler; build it first")
    cases = onnx_tests.discover(root, suites)
    if args.filter:
        cases = [c for c in cases if any(fnmatch.fnmatchcase(c.name, p) for p in args.filter)]

    args.build_dir = os.path.abspath(args.build_dir)
    args.tests_dir = os.path.join(args.build_dir, "tests")
    args.batches_dir = os.path.join(args.build_dir, "batches")
    for d in (args.tests_dir, args.batches_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)

    tests = []
    counters = {}
    for c in cases:
        n = counters.get(c.suite, 0)
        counters[c.suite] = n + 1
        ident = onnx_tests.make_c_identifier(f"{SUITE_PREFIX[c.suite]}{n}_{c.name.removeprefix('test_')}")
        tests.append(Test(c, ident, os.path.join(args.tests_dir, ident)))
    print(f"{len(tests)} tests from {root} ({', '.join(suites)})", flush=True)

    with cf.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda t: compile_test(t, args), tests))
    t1 = time.monotonic()
    ready = [t for t in tests if t.status is None]
    print(f"compiled: {len(ready)} of {len(tests)} tests ready to build ({t1 - t0:.0f} s)", flush=True)

    builder = Builder(args)
    batches = [ready[i:i + args.batch_size] for i in range(0, len(ready), args.batch_size)]
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda kb: builder.build_group(kb[1], f"batch_{kb[0]}"), enumerate(batches)))
    t2 = time.monotonic()
    built = [t for t in ready if t.status is None]
    print(f"built: {len(built)} tests in {len(batches)} batches, {builder.builds} compiler runs ({t2 - t1:.0f} s)",
          flush=True)

    with cf.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda t: run_test(t, args), built))
    t3 = time.monotonic()
    print(f"ran: {len(built)} tests ({t3 - t2:.0f} s)", flush=True)

    csv_path = os.path.join(args.build_dir, "conformance-results.csv")
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["suite", "test", "status", "mode", "max_abs_err", "reason"])
        for t in tests:
            err = "" if t.max_abs_err is None else f"{t.max_abs_err:.3g}"
            w.writerow([t.case.suite, t.case.name, t.status, t.mode, err, t.reason])
            if args.verbose:
                print(f"{t.status:11} {t.mode:8} {t.key} {t.reason}")

    statuses = ("pass", "fail", "unsupported", "error")
    print(f"\n{'suite':18} {'tests':>6} " + " ".join(f"{s:>11}" for s in statuses))
    for s in suites + ["total"]:
        sel = [t for t in tests if s in ("total", t.case.suite)]
        print(f"{s:18} {len(sel):6} " + " ".join(f"{sum(t.status == st for t in sel):11}" for st in statuses))
    passed = [t for t in tests if t.status == "pass"]
    print(f"passed in runtime-input mode: {sum(t.mode == 'runtime' for t in passed)}, "
          f"in constant-input mode: {sum(t.mode == 'constant' for t in passed)}")
    print(f"results: {csv_path}\nwall time: {time.monotonic() - t0:.0f} s")

    rc = 0
    if args.expected:
        selected = {t.key for t in tests}
        expected = load_list(args.expected)
        now_passing = {t.key for t in passed}
        if args.update_expected:
            # Keep entries of suites/tests this run did not cover.
            kept = [k for k in expected if k not in selected]
            with open(args.expected, "w") as f:
                f.write("# Tests that must pass (suite/test). Regenerate with:\n"
                        "#   tools/conformance/run_conformance.py --expected tools/conformance/expected_pass.txt "
                        "--update-expected\n")
                for k in sorted(set(kept) | now_passing):
                    f.write(k + "\n")
            print(f"wrote {args.expected}: {len(set(kept) | now_passing)} tests")
        else:
            regressed = [k for k in expected if k in selected and k not in now_passing]
            missing = [k for k in expected if k not in selected and not args.filter and
                       k.split("/", 1)[0] in suites]
            newly = sorted(now_passing - set(expected))
            by_key = {t.key: t for t in tests}
            if newly:
                print(f"\n{len(newly)} tests pass that {args.expected} does not list (run with --update-expected):")
                for k in newly:
                    print(f"  {k}")
            if missing:
                print(f"\nREGRESSION: {len(missing)} expected tests no longer exist:")
                for k in missing:
                    print(f"  {k}")
            if missing:
                rc = 1
            if regressed:
                print(f"\nREGRESSION: {len(regressed)} expected tests do not pass:")
                for k in regressed:
                    print(f"  {k}: {by_key[k].status} ({by_key[k].mode}) {by_key[k].reason}")
                rc = 1
            else:
                print(f"all {sum(k in selected for k in expected)} expected tests pass")
    return rc


if __name__ == "__main__":
    sys.exit(main())
