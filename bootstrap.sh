#!/usr/bin/env bash
# Set up Wattkeeper in ./.venv on a Debian or Ubuntu machine with Python 3.11+, then:
#   ./bootstrap.sh demo [OPTIONS]   open the demo control room on a simulated plant
#   ./bootstrap.sh test [PYTEST OPTIONS]   run the whole test suite (lint, layering, tests)
# Missing system packages are installed with apt when run as root; otherwise the exact
# apt-get line is printed. Re-running only installs what changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

mode=${1:-}
case "$mode" in
  demo|test) shift ;;
  *) echo "usage: ./bootstrap.sh demo|test [options]" >&2; exit 2 ;;
esac

# Qt needs these even offscreen; a real X11 display adds the xcb ones.
qt_packages="libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
display_packages="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
# The simulated plant runs its own MQTT broker.
service_packages="mosquitto"
# The storage tests start a throw-away PostgreSQL server of their own.
test_packages="postgresql"

find_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Wattkeeper needs Python 3.11 or newer: sudo apt-get install -y python3 python3-venv" >&2
  exit 1
}

missing_packages() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: the packages are the user's to provide
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "Installing system packages: $missing" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Wattkeeper needs system packages that are missing. Install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    echo "then run this command again." >&2
    exit 1
  fi
}

python=$(find_python)
venv_package=""
"$python" -c 'import ensurepip, venv' 2>/dev/null || venv_package="python3-venv"

if [ "$mode" = demo ]; then
  ensure_packages $venv_package $qt_packages $display_packages $service_packages
  extra=""
else
  ensure_packages $venv_package $qt_packages $service_packages $test_packages
  extra="[test]"
fi

if ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
  rm -rf .venv
  "$python" -m venv .venv
fi
stamp=".venv/.installed${extra}"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "Installing Wattkeeper${extra} into .venv ..." >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
  echo "$wanted" > "$stamp"
fi

if [ "$mode" = demo ]; then
  exec .venv/bin/wattkeeper demo "$@"
fi

export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
echo "== ruff" >&2
.venv/bin/ruff check .
echo "== import layering" >&2
.venv/bin/lint-imports
echo "== tests" >&2
exec .venv/bin/python -m pytest "$@"
