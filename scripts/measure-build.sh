#!/usr/bin/env bash
# Times the README's test command cold and warm, as docs/PERFORMANCE.md reports it: a fresh clone
# of this repository in WORK (default /tmp/cb-measure), with empty cargo target, cargo registry
# (CARGO_HOME), fuzz target and npm cache, and a PATH holding only the Rust toolchain, Node and
# the system (so tauri-driver and cargo-fuzz are built too); then the same command again, warm.
# Rust (rustup), Node and the apt packages stay as they are. Takes the better part of an hour.
# Usage: scripts/measure-build.sh [WORK]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/cb-measure}"
rm -rf "$work" && mkdir -p "$work/bin"
ln -sfn "$(cd "$repo/.." && pwd)/shared" "$work/shared"   # the fixtures sit beside the clone
git clone -q "$repo" "$work/main"
for tool in cargo rustc rustup cargo-clippy clippy-driver rustfmt cargo-fmt rustdoc; do
    [ -e "$HOME/.cargo/bin/$tool" ] && ln -sfn "$HOME/.cargo/bin/$tool" "$work/bin/$tool"
done
run() {
    env CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target" \
        FUZZ_TARGET_DIR="$work/fuzz-target" npm_config_cache="$work/npm-cache" \
        RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
        PATH="$work/cargo-home/bin:$work/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" \
        bash -c "cd '$work/main' && bash scripts/test.sh" > "$work/$1.log" 2>&1
}
for pass in cold warm; do
    start=$(date +%s)
    run "$pass"
    echo "$pass: $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s (log: $work/$pass.log)"
done
