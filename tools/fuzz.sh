#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets (clang, ASan + UBSan, -DONNX_AOTC_FUZZ=ON) in a build directory of their own and
# runs each for a while from the checked-in seed corpus (test/fuzz/corpus/<target>). Exits non-zero on any
# finding (crash, sanitizer report, timeout, out-of-memory); the input that triggered it is left in
# <build-dir>/fuzz-artifacts/. New inputs go to <build-dir>/fuzz-work/<target>, never to the checked-in corpus.
#
#   tools/fuzz.sh [--build-dir DIR] [--seconds N per target] [--no-build] [-- extra libFuzzer flags]
# Defaults: build-fuzz/ in the repository, 120 s per target. See docs/fuzzing.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"
seconds=120
do_build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --) shift; break ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
targets=(fuzz_model fuzz_graph)

if [ "$do_build" = 1 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DONNX_AOTC_FUZZ=ON -DONNX_AOTC_BUILD_TESTS=OFF -DONNX_AOTC_BUILD_SAMPLES=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"
  fi
  cmake --build "$build" --target "${targets[@]}"
fi

mkdir -p "$build/fuzz-artifacts"
status=0
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  mkdir -p "$work"
  echo "fuzz.sh: $t for ${seconds}s (corpus $work + test/fuzz/corpus/$t)"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: more than 2 GiB is a finding.
  rc=0
  "$build/bin/$t" "$work" "$root/test/fuzz/corpus/$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" "$@" \
    > "$build/fuzz-work/$t.log" 2>&1 || rc=$?
  grep -E "^#[0-9]+ +(INITED|DONE)|ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss_mb|Test unit written" \
    "$build/fuzz-work/$t.log" || true
  if [ "$rc" != 0 ] || grep -q "runtime error:\|Test unit written" "$build/fuzz-work/$t.log"; then
    echo "fuzz.sh: $t FOUND A PROBLEM (exit $rc); see $build/fuzz-work/$t.log and $build/fuzz-artifacts/" >&2
    status=1
  else
    echo "fuzz.sh: $t: no findings"
  fi
done
exit $status
