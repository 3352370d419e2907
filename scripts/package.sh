#!/usr/bin/env bash
# Builds the Debian package of Continuity Binder: the app (`continuity-binder`), the `binder`
# command, a desktop entry and icon in the menu, and the *.binder file type, with its library
# dependencies declared. One command:
#
#   bash scripts/package.sh            # release build (what you install); 9 min here
#   bash scripts/package.sh --debug    # the debug build the tests already made (what CI checks)
#
# The package lands in $CARGO_TARGET_DIR/<profile>/bundle/deb/continuity-binder_<version>_amd64.deb. It is made by Tauri's own
# bundler (`tauri bundle`, from the @tauri-apps/cli npm package). macOS (.dmg/.app) and Windows
# (.msi/NSIS) packages are made the same way on those systems: `npx tauri build` there.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/continuity-binder/target}"

profile=release
build=1
bundle_flags=()
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug; bundle_flags=(--debug) ;;
    # Package the binaries already built (scripts/test.sh: its `cargo test --workspace` built them).
    --prebuilt) build=0 ;;
    *) echo "usage: bash scripts/package.sh [--debug] [--prebuilt]" >&2; exit 2 ;;
  esac
done

[[ -x ui/node_modules/.bin/tauri && -d ui/node_modules/@tauri-apps/api ]] || npm --prefix ui ci --no-audit --no-fund
if [[ $build == 1 ]]; then
  npm --prefix ui run build
  if [[ $profile == release ]]; then
    cargo build --locked --release -p continuity-binder-app -p binder-cli
  else
    cargo build --locked --workspace
  fi
fi
for bin in continuity-binder binder; do
  [[ -x "$CARGO_TARGET_DIR/$profile/$bin" ]] || { echo "not built: $CARGO_TARGET_DIR/$profile/$bin" >&2; exit 1; }
  # The release profile keeps line tables for profiling the benchmarks; what is installed does
  # not need them (a third of the size). Stripped where cargo left them: the bundler patches
  # the app binary there too, and cargo's freshness does not depend on it.
  if [[ $profile == release ]]; then
    objcopy --strip-debug "$CARGO_TARGET_DIR/$profile/$bin"
  fi
done

# What only this package adds to tauri.conf.json: the bundle itself, with the CLI and the file
# type. Paths in "files" are relative to src-tauri/.
config="$(mktemp --suffix=.json)"
trap 'rm -f "$config"' EXIT
cat > "$config" <<JSON
{
  "bundle": {
    "active": true,
    "targets": ["deb"],
    "category": "Business",
    "publisher": "Continuity Binder",
    "copyright": "Continuity Binder developers",
    "shortDescription": "Your business continuity plan, encrypted, ready with no network",
    "longDescription": "Keeps a small company's business continuity plan (recovery objectives, key people and their backups, contacts, activation levels, checklists, message templates, test schedules) in an encrypted local file that opens with no network, prints as a paper binder and stays in step between founders through one shared encrypted file.",
    "fileAssociations": [
      {
        "ext": ["binder"],
        "name": "Continuity Binder file",
        "description": "Encrypted business continuity plan",
        "mimeType": "application/x-continuity-binder",
        "role": "Editor"
      }
    ],
    "linux": {
      "deb": {
        "section": "utils",
        "depends": ["shared-mime-info"],
        "recommends": ["pcscd"],
        "desktopTemplate": "../packaging/continuity-binder.desktop",
        "files": {
          "/usr/bin/binder": "$CARGO_TARGET_DIR/$profile/binder",
          "/usr/share/mime/packages/continuity-binder.xml": "../packaging/continuity-binder-mime.xml"
        }
      }
    }
  }
}
JSON
(cd src-tauri && ../ui/node_modules/.bin/tauri bundle --ci --bundles deb --config "$config" "${bundle_flags[@]}")
# Debian's own naming (the bundler names it after the product, with a space, which apt refuses).
made=$(ls -t "$CARGO_TARGET_DIR/$profile/bundle/deb/"*.deb | head -1)
version=$(dpkg-deb -f "$made" Version)
deb="$CARGO_TARGET_DIR/$profile/bundle/deb/continuity-binder_${version}_amd64.deb"
[[ "$made" == "$deb" ]] || mv -f "$made" "$deb"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
