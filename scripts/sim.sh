#!/usr/bin/env bash
# The long run of the sync simulation (docs/sync.md "Tests"): test_syncsim with many seeds
# (default 20000) against its own throwaway PostgreSQL cluster. Prints the run's summary and
# exits non-zero on the first failing seed (replay it with RD_SYNC_SEED=S RD_SYNC_TRACE=1).
#   scripts/sim.sh [SEEDS]        (the CMake target `sim` runs it with the default)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-20000}"
scripts/deps.sh test
if [ ! -f build/debug/build.ninja ]; then
  cmake --preset debug
fi
cmake --build build/debug --target test_syncsim pgfixture -- -j"$(nproc)"
info="$(mktemp -d)/pg.info"
build/debug/tests/pgfixture start "$info"
trap 'build/debug/tests/pgfixture stop "$info" >/dev/null 2>&1 || true' EXIT
export RECRUITDESK_KEYCHAIN=off QT_QPA_PLATFORM=offscreen
start=$(date +%s)
set +e
RD_PG_INFO="$info" RD_SYNC_SEEDS="$seeds" QTEST_FUNCTION_TIMEOUT=$((seeds * 60000)) \
  build/debug/tests/test_syncsim 2>&1 | grep -v '^{"level":"info"' | grep -E "seeds:|adversaries:|erasures,|FAIL|Loc:|Totals"
status=${PIPESTATUS[0]}
set -e
echo "sim: $seeds seeds in $(( $(date +%s) - start )) s, exit $status"
exit "$status"
