#!/usr/bin/env bash
# Compares the `--json` output of two builds of the `binder` CLI, byte for byte, on the same
# binders: the demo (starter plan, with an incident, a sign-off and a recovery key) and one binder
# made from each fixture plan in ../shared/fixtures/plans. The binders are made once, by OLD, so
# both builds read exactly the same files. Used to show a reshape changed no behaviour.
# Usage: scripts/compare-cli-json.sh OLD_BINDER_EXE NEW_BINDER_EXE
set -euo pipefail
old="$(realpath "$1")"
new="$(realpath "$2")"
fixtures="$(cd "$(dirname "$0")/../.." && pwd)/shared/fixtures/plans"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BINDER_PASSPHRASE="compare passphrase"
export CONTINUITY_BINDER_HOME="$work/home" HOME="$work/home"

make_binder() { # name, then how to fill it
    local name="$1"; shift
    export BINDER_PATH="$work/$name.binder" BINDER_IDENTITY="$work/$name-identity.age"
    "$old" init --name "Alex Founder" --org "Acme Ltd" "$@" >/dev/null
}

binders=()
make_binder demo --starter
"$old" incident start --level 2 --service "the booking app" >/dev/null
"$old" incident tick 1.1 --note "reached Jordan" >/dev/null
"$old" incident log --type decision "Fail over to the standby region" >/dev/null
"$old" sign approved --role CEO >/dev/null
"$old" recovery-key add --label "Safe deposit box" >/dev/null
binders+=(demo)
for plan in "$fixtures"/*; do
    name="plan-$(basename "$plan" | tr -c 'a-zA-Z0-9\n' '-')"
    make_binder "$name"
    # A plan the importer refuses (a .docx today) leaves an empty binder: still compared.
    "$old" import plan "$plan" >/dev/null 2>&1 || true
    binders+=("$name")
done

# Read-only commands whose output depends only on the file (not on today's date).
commands=(
    "kinds" "fingerprint" "verify" "search backup" "search level" "history --limit 500"
    "conflicts" "member list" "incident list" "readiness"
)
for kind in $("$old" kinds --json | python3 -c 'import json,sys; print(" ".join(k["name"] for k in json.load(sys.stdin)))'); do
    commands+=("list $kind" "list $kind --deleted")
done
differ=0
compared=0
for b in "${binders[@]}"; do
    export BINDER_PATH="$work/$b.binder" BINDER_IDENTITY="$work/$b-identity.age"
    ids=$("$old" list section --json | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)[:5]))')
    cmds=("${commands[@]}")
    for id in $ids; do cmds+=("show $id" "history $id"); done
    for c in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        a=$("$old" $c --json 2>&1 || true)
        # shellcheck disable=SC2086
        z=$("$new" $c --json 2>&1 || true)
        compared=$((compared + 1))
        if [ "$a" != "$z" ]; then
            differ=$((differ + 1))
            echo "DIFFERS: $b: binder $c --json"
            diff <(echo "$a") <(echo "$z") | head -10 || true
        fi
    done
    # A dry-run import of every plan into this binder writes nothing: its report must match too,
    # but for the random ids it gives the records it would make (masked on both sides).
    mask() { sed -E 's/"[a-z]+-[a-z2-7]{10}"/"ID"/g'; }
    for plan in "$fixtures"/*; do
        a=$("$old" import plan --dry-run "$plan" --json 2>&1 | mask || true)
        z=$("$new" import plan --dry-run "$plan" --json 2>&1 | mask || true)
        compared=$((compared + 1))
        if [ "$a" != "$z" ]; then
            differ=$((differ + 1))
            echo "DIFFERS: $b: binder import plan --dry-run $(basename "$plan") --json"
            diff <(echo "$a") <(echo "$z") | head -10 || true
        fi
    done
done
echo "compared $compared outputs on ${#binders[@]} binders: $differ differ"
[ "$differ" -eq 0 ]
