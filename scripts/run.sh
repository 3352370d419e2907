#!/usr/bin/env bash
# Sets up everything, builds Continuity Binder (UI and desktop app, release) and opens it: on
# your binder, or — when you have none yet — on a demo binder made from the starter plan
# (passphrase "demo passphrase"). With arguments, runs the `binder` command-line tool instead:
#   bash scripts/run.sh list contact
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

if [ $# -gt 0 ]; then
  cargo build --release --locked -p binder-cli --bin binder
  exec "$CARGO_TARGET_DIR/release/binder" "$@"
fi

echo "== building the UI"
(cd ui && npm run --silent build)
echo "== building the app (the first build takes several minutes)"
cargo build --release --locked -p continuity-binder-app
app="$CARGO_TARGET_DIR/release/continuity-binder"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "There is no display to open a window on (DISPLAY is not set)." >&2
  echo "Run this from a desktop session, or on a server: xvfb-run -a -s '-screen 0 1280x800x24' bash scripts/run.sh" >&2
  exit 1
fi
echo "== opening Continuity Binder ($app)"
# --demo: the app opens the demo binder only when you have not chosen a binder of your own.
exec "$app" --demo
