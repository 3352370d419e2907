#!/usr/bin/env bash
# Sets up everything and runs every check: formatting, lints, unit, integration and property
# tests (which use the real age and sqlite3 tools). BENCH=1 also runs the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings
echo "== core stays free of Tauri"
if cargo tree --locked -e normal -i tauri >/dev/null 2>&1; then
  echo "the core depends on tauri" >&2
  exit 1
fi
echo "== cargo test"
cargo test --locked
if [ "${BENCH:-0}" = "1" ]; then
  echo "== cargo bench"
  cargo bench --locked --bench large
fi
