#!/usr/bin/env bash
# Installs the Debian 12 packages RecruitDesk needs, only those missing.
# Usage: scripts/deps.sh [build|test|run]   (default: build)
# Silent when everything is present. Needs root or sudo when something is missing.
set -euo pipefail

profile="${1:-build}"

build_pkgs=(
  build-essential cmake ninja-build pkg-config git file dpkg-dev
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-httpserver-dev qt6-websockets-dev
  libqt6sql6-sqlite libqt6sql6-psql libqt6opengl6-dev libgl-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qml6-module-qtquick-dialogs qml6-module-qtqml-models qml6-module-qtqml qml6-module-qtcharts
  libbotan-2-dev qtkeychain-qt6-dev libpoppler-qt6-dev libquazip1-qt6-dev libphonenumber-dev
  libsqlite3-dev sqlite3 fonts-dejavu-core
)
test_pkgs=(postgresql xvfb xauth qml6-module-qttest python3-aiosmtpd clang libclang-rt-14-dev llvm-14)
run_pkgs=(xvfb xauth)

pkgs=("${build_pkgs[@]}")
case "$profile" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  run) pkgs+=("${run_pkgs[@]}") ;;
  *) echo "usage: scripts/deps.sh [build|test|run]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: missing packages (${missing[*]}) and not root; install them or run as root" >&2
    exit 1
  fi
fi
echo "Installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Packages installed."
