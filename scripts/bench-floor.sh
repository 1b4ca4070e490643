#!/usr/bin/env bash
# What any Leptos widget pays before its own features: builds the two reference apps in
# bench/size-floor/ exactly like the widget (build_small_wasm in scripts/env.sh) and prints
# their sizes next to the widget's and the 64 KiB budget.
#   counter  a button and a signal
#   app      one list (LocalResource -> Transition -> ErrorBoundary -> For), one dialog with a
#            text field, one POST (Action), through gloo-net and serde-wasm-bindgen
# The first run compiles the standard library twice over (a few minutes); later runs reuse it.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

mkdir -p "$TOOLS_DIR/logs"
scripts/setup.sh >"$TOOLS_DIR/logs/setup-last.log" 2>&1 \
  || { cat "$TOOLS_DIR/logs/setup-last.log"; exit 1; }

# The reference apps must use the widget's wasm-bindgen, or the CLI refuses them.
floor_pin=$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' bench/size-floor/Cargo.toml)
[ "$floor_pin" = "$(wasm_bindgen_pin)" ] || {
  echo "bench/size-floor/Cargo.toml pins wasm-bindgen $floor_pin, the widget $(wasm_bindgen_pin): make them equal" >&2
  exit 1
}

# The widget as shipped, to compare against (a no-op when nothing changed).
scripts/build-embed.sh >"$TOOLS_DIR/logs/build-embed-last.log" 2>&1 \
  || { tail -n 30 "$TOOLS_DIR/logs/build-embed-last.log"; exit 1; }

FLOOR_TARGET="$TARGET_DIR/size-floor"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

br()  { brotli -q 11 -c "$1" | wc -c | tr -d ' '; }
raw() { wc -c <"$1" | tr -d ' '; }
row() { printf '  %-40s %10s %10s %10s %10s\n' "$@"; }
sizes() { # label dir stem
  local wasm="$2/${3}_bg.wasm" wb jb
  wb=$(br "$wasm")
  jb=0
  for js in $(find "$2" -name '*.js' | sort); do jb=$(( jb + $(br "$js") )); done
  row "$1" "$(raw "$wasm")" "$wb" "$jb" "$(( wb + jb ))"
}

for variant in counter app; do
  features=()
  [ "$variant" = app ] && features=(--features app)
  echo "== Building the $variant (log: .tools/logs/size-floor-$variant.log)"
  build_small_wasm "$FLOOR_TARGET" size_floor "$OUT/$variant" \
    --manifest-path bench/size-floor/Cargo.toml "${features[@]}" \
    >"$TOOLS_DIR/logs/size-floor-$variant.log" 2>&1 \
    || { tail -n 30 "$TOOLS_DIR/logs/size-floor-$variant.log"; exit 1; }
done

echo
echo "== Size floor of the stack (bytes; brotli -q 11; JS = glue + snippets)"
row "" "wasm raw" "wasm br" "JS br" "total br"
sizes "counter (bench/size-floor)" "$OUT/counter" size_floor
sizes "list + dialog + POST (--features app)" "$OUT/app" size_floor
sizes "the widget (dist-embed/)" dist-embed order_cancel_widget
row "budget" "" "" "" "$(( 64 * 1024 ))"
