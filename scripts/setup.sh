#!/usr/bin/env bash
# Installs what building and testing Continuity Binder needs, skipping what is already there.
# Sourced by run.sh and test.sh; safe to run again.
set -euo pipefail

need_apt=()
command -v age >/dev/null 2>&1 || need_apt+=(age)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
command -v setpriv >/dev/null 2>&1 || need_apt+=(util-linux)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v curl >/dev/null 2>&1 || true

if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need_apt[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Second, independent parsers for the tests: Python's vobject (vCard) and icalendar. pip where
# allowed, else Debian's packages.
for module in vobject icalendar; do
  if ! python3 -c "import $module" >/dev/null 2>&1; then
    echo "setup: installing the Python $module package (tests read our exports with it)"
    python3 -m pip install -q "$module" >/dev/null 2>&1 \
      || python3 -m pip install -q --break-system-packages "$module" >/dev/null 2>&1 \
      || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"; DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python3-$module" >/dev/null; }
  fi
done

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is not installed. Install it with rustup (https://rustup.rs), version 1.90 or newer, then run this again." >&2
  exit 1
fi

# Build outputs live outside the clone, so fresh clones (and CI) reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/continuity-binder/target}"
mkdir -p "$CARGO_TARGET_DIR"
