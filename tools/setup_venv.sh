#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Creates (once) the Python virtual environment the tests use and prints its python. Test-only: neither the
# compiler nor the generated code needs Python. Location: $ONNX_AOTC_VENV, default .venv in the repo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${ONNX_AOTC_VENV:-$root/.venv}
req=$root/tools/requirements-test.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
  "$venv/bin/python" -m pip install -q -r "$req" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
