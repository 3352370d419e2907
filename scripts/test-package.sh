#!/usr/bin/env bash
# Checks the Debian package as a user would meet it: builds it from the binaries the tests
# already built (scripts/package.sh --debug --prebuilt), installs it with apt (which pulls in its
# declared dependencies), checks that `continuity-binder` and `binder` are on the PATH, the
# desktop entry passes desktop-file-validate, *.binder files are known as the package's file
# type, and the installed app opens a double-clicked binder under Xvfb (a screenshot), then
# removes the package again. Run by scripts/test.sh as root (it installs system-wide).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/continuity-binder/target}"

bash scripts/package.sh --debug --prebuilt
deb=$(ls -t "$CARGO_TARGET_DIR/debug/bundle/deb/"continuity-binder_*.deb | head -1)
echo "   package: $(basename "$deb"), $(du -h "$deb" | cut -f1)"
# A YubiKey's age plugin talks to the key through pcscd: recommended, never required.
dpkg-deb -f "$deb" Recommends | grep -qw pcscd || { echo "the package does not recommend pcscd" >&2; exit 1; }
if dpkg-deb -f "$deb" Depends | grep -qw pcscd; then echo "the package requires pcscd; it should only recommend it" >&2; exit 1; fi
trap 'dpkg -r continuity-binder >/dev/null 2>&1 || true' EXIT
# The dependencies are already installed here (the app was built against them), so apt fetches
# nothing; on a fresh machine it would fetch them. (apt refuses a local package with --no-download.)
DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb" >/dev/null

for cmd in continuity-binder binder; do
  command -v "$cmd" >/dev/null || { echo "$cmd is not on the PATH after installing" >&2; exit 1; }
done
binder --help >/dev/null
desktop=$(dpkg -L continuity-binder | grep '\.desktop$')
desktop-file-validate "$desktop"
grep -q '^MimeType=application/x-continuity-binder;' "$desktop"
grep -q '^Exec=continuity-binder %f' "$desktop"
# The file type is registered (the shared-mime-info trigger ran).
test -f /usr/share/mime/application/x-continuity-binder.xml
if command -v gio >/dev/null; then
  probe="$(mktemp -d)/plan.binder"
  printf 'age-encryption.org/v1\n' > "$probe"
  gio info -a standard::content-type "$probe" | grep -q 'application/x-continuity-binder'
fi
# Installing declared everything the app needs: no library is missing.
if ldd /usr/bin/continuity-binder | grep -q 'not found'; then
  ldd /usr/bin/continuity-binder | grep 'not found' >&2
  exit 1
fi

# The installed app opens a double-clicked binder (under Xvfb, through WebDriver).
CB_APP_BINARY=/usr/bin/continuity-binder cargo test --offline --locked --workspace --test team \
  -- --ignored --exact a_double_clicked_binder_opens_at_its_unlock_screen
echo "   installed app: screenshots $CARGO_TARGET_DIR/e2e-screenshots/double-click-*.png"
