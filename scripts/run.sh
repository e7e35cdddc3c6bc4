#!/usr/bin/env bash
# Installs what is missing, builds RecruitDesk (Release), creates the demo workspace on first
# run and starts the desktop app on the local SQLite store.
#   scripts/run.sh [--db PATH]        (headless: xvfb-run -a scripts/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD="$ROOT/build/release"

scripts/deps.sh run

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake --preset release >/dev/null
fi
cmake --build "$BUILD" -- -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] |^ninja: no work to do' || true
[ -x "$BUILD/app/desktop/recruitdesk" ] || { echo "build failed" >&2; exit 1; }

CLI="$BUILD/app/recruitdesk-cli"
DB_ARGS=()
if [ "${1:-}" = "--db" ] && [ -n "${2:-}" ]; then DB_ARGS=(--db "$2"); shift 2; fi
DB=$("$CLI" "${DB_ARGS[@]}" path)
CREDS="$(dirname "$DB")/demo-credentials.txt"
mkdir -p "$(dirname "$DB")"
if [ ! -s "$DB" ]; then
  echo "First run: creating the demo workspace in $DB"
  "$CLI" "${DB_ARGS[@]}" demo --credentials-file "$CREDS" >/dev/null
fi
if [ -f "$CREDS" ]; then
  echo "Demo accounts (also in $CREDS):"
  sed 's/^/  /' "$CREDS"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "error: no display found (DISPLAY and WAYLAND_DISPLAY are empty), so the desktop app cannot start." >&2
  echo "Run it headless with:  xvfb-run -a scripts/run.sh   (or QT_QPA_PLATFORM=offscreen for --screenshots)" >&2
  exit 1
fi
echo "Starting RecruitDesk on $DB"
exec "$BUILD/app/desktop/recruitdesk" --db "$DB" "$@"
