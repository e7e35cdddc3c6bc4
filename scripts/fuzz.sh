#!/usr/bin/env bash
# Builds the fuzz targets (tests/fuzz: libFuzzer with AddressSanitizer and UBSan, clang from
# Debian) and runs each for a bounded time from its seed corpus; every input that once broke a
# target (tests/fuzz/regressions/<target>/) is replayed first. scripts/test.sh runs this as the
# `fuzz` test.
#   scripts/fuzz.sh [target ...]        (default: all)
#   RD_FUZZ_SECONDS=N   seconds per target (default 15)
#   RD_FUZZ_SEED=N      libFuzzer's seed (default 1: every run starts the same; 0: random)
#   RD_FUZZ_BUILD=DIR   build directory (default build/fuzz); its corpus/ grows between runs
# Exit 1 when a target broke: the input is saved in DIR/crashes/<target>/, the report is in
# DIR/<target>.log. Make it a regression: copy the input to tests/fuzz/regressions/<target>/,
# fix the parser, and add a test of the behaviour to the parser's own test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${RD_FUZZ_BUILD:-$root/build/fuzz}"
seconds="${RD_FUZZ_SECONDS:-15}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: RD_FUZZ_SECONDS must be a whole number of seconds, at least 1" >&2; exit 2; }
# The same start in every run (a fixed seed), so a shallow bug fails every run, not one in
# three; RD_FUZZ_SEED=0 lets libFuzzer pick. ASan's quarantine is kept small (a long run of the
# multipart target grew to 1 GB with the default).
seed="${RD_FUZZ_SEED:-1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64}"

if ! command -v clang++ >/dev/null || [ ! -e "$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a)" ]; then
  echo "fuzz: clang++ with libFuzzer is missing (scripts/deps.sh test installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi
# Debug: Qt's own checks (Q_ASSERT, bounds of at() and []) stay in (RelWithDebInfo drops them).
if [ ! -f "$build/build.ninja" ]; then
  CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug >/dev/null
fi
if ! cmake --build "$build" -- -j"$(nproc)" >"$build/build.log" 2>&1; then
  echo "fuzz: the fuzz targets do not build:" >&2
  tail -n 40 "$build/build.log" >&2
  exit 1
fi

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_csv fuzz_multipart fuzz_html fuzz_rtf fuzz_template fuzz_wire fuzz_searchquery)
failed=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus" "$build/crashes/$t"
  regressions=("$root/tests/fuzz/regressions/$t"/*)
  if [ -e "${regressions[0]}" ] && ! "$build/$t" -timeout=5 "${regressions[@]}" >"$build/$t.regressions.log" 2>&1; then
    echo "fuzz: $t fails on a saved regression input:" >&2
    tail -n 30 "$build/$t.regressions.log" >&2
    failed=1
    continue
  fi
  # -timeout: one input (at most 64 KB) taking 5 s is a hang or a quadratic reader (the HTML
  # reader's took 4 s); -rss_limit_mb: 2 GB is a leak or a bomb.
  if "$build/$t" -seed="$seed" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$build/crashes/$t/" -print_final_stats=1 "$corpus" "$root/tests/fuzz/corpus/$t" \
      >"$build/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$t.log")
    edges=$(grep -o 'cov: [0-9]*' "$build/$t.log" | tail -n 1 | cut -d' ' -f2)
    printf 'fuzz: %-17s %8s inputs in %s s, %s edges covered, no failure\n' "$t" "${runs:-?}" "$seconds" "${edges:-?}"
  else
    echo "fuzz: $t broke; input saved in $build/crashes/$t/:" >&2
    grep -E 'ERROR|SUMMARY|runtime error|promise is broken|Test unit written' "$build/$t.log" | head -n 10 >&2 || true
    failed=1
  fi
done
exit $failed
