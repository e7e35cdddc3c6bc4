#!/usr/bin/env bash
# Installs what is missing, configures Debug with -Werror, builds and runs the whole test
# suite with ctest. Exits non-zero on any failure.
#   scripts/test.sh [ctest arguments, e.g. -R test_auth]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test

if [ ! -f build/debug/build.ninja ]; then
  cmake --preset debug
fi
cmake --build build/debug -- -j"$(nproc)"
# Tests never touch the user's keychain or profile.
export RECRUITDESK_KEYCHAIN=off
export RECRUITDESK_DB=/nonexistent/tests-must-pass-their-own---db
ctest --test-dir build/debug --output-on-failure -j"$(nproc)" "$@"
