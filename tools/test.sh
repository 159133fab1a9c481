#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every test: installs what is missing (Debian packages, the test venv), builds, runs ctest
# (unit, lit, end-to-end against ONNX Runtime, samples, conformance plain and under ASan + UBSan), then
# fuzzes the compiler for a few minutes (tools/fuzz.sh: clang, build-fuzz/). Extra args go to ctest.
# ONNX_AOTC_FUZZ_SECONDS (per target, default 90; 0 skips fuzzing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install_deps.sh"
python=$("$root/tools/setup_venv.sh")
"$root/tools/build.sh" -DONNX_AOTC_TEST_PYTHON="$python"
cd "$root/build"
ctest --output-on-failure -j2 "$@"
seconds=${ONNX_AOTC_FUZZ_SECONDS:-90}
if [ "$seconds" != 0 ]; then
  "$root/tools/fuzz.sh" --build-dir "$root/build-fuzz" --seconds "$seconds"
fi
