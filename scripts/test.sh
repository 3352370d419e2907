#!/usr/bin/env bash
# Sets up everything and runs every check: formatting, lints, the UI's type check and build,
# unit, integration and property tests (with the real age and sqlite3 tools), the TypeScript
# bindings drift check, a bounded fuzzing run of every importer, and the end-to-end tests of the desktop app through WebDriver under
# Xvfb — in a network namespace with only loopback when possible. BENCH=1 also runs benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS=0   # each step's line says how long the command had run when it began
trap 'echo "[+$((SECONDS / 60)) min $((SECONDS % 60)) s] == end (exit $?)"' EXIT
export SETUP_TESTS=1
source scripts/setup.sh

echo "[+$((SECONDS / 60)) min] == UI: type check (svelte-check, strict) and build"
(cd ui && npm run --silent check && npm run --silent build)
echo "[+$((SECONDS / 60)) min] == the phone copy's page: type check, build, and the committed build is what it makes"
(cd ui && npm run --silent check:pocket && npm run --silent build:pocket)
if ! git diff --quiet -- assets/pocket 2>/dev/null; then
  echo "assets/pocket differs from what ui/pocket builds: run (cd ui && npm run build:pocket) and commit" >&2
  git diff --stat -- assets/pocket >&2
  exit 1
fi
echo "[+$((SECONDS / 60)) min] == cargo fmt --check"
cargo fmt --all -- --check
# Every cargo command below selects the whole workspace, so the dependencies are resolved with
# one feature set and compiled once for checking (clippy) and once for running (the tests, the
# CLI, the app and the GUI tests share one build).
echo "[+$((SECONDS / 60)) min] == cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "[+$((SECONDS / 60)) min] == the core stays free of Tauri and of the command line's crates"
for crate in tauri clap rpassword sigpipe anyhow directories; do
  if cargo tree --locked -p binder -e normal -i "$crate" >/dev/null 2>&1; then
    echo "the core (package binder) depends on $crate" >&2
    exit 1
  fi
done
echo "[+$((SECONDS / 60)) min] == cargo test (core, layering, CLI, app commands and configuration, bindings drift)"
if [ "$(id -u)" -ne 0 ]; then
  if [ "${CB_ALLOW_SKIP:-0}" = "1" ]; then
    echo "   SKIPPED (CB_ALLOW_SKIP=1, not root): the non-dumpable check (tests/integration/memory.rs) is NOT run"
  else
    echo "   not root: the non-dumpable check (tests/integration/memory.rs) fails; run as root, or set CB_ALLOW_SKIP=1 to skip it knowingly"
  fi
fi
cargo test --workspace --locked
echo "[+$((SECONDS / 60)) min] == building the fuzz targets (cargo-fuzz)"
FUZZ_BUILD_ONLY=1 bash scripts/fuzz.sh
# The GUI tests keep the two cores about a third busy (they mostly wait for the window): the
# fuzzing runs beside them on what they leave (at the lowest priority, so they never wait for
# it), and its report follows theirs.
echo "[+$((SECONDS / 60)) min] == fuzzing every importer for ${FUZZ_SECONDS:-20}s each (cargo-fuzz, starting from the fixtures), beside the GUI tests"
fuzz_log="$(mktemp)"
nice -n 19 bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}" >"$fuzz_log" 2>&1 &
fuzz_pid=$!
trap 'rc=$?; kill "$fuzz_pid" 2>/dev/null || true; echo "[+$((SECONDS / 60)) min $((SECONDS % 60)) s] == end (exit $rc)"' EXIT
echo "[+$((SECONDS / 60)) min] == end-to-end GUI tests (tauri-driver + WebKitWebDriver, Xvfb)"
# `cargo test --workspace` above built these tests and the app (selecting the app's `config` test
# builds the app binary); they are #[ignore]d there because they need the display and run here,
# one at a time.
e2e=(cargo test --offline --locked --workspace --test gui --test hardware --test team --test calltree --test impact --test access --test pocket --test succession --test syncthing --test config -- --ignored --test-threads=1)
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  echo "   (in a network namespace with only loopback: the app must not need the network)"
  unshare -n -- bash -c 'ip link set lo up && CB_E2E_OFFLINE=1 "$@"' _ "${e2e[@]}"
else
  echo "   NOT in a network namespace (it needs root and unshare -n): the GUI tests run with this"
  echo "   machine's network, so they do NOT prove the app works with only loopback"
  "${e2e[@]}"
fi
echo "   screenshots: $CARGO_TARGET_DIR/e2e-screenshots/"
echo "[+$((SECONDS / 60)) min] == the fuzzing's report"
fuzz_status=0
wait "$fuzz_pid" || fuzz_status=$?
cat "$fuzz_log"
rm -f "$fuzz_log"
if [ "$fuzz_status" -ne 0 ]; then
  echo "fuzzing failed (exit $fuzz_status)" >&2
  exit 1
fi
echo "[+$((SECONDS / 60)) min] == the Debian package: built, installed with apt, started, removed"
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/test-package.sh
else
  echo "   skipped: installing a package needs root (run scripts/test-package.sh with sudo)"
fi
if [ "${BENCH:-0}" = "1" ]; then
  echo "[+$((SECONDS / 60)) min] == cargo bench"
  cargo bench --locked --bench large
  cargo bench --locked --bench pdf
fi
