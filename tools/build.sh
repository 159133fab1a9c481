#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds onnx-aotc into build/ (compiler at build/bin/onnx-aotc). Extra args go to CMake.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install_deps.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$root/build"
