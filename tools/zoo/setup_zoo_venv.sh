#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Creates (once) the zoo's Python virtual environment outside the repo and prints its python.
# Location: $ONNX_AOTC_ZOO_VENV, default ${ONNX_AOTC_ZOO_DIR:-$HOME/.cache/onnx-aotc}/zoo-venv.
# Reinstalls only when requirements-classic-ml.txt changed (a hash stamp), so a second run is instant.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${ONNX_AOTC_ZOO_VENV:-${ONNX_AOTC_ZOO_DIR:-$HOME/.cache/onnx-aotc}/zoo-venv}
req=$here/requirements-classic-ml.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
  "$venv/bin/python" -m pip install -q -r "$req" >&2
  echo "$want" > "$stamp"
fi
# --tf: a second venv (zoo-tf-venv beside zoo-venv) for tools/zoo/keras_tf2onnx.py; prints its python instead.
if [ "${1:-}" = "--tf" ]; then
  tf=$(dirname "$venv")/zoo-tf-venv
  want=$(sha256sum "$here/requirements-tf.txt" | cut -d' ' -f1)
  if [ ! -x "$tf/bin/python" ] || [ "$(cat "$tf/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    python3 -m venv "$tf" >&2
    nice "$tf/bin/python" -m pip install -q -r "$here/requirements-tf.txt" >&2
    echo "$want" > "$tf/.requirements.sha256"
  fi
  echo "$tf/bin/python"
  exit 0
fi
# --deep: also torch, torchvision, transformers and onnxscript for tools/zoo/deep.py (about 6 GB, ~3 min).
if [ "${1:-}" = "--deep" ]; then
  deep=$here/requirements-deep.txt
  want=$(sha256sum "$deep" | cut -d' ' -f1)
  if [ "$(cat "$venv/.requirements-deep.sha256" 2>/dev/null)" != "$want" ]; then
    nice "$venv/bin/python" -m pip install -q -r "$deep" >&2
    echo "$want" > "$venv/.requirements-deep.sha256"
  fi
fi
echo "$venv/bin/python"
