#!/usr/bin/env bash
# Sets up everything, builds Continuity Binder and opens your binder — or, when you have none
# yet, a demo binder made from the starter plan. Arguments are passed to the `binder` CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

cargo build --release --locked --bin binder
bin="$CARGO_TARGET_DIR/release/binder"

if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi

data="${XDG_DATA_HOME:-$HOME/.local/share}/continuity-binder"
if [ -z "${BINDER_PATH:-}" ] && [ ! -f "$data/binder.binder" ]; then
  # No binder of your own yet: open a demo one, with a demo passphrase, in its own folder.
  demo="$data/demo"
  export BINDER_PATH="$demo/demo.binder" BINDER_IDENTITY="$demo/demo-identity.age"
  export BINDER_PASSPHRASE="${BINDER_PASSPHRASE:-demo passphrase}"
  if [ ! -f "$BINDER_PATH" ]; then
    mkdir -p "$demo"
    "$bin" init --name "Demo Founder" --starter --org "Demo Company" >/dev/null
  fi
  echo "Demo binder: $BINDER_PATH (passphrase: \"$BINDER_PASSPHRASE\")"
  echo "Make your own with: $bin init --starter"
fi

echo
echo "== Activation levels"
"$bin" list level
echo
echo "== Who to call (role, primary, backup)"
"$bin" list role
echo
echo "== Contacts"
"$bin" list contact
echo
echo "== First checklist: Initial response"
"$bin" list item --where "checklist=Initial response" || true
echo
"$bin" readiness | head -1
echo "Fingerprint: $("$bin" fingerprint)"
echo "More: $bin readiness (the full list), $bin --help"
