#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Keras models converted with tf2onnx, into the deep zoo (same files and manifests as tools/zoo/deep.py).

TensorFlow pins its own protobuf and numpy ranges, so it lives in a venv of its own (tools/zoo/setup_zoo_venv.sh
--tf prints its python):
    $(tools/zoo/setup_zoo_venv.sh --tf) tools/zoo/keras_tf2onnx.py [--out DIR] [--only SUBSTRING]
Keras 3 models are not accepted by tf2onnx.convert.from_keras, so each model is converted as a tf.function of the
model in inference mode (tf2onnx.convert.from_function) at tf2onnx's default opset. Weights are Keras' random
initialization under keras.utils.set_random_seed(0); batch-normalization statistics are randomized so that they
matter. Files: NAME.tf2onnx.onnx, NAME.tf2onnx.INPUT.bROWS.npy, NAME.tf2onnx.json.
"""
import argparse
import os
import sys

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deep import SEED, Spec, default_out, write  # noqa: E402  (deep.py imports torch only when exporting)

BATCH = 2


def keras_cnn(keras):
    """Conv2D + BatchNormalization + ReLU, a depthwise-separable block, pooling, dense softmax head (NHWC)."""
    layers = keras.layers
    x = inp = keras.Input((32, 32, 3), name="image")
    x = layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.DepthwiseConv2D(3, padding="same")(x)
    x = layers.Conv2D(32, 1, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(32, 3, strides=2, padding="valid", activation="swish")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inp, x), {"image": np.random.default_rng(SEED).standard_normal((BATCH, 32, 32, 3))
                                 .astype(np.float32)}


def keras_lstm(keras):
    """Embedding, LSTM over 20 steps, dense sigmoid: a small text classifier."""
    layers = keras.layers
    inp = keras.Input((20,), dtype="int32", name="tokens")
    x = layers.Embedding(1000, 32)(inp)
    x = layers.LSTM(24)(x)
    x = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inp, x), {"tokens": np.random.default_rng(SEED).integers(0, 1000, (BATCH, 20))
                                 .astype(np.int32)}


MODELS = {"keras_cnn": keras_cnn, "keras_lstm": keras_lstm}


def randomize_batch_norm(model, keras):
    r = np.random.default_rng(SEED)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights([r.uniform(0.5, 1.5, gamma.shape).astype(np.float32),
                               r.normal(0, 0.1, beta.shape).astype(np.float32),
                               r.normal(0, 0.1, mean.shape).astype(np.float32),
                               r.uniform(0.5, 1.5, var.shape).astype(np.float32)])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=default_out())
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf
    import tf2onnx
    os.makedirs(args.out, exist_ok=True)
    for name, builder in MODELS.items():
        if args.only not in name:
            continue
        keras.utils.set_random_seed(SEED)
        model, inputs = builder(keras)
        randomize_batch_norm(model, keras)
        sig = [tf.TensorSpec((None,) + a.shape[1:], tf.as_dtype(a.dtype), name=n) for n, a in inputs.items()]
        fn = tf.function(lambda *xs: model(list(xs) if len(xs) > 1 else xs[0], training=False), input_signature=sig)
        base = os.path.join(args.out, f"{name}.tf2onnx")
        m, _ = tf2onnx.convert.from_function(fn, input_signature=sig, output_path=base + ".onnx")
        m = onnx.load(base + ".onnx")
        m.graph.name = name
        m.producer_version = tf2onnx.__version__
        onnx.save(m, base + ".onnx")
        write(args.out, name, "tf2onnx", f"{builder.__doc__.strip()} (Keras {keras.__version__}, tf2onnx "
              f"{tf2onnx.__version__})", Spec(None, inputs, {}, []), m)
        print(f"exported {name}.tf2onnx: {len(m.graph.node)} nodes, opset "
              f"{[o.version for o in m.opset_import if o.domain in ('', 'ai.onnx')]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
