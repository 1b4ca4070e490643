#!/usr/bin/env bash
# Builds what a storefront embeds into dist-embed/ (git-ignored):
#   order_cancel_widget.js      ES module: `init()` (defines <order-cancel-widget>) and `mount()`
#   order_cancel_widget_bg.wasm the widget, release profile + std rebuilt for size + wasm-opt -Oz
#   order_cancel_widget.d.ts    TypeScript declarations (config, handle, events, element)
#   snippets/                   the custom element's JS class, imported by the module
# The widget's CSS is compiled into the wasm and adopted by each shadow root.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

OUT="${1:-dist-embed}"
CRATE="order_cancel_widget"

# The standard library is rebuilt for size (needs the rust-src component; setup.sh adds it):
# - panics abort at once: a release panic had nowhere to print anyway (no panic hook), yet
#   its message formatting cost ~15 KB brotli;
# - no file/line strings for panic locations;
# - std's own optimize_for_size code paths.
# These are unstable flags, so RUSTC_BOOTSTRAP lets the stable compiler take them; they only
# touch this build, never the tests or the demo. `--cfg erase_components` repeats
# .cargo/config.toml's rustflags, which RUSTFLAGS replaces.
echo "== Building the embeddable release into $OUT/"
RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$EMBED_TARGET_DIR" \
  RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
  cargo build --release --lib --target wasm32-unknown-unknown -p order-cancel-widget \
  -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" "$EMBED_TARGET_DIR/wasm32-unknown-unknown/release/$CRATE.wasm"
wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" -o "$OUT/${CRATE}_bg.opt.wasm" "$OUT/${CRATE}_bg.wasm"
mv "$OUT/${CRATE}_bg.opt.wasm" "$OUT/${CRATE}_bg.wasm"
ls -l "$OUT"
