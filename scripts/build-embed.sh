#!/usr/bin/env bash
# Builds what a storefront embeds into dist-embed/ (git-ignored):
#   order_cancel_widget.js      ES module: `init()` (defines <order-cancel-widget>) and `mount()`
#   order_cancel_widget_bg.wasm the widget: release profile, std rebuilt for size, wasm-opt -Oz
#                               (build_small_wasm in scripts/env.sh says how and why)
#   order_cancel_widget.d.ts    TypeScript declarations (config, handle, events, element)
#   snippets/                   the custom element's JS class, imported by the module
# The widget's CSS is compiled into the wasm and adopted by each shadow root.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

OUT="${1:-dist-embed}"
CRATE="order_cancel_widget"

echo "== Building the embeddable release into $OUT/"
build_small_wasm "$EMBED_TARGET_DIR" "$CRATE" "$OUT" -p order-cancel-widget
ls -l "$OUT"
