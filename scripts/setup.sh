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
# The desktop app: WebKitGTK and friends (Tauri 2 on Linux), pkg-config to find them.
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
for pkg in libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need_apt+=("$pkg")
done
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
# Extra tools the tests use: a virtual display, the WebKit WebDriver, network namespaces.
if [ "${SETUP_TESTS:-0}" = "1" ]; then
  command -v Xvfb >/dev/null 2>&1 || need_apt+=(xvfb)
  # What the app copies is read back from the display's clipboard.
  command -v xclip >/dev/null 2>&1 || need_apt+=(xclip)
  command -v WebKitWebDriver >/dev/null 2>&1 || need_apt+=(webkit2gtk-driver)
  command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
  command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
  # The printed binder is checked with qpdf, pdffonts/pdftotext/pdftoppm and a QR decoder.
  command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
  command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
  command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
  # Word, OpenDocument and web-page versions of the fixture plans are made with pandoc.
  command -v pandoc >/dev/null 2>&1 || need_apt+=(pandoc)
  # The Debian package's desktop entry is checked with desktop-file-validate.
  command -v desktop-file-validate >/dev/null 2>&1 || need_apt+=(desktop-file-utils)
  # The phone copy is tested in headless Chromium through chromedriver (and BENCH=1 compares
  # the PDF export with printing the same content from it).
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
  # Faults: failing system calls injected by strace; a real sync engine: two Syncthing peers.
  command -v strace >/dev/null 2>&1 || need_apt+=(strace)
  command -v syncthing >/dev/null 2>&1 || need_apt+=(syncthing)
  command -v dunst >/dev/null 2>&1 || need_apt+=(dunst)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need_apt[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Second, independent parsers for the tests: Python's vobject (vCard) and icalendar. pip where
# allowed, else Debian's packages. Then the SLIP-39 reference implementation, shamir-mnemonic
# (with its `shamir` command), from PyPI only: Debian does not package it.
for module in vobject icalendar; do
  if ! python3 -c "import $module" >/dev/null 2>&1; then
    echo "setup: installing the Python $module package (tests read our exports with it)"
    python3 -m pip install -q "$module" >/dev/null 2>&1 \
      || python3 -m pip install -q --break-system-packages "$module" >/dev/null 2>&1 \
      || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"; DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python3-$module" >/dev/null; }
  fi
done
if ! python3 -c "import shamir_mnemonic, click" >/dev/null 2>&1; then
  echo "setup: installing the Python shamir-mnemonic package (tests combine our SLIP-39 shares with it)"
  python3 -m pip install -q "shamir-mnemonic[cli]" >/dev/null 2>&1 \
    || python3 -m pip install -q --break-system-packages "shamir-mnemonic[cli]" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is not installed. Install it with rustup (https://rustup.rs), version 1.90 or newer, then run this again." >&2
  exit 1
fi

# The UI is built with Node's tools (Vite, Svelte, TypeScript); Vite needs Node 20.19 or newer.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is needed to build the UI (found $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi
ui_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/ui"
if [ ! -d "$ui_dir/node_modules" ] || [ "$ui_dir/package-lock.json" -nt "$ui_dir/node_modules/.package-lock.json" ]; then
  echo "setup: installing the UI's npm packages"
  (cd "$ui_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Build outputs live outside the clone, so fresh clones (and CI) reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/continuity-binder/target}"
mkdir -p "$CARGO_TARGET_DIR"

# tauri-driver runs the app under WebDriver for the end-to-end tests.
if [ "${SETUP_TESTS:-0}" = "1" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver (cargo install tauri-driver --locked)"
  cargo install tauri-driver --locked --quiet
fi
