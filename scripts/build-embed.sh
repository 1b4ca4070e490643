#!/usr/bin/env bash
# Builds what a storefront embeds into dist-embed/ (git-ignored):
#   order_cancel_widget.js      ES module: `init()` (defines <order-cancel-widget>) and `mount()`
#   order_cancel_widget_bg.wasm the widget, release profile + wasm-opt -Oz
#   order_cancel_widget.d.ts    TypeScript declarations (config, handle, events, element)
#   snippets/                   the custom element's JS class, imported by the module
# The widget's CSS is compiled into the wasm and adopted by each shadow root.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

OUT="${1:-dist-embed}"
CRATE="order_cancel_widget"
# Rust's wasm32 target emits these features; wasm-opt 132 must be told.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

echo "== Building the embeddable release into $OUT/"
cargo build --release --lib --target wasm32-unknown-unknown -p order-cancel-widget
rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" "$TARGET_DIR/wasm32-unknown-unknown/release/$CRATE.wasm"
wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" -o "$OUT/${CRATE}_bg.opt.wasm" "$OUT/${CRATE}_bg.wasm"
mv "$OUT/${CRATE}_bg.opt.wasm" "$OUT/${CRATE}_bg.wasm"
ls -l "$OUT"
