#!/usr/bin/env bash
# The long run of the sync simulation (docs/sync.md "Tests"): test_syncsim with many seeds
# (default 20000), one process per core (RD_SYNC_SHARD), against its own throwaway PostgreSQL
# cluster. Prints each process's summary and exits non-zero when a seed failed (its log names
# the seed; replay it with RD_SYNC_SEED=S RD_SYNC_TRACE=1).
#   scripts/sim.sh [SEEDS [PROCESSES [FIRST]]]   (the CMake target `sim` runs it with the defaults)
# FIRST carries a long run on from that seed (an earlier sitting stopped before SEEDS; each
# process's log names the seeds it finished).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-20000}"
procs="${2:-$(nproc)}"
first="${3:-1}"
scripts/deps.sh test
if [ ! -f build/debug/build.ninja ]; then
  cmake --preset debug
fi
cmake --build build/debug --target test_syncsim pgfixture -- -j"$(nproc)"
dir="$(mktemp -d)"
info="$dir/pg.info"
build/debug/tests/pgfixture start "$info"
trap 'build/debug/tests/pgfixture stop "$info" >/dev/null 2>&1 || true' EXIT
export RECRUITDESK_KEYCHAIN=off QT_QPA_PLATFORM=offscreen
start=$(date +%s)
pids=()
for k in $(seq 1 "$procs"); do
  RD_PG_INFO="$info" RD_SYNC_SEEDS="$seeds" RD_SYNC_FROM="$first" RD_SYNC_SHARD="$k/$procs" QTEST_FUNCTION_TIMEOUT=2000000000 \
    build/debug/tests/test_syncsim >"$dir/shard$k.log" 2>&1 &
  pids+=($!)
done
status=0
for k in $(seq 1 "$procs"); do
  wait "${pids[$((k - 1))]}" || status=1
  grep -v '^{"level":"info"' "$dir/shard$k.log" | grep -E "seeds|adversaries:|erasures,|requests,|FAIL|Loc:|Totals" || true
done
echo "sim: seeds $first-$seeds in $procs processes in $(( $(date +%s) - start )) s, exit $status (logs: $dir)"
exit "$status"
