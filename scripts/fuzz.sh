#!/usr/bin/env bash
# Fuzzes every importer (plan text, plan documents — Word, OpenDocument, web pages —, reStructuredText, vCard, CSV, JSON) for a bounded time each, starting from the real
# files in ../shared/fixtures. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Works on stable Rust: cargo-fuzz's -Z flags are allowed by RUSTC_BOOTSTRAP=1. A crash leaves
# its input under fuzz/artifacts/<target>/ and fails the script. The seed is fixed (FUZZ_SEED,
# default 1) so a run is repeatable; give another to explore further. Inputs that once found a
# fault are kept in docs/fuzz-found/<target>-*.* and replayed first.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(plan_import document_import rst_import vcard_import csv_import json_import)

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
target_dir="${FUZZ_TARGET_DIR:-$HOME/.cache/continuity-binder/fuzz-target}"
# FUZZ_BUILD_ONLY=1: build every target (with the options `cargo fuzz run` uses below) and stop,
# so that the fuzzing itself can run beside other work without compiling then.
if [ "${FUZZ_BUILD_ONLY:-0}" = "1" ]; then
    cargo fuzz build --fuzz-dir fuzz --target-dir "$target_dir" --sanitizer none
    exit 0
fi
fixtures="$(cd .. && pwd)/shared/fixtures"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for t in "${targets[@]}"; do
    corpus="$work/$t"
    mkdir -p "$corpus"
    case "$t" in
        plan_import) seeds="$fixtures/plans" ;;
        document_import)
            seeds="$fixtures/plans"
            # Word, OpenDocument and web-page versions of the Markdown plans, by pandoc.
            if command -v pandoc >/dev/null 2>&1; then
                for md in "$fixtures"/plans/*.md; do
                    base="$corpus/$(basename "$md" .md)"
                    for ext in docx odt html; do
                        pandoc -f gfm "$md" -o "$base.$ext" 2>/dev/null || true
                    done
                done
            fi
            ;;
        rst_import)
            seeds=""
            cp "$fixtures"/plans/*.rst "$corpus"/ 2>/dev/null || true
            # reStructuredText versions of the Markdown plans, by pandoc.
            if command -v pandoc >/dev/null 2>&1; then
                for md in "$fixtures"/plans/*.md; do
                    pandoc -f gfm -t rst "$md" -o "$corpus/$(basename "$md" .md).rst" 2>/dev/null || true
                done
            fi
            ;;
        vcard_import) seeds="$fixtures/vcard" ;;
        csv_import) seeds="" ;;
        json_import) seeds="" ;;
        *) echo "unknown fuzz target $t" >&2; exit 2 ;;
    esac
    if [ -n "$seeds" ] && [ -d "$seeds" ]; then
        cp "$seeds"/* "$corpus"/ 2>/dev/null || true
    fi
    # Inputs fuzzing once found a fault with are replayed on every run (docs/fuzz-found).
    cp docs/fuzz-found/"$t"-* "$corpus"/ 2>/dev/null || true
    echo "== fuzzing $t for ${seconds}s"
    status=0
    cargo fuzz run --fuzz-dir fuzz --target-dir "$target_dir" --sanitizer none "$t" "$corpus" -- \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 \
        -seed="${FUZZ_SEED:-1}" \
        >"$work/$t.log" 2>&1 || status=$?
    grep -E '^stat::(number_of_executed_units|new_units_added)|panicked|^thread|SUMMARY|Test unit written' "$work/$t.log" || true
    if [ "$status" -ne 0 ]; then
        grep -v -e '^Output of' -e '^\s*\[' "$work/$t.log" | cut -c1-300 | tail -n 30 >&2
        echo "fuzz target $t failed (exit $status); the input is under fuzz/artifacts/$t/" >&2
        exit 1
    fi
done
