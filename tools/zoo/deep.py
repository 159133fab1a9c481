#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Deep-learning zoo: torchvision CNNs, Hugging Face transformers and a DLRM-style recommender, randomly
initialized (seeded, no downloads) and exported to ONNX with both PyTorch exporters, with inputs and a manifest.

Run it with the zoo venv after installing the deep packages (tools/zoo/setup_zoo_venv.sh --deep):
    $(tools/zoo/setup_zoo_venv.sh --deep) tools/zoo/deep.py [--out DIR] [--only SUBSTRING] [--list]
        [--exporter torchscript|dynamo]
Default output: ${ONNX_AOTC_ZOO_DIR:-~/.cache/onnx-aotc}/deep. Per model NAME and exporter EXP (torchscript:
torch.onnx.export(dynamo=False); dynamo: torch.onnx.export(dynamo=True)), both at the exporter's default opset:
    NAME.EXP.onnx              the exporter's output, weights inside the file (no external data)
    NAME.EXP.INPUT.bROWS.npy   the inputs, ROWS the batch (seeded: images N(0,1), token ids uniform over the
                               vocabulary)
    NAME.EXP.json              the manifest tools/zoo/check reads (the same format as classic_ml.py's); its dims are
                               the symbolic dimensions with the value to bind (batch 1, sequence length ...)
No weights ship with torchvision or transformers, so every model is randomly initialized under torch.manual_seed(0):
the numbers test the compiler, not the model. A model that an exporter cannot export is recorded in
NAME.EXP.failed.txt with the exporter's message, and is an open problem for docs/model-zoo.md.
"""
import argparse
import inspect
import json
import os
import sys
import time
import traceback
import warnings
from pathlib import Path

import numpy as np
import onnx

SEED = 0
EXPORTERS = ("torchscript", "dynamo")
# Issue #5's tolerance for deep float models: float32 sums over thousands of terms in a different order.
TOLERANCE = dict(rtol=1e-3, atol=1e-4, reason="issue #5: deep float32 models (long reductions, summation order)")


def default_out():
    base = os.environ.get("ONNX_AOTC_ZOO_DIR") or os.path.join(Path.home(), ".cache", "onnx-aotc")
    return os.path.join(base, "deep")


MODELS = {}


def register(name, description):
    def wrap(builder):
        MODELS[name] = (description, builder)
        return builder
    return wrap


class Spec:
    """A module to export: its example inputs (name -> numpy array, in forward's order), the symbolic axes of each
    input and output, and the output names."""

    def __init__(self, module, inputs, input_axes, outputs, output_axes=None, torchscript_options=None):
        self.module, self.inputs, self.input_axes, self.outputs = module, inputs, input_axes, outputs
        self.output_axes = output_axes or {}
        self.torchscript_options = torchscript_options  # None: both exporters with their defaults


def image(shape):
    return np.random.default_rng(SEED).standard_normal(shape).astype(np.float32)


def first_tensor(module, keys, arg_names=None):
    """Wraps a module whose forward returns a dict or a ModelOutput so that it returns the tensors under `keys`; with
    `arg_names`, the positional inputs are passed by keyword (GPT-2's second parameter is past_key_values)."""
    import torch

    class First(torch.nn.Module):
        def __init__(self, inner, keys, arg_names=None):
            super().__init__()
            self.inner, self.keys, self.arg_names = inner, keys, arg_names

        def forward(self, *args):
            out = self.inner(**dict(zip(self.arg_names, args))) if self.arg_names else self.inner(*args)
            got = tuple(out[k] for k in self.keys)
            return got[0] if len(got) == 1 else got
    return First(module, keys, arg_names)


def calibrate_batch_norm(m, batch):
    """Sets every BatchNormalization's running statistics to those of its input on `batch`. With freshly initialized
    statistics (mean 0, variance 1) the activations of a random network shrink layer after layer (MobileNetV2's
    logits come out near 1e-12), and a comparison with atol 1e-4 would then test nothing."""
    import torch
    norms = [b for b in m.modules() if isinstance(b, torch.nn.modules.batchnorm._BatchNorm)]
    momentum = [b.momentum for b in norms]
    for b in norms:
        b.reset_running_stats()
        b.momentum = None  # a cumulative average: after one batch, exactly that batch's statistics
    m.train()
    with torch.no_grad():
        m(torch.from_numpy(batch))
    m.eval()
    # The module otherwise as torchvision makes it. Both exporters fold an inference-mode BatchNormalization into
    # the Conv before it, so no zoo CNN has one left (the uncalibrated TorchScript export of ResNet-50 had 47
    # Identity nodes instead: its folded biases were equal, all zero, and shared).
    for b, mom in zip(norms, momentum):
        b.momentum = mom


def torchvision_model(name, factory, size=224, torchscript_options=None, note=""):
    @register(name, f"torchvision.models {factory}(weights=None), 1x3x{size}x{size}{note}")
    def build():
        import torchvision
        fn = getattr(torchvision.models, factory, None) or getattr(torchvision.models.segmentation, factory)
        kwargs = {"weights": None}
        if "lraspp" in factory:
            kwargs["weights_backbone"] = None
        m = fn(**kwargs)
        calibrate_batch_norm(m, image((4, 3, size, size)))
        if "lraspp" in factory:  # returns {"out": ...}
            m = first_tensor(m, ["out"])
        return Spec(m, {"input": image((1, 3, size, size))}, {"input": {0: "batch"}}, ["output"],
                    {"output": {0: "batch"}}, torchscript_options)


torchvision_model("resnet50", "resnet50")
# Both exporters fold BatchNormalization into the Conv before it; without constant folding the 53 stay (with 200
# Identity nodes on shared weights) for the compiler's own fold-conv-affine pass to remove (issue #4's acceptance).
torchvision_model("resnet50_unfolded", "resnet50", torchscript_options=dict(do_constant_folding=False),
                  note=", TorchScript exporter with do_constant_folding=False (BatchNormalization kept)")
torchvision_model("mobilenet_v2", "mobilenet_v2")
torchvision_model("squeezenet1_1", "squeezenet1_1")
torchvision_model("lraspp_mobilenet_v3", "lraspp_mobilenet_v3_large")


def token_ids(vocab, seq):
    return np.random.default_rng(SEED).integers(0, vocab, size=(1, seq), dtype=np.int64)


@register("bert_base", "transformers BertModel(BertConfig()) (BERT-base: 12 layers, 768 hidden), sequence 128")
def bert_base():
    import transformers
    seq = 128
    cfg = transformers.BertConfig()
    m = transformers.BertModel(cfg, add_pooling_layer=True)
    mask = np.ones((1, seq), dtype=np.int64)
    mask[:, 100:] = 0  # padding at the end: the attention mask matters
    types = np.zeros((1, seq), dtype=np.int64)
    types[:, 64:] = 1
    axes = {0: "batch", 1: "sequence"}
    return Spec(first_tensor(m, ["last_hidden_state", "pooler_output"]),
                {"input_ids": token_ids(cfg.vocab_size, seq), "attention_mask": mask, "token_type_ids": types},
                {"input_ids": axes, "attention_mask": axes, "token_type_ids": axes},
                ["last_hidden_state", "pooler_output"], {"last_hidden_state": axes, "pooler_output": {0: "batch"}})


@register("gpt2", "transformers GPT2LMHeadModel(GPT2Config()) (GPT-2 small), sequence 64, use_cache=False, "
          "with an attention mask")
def gpt2():
    import transformers
    seq = 64
    cfg = transformers.GPT2Config(use_cache=False)
    m = transformers.GPT2LMHeadModel(cfg)
    axes = {0: "batch", 1: "sequence"}
    # The attention mask is an input because without one transformers derives packed-sequence boundaries from the
    # position ids with torch.diff, which the TorchScript exporter cannot export (aten::diff).
    return Spec(first_tensor(m, ["logits"], ["input_ids", "attention_mask"]),
                {"input_ids": token_ids(cfg.vocab_size, seq), "attention_mask": np.ones((1, seq), dtype=np.int64)},
                {"input_ids": axes, "attention_mask": axes}, ["logits"], {"logits": axes})


@register("whisper_tiny_encoder", "transformers WhisperModel(WhisperConfig()) encoder (whisper-tiny sizes), "
          "80 mel bins x 3000 frames")
def whisper_tiny_encoder():
    import transformers
    cfg = transformers.WhisperConfig()  # the defaults are whisper-tiny's: d_model 384, 4 encoder layers, 6 heads
    m = transformers.WhisperModel(cfg).get_encoder()
    return Spec(first_tensor(m, ["last_hidden_state"]),
                {"input_features": image((1, cfg.num_mel_bins, 2 * cfg.max_source_positions))},
                {"input_features": {0: "batch"}}, ["last_hidden_state"], {"last_hidden_state": {0: "batch"}})


DLRM_TABLES = (1000, 500, 2000, 100, 50, 10000, 300, 20)  # rows of each embedding table
DLRM_DIM, DLRM_DENSE, DLRM_HOTS = 16, 13, 3


def dlrm_module():
    """DLRM (Naumov et al. 2019) in small: a bottom MLP over the dense features, one sum-pooled embedding lookup per
    sparse feature (DLRM_HOTS indices each), the pairwise dot products of all these vectors (strictly lower
    triangle), and a top MLP over [dense vector, interactions] ending in a sigmoid (click probability)."""
    import torch
    from torch import nn

    def mlp(sizes, last_sigmoid=False):
        layers = []
        for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
            layers.append(nn.Linear(a, b))
            layers.append(nn.Sigmoid() if last_sigmoid and i == len(sizes) - 2 else nn.ReLU())
        return nn.Sequential(*layers)

    class DLRM(nn.Module):
        def __init__(self):
            super().__init__()
            self.bottom = mlp([DLRM_DENSE, 64, 32, DLRM_DIM])
            self.tables = nn.ModuleList(nn.Embedding(rows, DLRM_DIM) for rows in DLRM_TABLES)
            n = len(DLRM_TABLES) + 1
            li, lj = torch.tril_indices(n, n, offset=-1)
            self.register_buffer("li", li, persistent=False)
            self.register_buffer("lj", lj, persistent=False)
            self.top = mlp([DLRM_DIM + n * (n - 1) // 2, 64, 32, 1], last_sigmoid=True)

        def forward(self, dense, sparse):  # dense [batch, 13] float, sparse [batch, tables, hots] int64
            x = self.bottom(dense)
            pooled = [table(sparse[:, t, :]).sum(dim=1) for t, table in enumerate(self.tables)]
            t = torch.stack([x] + pooled, dim=1)  # [batch, tables + 1, dim]
            z = torch.bmm(t, t.transpose(1, 2))
            inter = z[:, self.li, self.lj]
            return self.top(torch.cat([x, inter], dim=1))
    return DLRM()


@register("dlrm", f"DLRM-style recommender (this script): {len(DLRM_TABLES)} embedding tables x {DLRM_DIM}, "
          f"{DLRM_HOTS}-hot sum pooling, bottom/top MLPs, pairwise dot interactions")
def dlrm():
    r = np.random.default_rng(SEED)
    batch = 4
    sparse = np.stack([r.integers(0, rows, size=(batch, DLRM_HOTS)) for rows in DLRM_TABLES], axis=1)
    return Spec(dlrm_module(), {"dense": r.standard_normal((batch, DLRM_DENSE)).astype(np.float32),
                                "sparse": sparse.astype(np.int64)},
                {"dense": {0: "batch"}, "sparse": {0: "batch"}}, ["click"], {"click": {0: "batch"}})


# ---- export --------------------------------------------------------------------------------------------------

def export(spec, exporter, path):
    import torch
    args = tuple(torch.from_numpy(a) for a in spec.inputs.values())
    names = list(spec.inputs)
    common = dict(input_names=names, output_names=spec.outputs, external_data=False)
    if exporter == "torchscript":
        torch.onnx.export(spec.module, args, path, dynamo=False,
                          dynamic_axes={**spec.input_axes, **spec.output_axes}, **common,
                          **(spec.torchscript_options or {}))
    else:
        # Dim.AUTO: torch.export keeps an axis symbolic unless the code specializes it (example size 1 for the
        # batch usually does); the manifest then binds whatever symbols remain. By position, since the wrappers'
        # forward(*args) has no argument names.
        shapes = tuple({ax: torch.export.Dim.AUTO for ax in spec.input_axes[n]} for n in names)
        params = inspect.signature(spec.module.forward).parameters.values()
        if any(p.kind == p.VAR_POSITIONAL for p in params):  # first_tensor's forward(*args): one tuple argument
            shapes = (shapes,)
        torch.onnx.export(spec.module, args, path, dynamo=True, dynamic_shapes=shapes, **common)


def symbolic_dims(m, spec):
    """{dim_param: value} for every symbolic dimension of the inputs, the value from the example inputs."""
    dims = {}
    for vi in m.graph.input:
        if vi.name not in spec.inputs:
            continue
        for ax, d in enumerate(vi.type.tensor_type.shape.dim):
            if d.dim_param:
                dims[d.dim_param] = int(spec.inputs[vi.name].shape[ax])
    return dims


def write(out, name, exporter, description, spec, m):
    base = f"{name}.{exporter}"
    rows = int(next(iter(spec.inputs.values())).shape[0])
    files = {}
    for n, arr in spec.inputs.items():
        np.save(os.path.join(out, f"{base}.{n}.b{rows}.npy"), arr)
        files[n] = f"{base}.{n}.b{rows}.npy"
    kinds = {o.name: "scores" if o.type.tensor_type.elem_type in (onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE)
             else "label" for o in m.graph.output}
    manifest = {
        "name": base, "file": base + ".onnx", "model": description, "exporter": exporter,
        "inputs": [{"name": vi.name, "elem_type": onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type),
                    "shape": [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]}
                   for vi in m.graph.input],
        "outputs": kinds,
        # Integer values: bound as they are (not to the batch's row count); see tools/zoo/check's run_aotc.
        "dims": symbolic_dims(m, spec),
        "batches": {str(rows): files},
        "opsets": {(o.domain or "ai.onnx"): o.version for o in m.opset_import},
        "ops": sorted({(f"{n.domain}." if n.domain else "") + n.op_type for n in m.graph.node}),
        "nodes": len(m.graph.node),
        "tolerance": TOLERANCE,
    }
    with open(os.path.join(out, base + ".json"), "w") as f:
        json.dump(manifest, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=default_out())
    ap.add_argument("--only", default="", help="only the models whose name contains this")
    ap.add_argument("--exporter", choices=EXPORTERS, action="append", help="default: both")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        for name, (description, _) in MODELS.items():
            print(f"{name:22s} {description}")
        return 0
    import torch
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    os.makedirs(args.out, exist_ok=True)
    failed = 0
    for name, (description, builder) in MODELS.items():
        if args.only not in name:
            continue
        for exporter in args.exporter or EXPORTERS:
            base = os.path.join(args.out, f"{name}.{exporter}")
            torch.manual_seed(SEED)
            spec = builder()
            if spec.torchscript_options is not None and exporter != "torchscript":
                continue  # a variant of the TorchScript exporter's options
            spec.module.eval()
            start = time.time()
            try:
                with torch.no_grad():
                    export(spec, exporter, base + ".onnx")
                m = onnx.load(base + ".onnx")
                m.graph.name = name  # stable across reruns
                for node in m.graph.node:  # dynamo's per-node Python stack traces change with any edit of this file
                    keep = [p for p in node.metadata_props if p.key != "pkg.torch.onnx.stack_trace"]
                    del node.metadata_props[:]
                    node.metadata_props.extend(keep)
                onnx.save(m, base + ".onnx")
            except Exception as e:  # noqa: BLE001 -- an exporter failure is a result to record
                failed += 1
                with open(base + ".failed.txt", "w") as f:
                    f.write(f"{type(e).__name__}: {e}\n\n{traceback.format_exc()}")
                print(f"FAILED   {name}.{exporter}: {type(e).__name__}: {str(e).splitlines()[0][:200]}", flush=True)
                continue
            if os.path.exists(base + ".failed.txt"):
                os.remove(base + ".failed.txt")
            write(args.out, name, exporter, description, spec, m)
            print(f"exported {name}.{exporter}: {len(m.graph.node)} nodes, opset "
                  f"{[o.version for o in m.opset_import if o.domain in ('', 'ai.onnx')]}, "
                  f"{time.time() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
