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

# The size-optimised wasm build: cargo --release, wasm-bindgen --target web, wasm-opt -Oz.
# The standard library is rebuilt for size (needs the rust-src component; setup.sh adds it):
# - panics abort at once: a release panic had nowhere to print anyway (no panic hook), yet
#   its message formatting cost the widget ~15 KB brotli;
# - no file/line strings for panic locations;
# - std's own optimize_for_size code paths.
# These are unstable flags, so RUSTC_BOOTSTRAP lets the stable compiler take them; they only
# touch these builds, never the tests or the demo. `--cfg erase_components` repeats
# .cargo/config.toml's rustflags, which RUSTFLAGS replaces.
# Usage: build_small_wasm TARGET_DIR CRATE_FILE_STEM OUT_DIR CARGO_ARGS...
# Every step ends with `|| return`: a caller's `build_small_wasm … || …` turns `set -e` off
# inside the function, and a failed cargo must not lead to measuring an older .wasm.
build_small_wasm() {
  local target_dir=$1 stem=$2 out=$3
  shift 3
  if ! rustup component list --installed 2>/dev/null | grep -qx rust-src; then
    echo "build_small_wasm: the rust-src component is missing: run scripts/setup.sh" >&2
    return 1
  fi
  # CARGO_ENCODED_RUSTFLAGS would win over RUSTFLAGS and silently drop the size flags.
  env -u CARGO_ENCODED_RUSTFLAGS RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$target_dir" \
    RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    cargo build --release --lib --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size "$@" || return
  rm -rf "$out" || return
  wasm-bindgen --target web --out-dir "$out" "$target_dir/wasm32-unknown-unknown/release/$stem.wasm" || return
  wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" -o "$out/${stem}_bg.opt.wasm" "$out/${stem}_bg.wasm" || return
  mv "$out/${stem}_bg.opt.wasm" "$out/${stem}_bg.wasm"
}
