#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every test: installs what is missing (Debian packages, the test venv), builds, runs ctest
# (unit, lit, end-to-end against ONNX Runtime, samples, conformance). Extra args go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install_deps.sh"
python=$("$root/tools/setup_venv.sh")
"$root/tools/build.sh" -DONNX_AOTC_TEST_PYTHON="$python"
cd "$root/build"
ctest --output-on-failure -j2 "$@"
