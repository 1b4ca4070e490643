# shellcheck shell=bash
# Sourced by the other scripts (never executed): puts the project's tools on PATH for
# this shell only, so nothing is exported into the user's profile.
#   ~/.cargo/bin               rustup, cargo, trunk, wasm-bindgen, wasm-bindgen-test-runner
#   .tools/node_modules/.bin   wasm-opt (npm binaryen 132; Debian's 108 breaks in browsers)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) PATH="$CARGO_BIN:$PATH" ;; esac
case ":$PATH:" in *":$TOOLS_DIR/node_modules/.bin:"*) ;; *) PATH="$TOOLS_DIR/node_modules/.bin:$PATH" ;; esac
export PATH REPO_ROOT TOOLS_DIR

# wasm-bindgen-test-runner drives Chromium through chromedriver; be explicit about which.
if [ -z "${CHROMEDRIVER:-}" ] && [ -x /usr/bin/chromedriver ]; then
  export CHROMEDRIVER=/usr/bin/chromedriver
fi
# It reads webdriver.json from its working directory unless told otherwise.
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$REPO_ROOT/webdriver.json"

# Where cargo puts binaries (honours CARGO_TARGET_DIR like cargo does).
TARGET_DIR="$(cd "$REPO_ROOT" && realpath -m "${CARGO_TARGET_DIR:-target}")"
# The embeddable release rebuilds the standard library with its own flags
# (scripts/build-embed.sh); its own directory keeps them from invalidating other builds.
EMBED_TARGET_DIR="$TARGET_DIR/embed"
export TARGET_DIR EMBED_TARGET_DIR

# The one pinned wasm-bindgen version lives in Cargo.toml (`wasm-bindgen = "=X"`).
wasm_bindgen_pin() {
  sed -n 's/^wasm-bindgen *= *"=\([0-9][0-9.]*\)".*/\1/p' "$REPO_ROOT/Cargo.toml" | head -n1
}

# Rust's wasm32 target emits these features; wasm-opt 132 must be told.
# shellcheck disable=SC2034 # used by the scripts that source this file
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
