"""Train a small CNN on scikit-learn's 8x8 digits and export it to ONNX with sample inputs."""
# SPDX-License-Identifier: Apache-2.0
import argparse
import inspect
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

REPO = Path(__file__).resolve().parents[2]
REQUIRED_OPS = {"Conv", "BatchNormalization", "Relu", "MaxPool", "Flatten", "Gemm"}


def build_model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def train(x_tr, y_tr, x_te, y_te, epochs=12, batch=64):
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        model.train()
        for idx in torch.randperm(len(x_tr), generator=gen).split(batch):
            opt.zero_grad()
            loss_fn(model(x_tr[idx]), y_tr[idx]).backward()
            opt.step()
        acc = accuracy(model, x_te, y_te)
        print(f"epoch {epoch + 1:2d}: test accuracy {acc:.4f}")
    return model, acc


def export(model, path):
    kwargs = dict(input_names=["image"], output_names=["logits"],
                  dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                  opset_version=13, do_constant_folding=False)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with warnings.catch_warnings():  # legacy-exporter deprecation notice
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(model.eval(), torch.zeros(1, 1, 8, 8), str(path), **kwargs)
    m = onnx.load(str(path))
    onnx.checker.check_model(m)
    ops = Counter(n.op_type for n in m.graph.node)
    missing = REQUIRED_OPS - set(ops)
    assert not missing, f"exported graph lacks {sorted(missing)}: {dict(ops)}"
    print(f"exported {path} ({path.stat().st_size} bytes), opset "
          f"{m.opset_import[0].version}, ops {dict(sorted(ops.items()))}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out-dir", type=Path, default=REPO / "samples" / "digits")
    args = ap.parse_args()

    torch.manual_seed(0)
    np.random.seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None]  # [N,1,8,8] in [0,1]
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)

    model, acc = train(*map(torch.from_numpy, (x_tr, y_tr, x_te, y_te)))
    print(f"test accuracy: {acc:.4f} ({len(y_te)} images)")
    assert acc > 0.95, "test accuracy must exceed 95%"

    model_dir, data_dir = args.out_dir / "model", args.out_dir / "data"
    model_dir.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = model_dir / "digits_cnn.onnx"
    export(model, onnx_path)

    imgs, labels = np.ascontiguousarray(x_te[:10]), y_te[:10].copy()
    np.save(data_dir / "digits_10.npy", imgs)
    np.save(data_dir / "labels_10.npy", labels)
    np.save(data_dir / "digit_0.npy", np.ascontiguousarray(imgs[:1]))
    imgs.astype("<f4").tofile(data_dir / "digits_10.f32")
    (data_dir / "labels_10.txt").write_text("".join(f"{v}\n" for v in labels))

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    logits = sess.run(["logits"], {"image": imgs})[0].astype(np.float32)
    np.save(data_dir / "digits_10_ort_logits.npy", logits)
    with torch.no_grad():
        ref = model(torch.from_numpy(imgs)).numpy()
    print(f"max |ORT - torch| logits: {np.abs(logits - ref).max():.3g}")
    pred = logits.argmax(1)
    print("predicted:", " ".join(map(str, pred)))
    print("true:     ", " ".join(map(str, labels)))
    print(f"{int((pred == labels).sum())}/10 correct")


if __name__ == "__main__":
    main()
