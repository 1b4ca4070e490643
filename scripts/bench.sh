#!/usr/bin/env bash
# Size of what a host page downloads to embed the widget, against two brotli budgets, with
# React 19's production client measured in the same run for comparison:
#   first screen  <= 80 KiB: every widget file the browser fetches before the first order card
#                 is on screen (Chromium's Resource Timing record on the example storefront,
#                 e2e/bench-first-screen.mjs, against the real server)
#   whole widget  <= 128 KiB: every file of the embeddable build, all chunks counted, and one
#                 text catalog (the largest; a page fetches only its language's)
#   1. builds the embeddable release (split into lazily loaded chunks) into
#      dist-embed/ (git-ignored) with scripts/build-embed.sh
#   2. prints raw / gzip -9 / brotli -q 11 of every .wasm and .js of the build and any
#      style/*.css an embedder must load itself (CSS compiled into the wasm is not counted
#      twice), then first screen and whole widget against the budgets
#   3. fails if either exceeds its ceiling in size-ceiling.txt (`first_screen N`, `total N`:
#      brotli bytes; a missing line skips that check)
# Default mode only, before the verdict (times are reported, never asserted):
#   4. the top 15 contributors to the wasm by crate and by function (twiggy, installed into
#      ~/.cargo/bin if missing; e2e/bench-wasm-top.mjs), measured on the unsplit cargo output
#      optimised like the shipped files with its names kept (wasm-opt with -g)
#   5. browser timings of the demo page (trunk build --release --offline into dist/, unsplit)
#      in headless Chromium, with a short and a 10,000-order history side by side
#      (e2e/bench-timing.mjs), against the release build of the server; and the first
#      "Cancel item" click -> dialog on the split example storefront
#   6. server load: concurrent cancellations on loopback (e2e/bench-load.mjs)
#   A part that fails is shown with its log, skips what depends on it and fails the run
#   (exit 1) after the verdict; so do budgets that do not hold.
# `--ceiling` (what scripts/test.sh runs): the sizes, the budgets and the ceilings only; React
# is not measured (nor 4-6: it stays fast). A ceiling may move, a budget may not.
set -euo pipefail

CEILING_ONLY=""
case "${1:-}" in
  --ceiling) CEILING_ONLY=1 ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--ceiling]" >&2; exit 2 ;;
esac

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

FIRST_SCREEN_BUDGET=$(( 80 * 1024 ))
TOTAL_BUDGET=$(( 128 * 1024 ))
REACT_VERSION="19.2.9"
TWIGGY_VERSION="0.8.0" # only this benchmark needs it, so it is installed here, not in setup.sh
OUT="dist-embed"
CRATE="order_cancel_widget"

mkdir -p "$TOOLS_DIR/logs"
scripts/setup.sh >"$TOOLS_DIR/logs/setup-last.log" 2>&1 \
  || { cat "$TOOLS_DIR/logs/setup-last.log"; exit 1; }

# The same build a storefront embeds (scripts/build-embed.sh), measured as shipped.
scripts/build-embed.sh "$OUT" >"$TOOLS_DIR/logs/build-embed.log" 2>&1 \
  || { tail -n 40 "$TOOLS_DIR/logs/build-embed.log"; exit 1; }

# --- default mode: builds for parts 4-6 -------------------------------------------------------
# Each part's output goes to a log; a failure prints the log's end, is remembered (the run
# fails after the verdict) and returns 1 so what depends on it is skipped.
LOGS="$TOOLS_DIR/logs"
BENCH_FAILED=()
bench_fail()   { # name log
  echo "!! $1 failed (log: ${2#"$REPO_ROOT"/}):"; tail -n 25 "$2" | sed 's/^/   /'
  BENCH_FAILED+=("$1"); return 1
}
bench_build()  { local n=$1 l=$2; shift 2; "$@" >"$l" 2>&1 || bench_fail "$n" "$l"; } # all to the log
bench_report() { local n=$1 l=$2; shift 2; "$@" 2>"$l" || bench_fail "$n" "$l"; }      # stdout shown
if [ -z "$CEILING_ONLY" ]; then
  # twiggy, at a pinned version, only when missing (cargo install takes a few minutes once).
  TWIGGY_OK=""
  if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" = "$TWIGGY_VERSION" ]; then TWIGGY_OK=1
  else
    echo "== Installing twiggy $TWIGGY_VERSION into $CARGO_BIN (once; log: .tools/logs/twiggy.log)"
    # --locked first for a reproducible build; without it if a locked dependency is gone.
    if bench_build "cargo install twiggy" "$LOGS/twiggy.log" sh -c \
      "cargo install twiggy --version $TWIGGY_VERSION --locked --force \
       || cargo install twiggy --version $TWIGGY_VERSION --force"; then TWIGGY_OK=1; fi
  fi
  # The shipped main module has no names, so twiggy would only see code[N]: run wasm-bindgen
  # again on wasm-split-cli's main module (what build-embed.sh just used, names still in it);
  # part 4 optimises it keeping names. The first screen is this module.
  PRE_OPT_DIR=$(mktemp -d)
  trap 'rm -rf "$PRE_OPT_DIR"' EXIT
  PRE_OPT_OK=""
  if bench_build "wasm-bindgen (pre-wasm-opt copy)" "$LOGS/bench-pre-opt.log" \
    wasm-bindgen --target web --keep-lld-exports --no-demangle --keep-debug --out-dir "$PRE_OPT_DIR" \
      "$EMBED_TARGET_DIR/wasm-split/$CRATE/$CRATE.wasm"
  then PRE_OPT_OK=1; fi
  # The release server (workspace release profile: opt-level z, fat LTO) for parts 5 and 6,
  # and the demo page the browser loads. Both are no-ops when nothing changed.
  export ORDER_CANCEL_SERVER_BIN="$TARGET_DIR/release/order-cancel-server" # read by e2e/harness.mjs
  SERVER_OK="" DIST_OK=""
  if bench_build "server release build" "$LOGS/bench-server-build.log" \
    cargo build --release -p order-cancel-server; then SERVER_OK=1; fi
  if bench_build "trunk build" "$LOGS/bench-trunk.log" trunk build --release --offline; then DIST_OK=1; fi
fi

REACT_DIR="$TOOLS_DIR/react-bench"
RN="$REACT_DIR/node_modules"
if [ -z "$CEILING_ONLY" ]; then
echo "== React $REACT_VERSION production client (for comparison)"
have=$(node -p "[require('$REACT_DIR/node_modules/react/package.json').version,
  require('$REACT_DIR/node_modules/react-dom/package.json').version].join(' ')" 2>/dev/null || true)
if [ "$have" != "$REACT_VERSION $REACT_VERSION" ]; then
  npm install --prefix "$REACT_DIR" --no-audit --no-fund --save-exact \
    "react@$REACT_VERSION" "react-dom@$REACT_VERSION" \
    >"$TOOLS_DIR/logs/react-bench-npm.log" 2>&1 \
    || { cat "$TOOLS_DIR/logs/react-bench-npm.log"; exit 1; }
fi
# React 19's cjs "production" files ship unminified, so a real app's bundle is smaller
# than the files: measure the files and also a minified bundle of what a client needs.
printf 'export { createRoot } from "react-dom/client";\nexport { createElement, useState, useEffect } from "react";\n' \
  >"$REACT_DIR/entry.mjs"
esbuild "$REACT_DIR/entry.mjs" --bundle --minify --format=esm --log-level=warning \
  --define:process.env.NODE_ENV='"production"' --outfile="$REACT_DIR/react-client.min.js"
fi

# --- table ----------------------------------------------------------------------------------
size()   { wc -c <"$1" | tr -d ' '; }
gz()     { gzip -9 -c "$1" | wc -c | tr -d ' '; }
br()     { brotli -q 11 -c "$1" | wc -c | tr -d ' '; }
kib()    { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
row()    { printf '  %-56s %10s %10s %10s\n' "$@"; }
label()  { # short names: no repo prefix, no node_modules path, no snippet hash
  local f=${1#"$REPO_ROOT"/}
  f=${f#.tools/react-bench/node_modules/}
  if [[ $f == */snippets/*/* ]]; then f="${f%%/snippets/*}/snippets/*/${f##*/}"; fi
  echo "$f"
}
measure() { # label files... -> rows, then a total row; sets TOTAL_BR
  local label=$1; shift
  local f r g b tr=0 tg=0 tb=0
  row "$label" raw "gzip -9" "br -q 11"
  for f in "$@"; do
    r=$(size "$f") g=$(gz "$f") b=$(br "$f")
    tr=$(( tr + r )) tg=$(( tg + g )) tb=$(( tb + b ))
    row "$(label "$f")" "$r" "$g" "$b"
  done
  row "total" "$tr" "$tg" "$tb"
  row "" "$(kib "$tr")" "$(kib "$tg")" "$(kib "$tb")"
  TOTAL_BR=$tb
}

echo
echo "== Sizes (bytes; totals are sums of per-file compressed sizes)"
# The main module first, then the chunks, then the JS (one bundle: glue, chunk loader, element class).
widget_files=("$OUT/${CRATE}_bg.wasm")
while IFS= read -r f; do widget_files+=("$f"); done < <(find "$OUT" -name '*.wasm' ! -name "${CRATE}_bg.wasm" | sort)
while IFS= read -r f; do widget_files+=("$f"); done < <(find "$OUT" -name '*.js' | sort)
# One language's text catalog (both its parts), the largest: a page fetches only its own.
largest_catalog=() largest_br=0
for f in "$OUT"/locale-*.json; do
  case $f in *.details.json) continue ;; esac
  [ -e "$f" ] || continue
  parts=("$f" "${f%.json}.details.json")
  b=0; for p in "${parts[@]}"; do b=$(( b + $(br "$p") )); done
  if [ "$b" -gt "$largest_br" ]; then largest_br=$b largest_catalog=("${parts[@]}"); fi
done
widget_files+=(${largest_catalog[@]+"${largest_catalog[@]}"})
# style/*.css counts only if an embedder must load it: not when build.rs compiles it into
# the wasm (its SHEETS list) or src/ does with include_str!, nor the demo page's own styles.
notes=() page_css=()
for f in style/*.css; do
  [ -e "$f" ] || continue
  if grep -qF "\"$f\"" build.rs; then notes+=("$f: inside the wasm (build.rs)")
  elif grep -rqE "include_str!\(\"[^\"]*/$f\"\)" src; then notes+=("$f: inside the wasm (include_str!)")
  elif [[ $(basename "$f") == demo* ]]; then notes+=("$f: demo page only")
  else page_css+=("$f"); fi
done
measure "order-cancel-widget, every file (embeddable, $OUT/)" "${widget_files[@]}" ${page_css[@]+"${page_css[@]}"}
WIDGET_BR=$TOTAL_BR
for n in "${notes[@]}"; do echo "  not counted: $n"; done
echo
# What Chromium fetched before the first order card was on screen (example storefront).
FIRST_LOG="$LOGS/bench-first-screen.log"
# The harness's server binary: --ceiling runs after test.sh built it (a no-op then).
: >"$FIRST_LOG"
if [ -n "$CEILING_ONLY" ]; then cargo build -q -p order-cancel-server >>"$FIRST_LOG" 2>&1 || true; fi
first_files=()
first_args=()
[ -n "$CEILING_ONLY" ] || first_args=(--dialog) # and time the first dialog (part 5)
if first_list=$(node e2e/bench-first-screen.mjs ${first_args[@]+"${first_args[@]}"} 2>>"$FIRST_LOG"); then
  while IFS= read -r f; do first_files+=("$f"); done <<<"$first_list"
  measure "first screen: fetched before the first order card (Chromium)" "${first_files[@]}" ${page_css[@]+"${page_css[@]}"}
  FIRST_BR=$TOTAL_BR
else
  bench_fail "first screen (e2e/bench-first-screen.mjs)" "$FIRST_LOG" || true
  FIRST_BR=""
fi
echo
status=0
if [ -z "$CEILING_ONLY" ]; then
# react-dom-client requires react-dom and scheduler, so they count too.
measure "React $REACT_VERSION cjs production files (unminified)" \
  "$RN/react/cjs/react.production.js" \
  "$RN/react-dom/cjs/react-dom-client.production.js" \
  "$RN/react-dom/cjs/react-dom.production.js" \
  "$RN/scheduler/cjs/scheduler.production.js"
echo
measure "React $REACT_VERSION client, esbuild --minify bundle" "$REACT_DIR/react-client.min.js"
REACT_BR=$TOTAL_BR

# --- 4. what makes the wasm big -------------------------------------------------------------
echo
named_wasm="$PRE_OPT_DIR/named.wasm"
echo "== Top 15 contributors to the main module, the first screen's wasm (twiggy; code inlined into a function counts for it)"
if [ -n "$TWIGGY_OK" ] && [ -n "$PRE_OPT_OK" ]; then
  # The same wasm-opt passes as the shipped file, with -g so the names stay for twiggy.
  if bench_build "wasm-opt -g (named copy)" "$LOGS/bench-named.log" \
    wasm-opt "${WASM_OPT_MAIN[@]}" "${WASM_OPT_SIZE[@]}" -g "${WASM_OPT_FEATURES[@]}" -o "$named_wasm" "$PRE_OPT_DIR/${CRATE}_bg.wasm"; then
    if twiggy top -n 1000000 -f csv "$named_wasm" 2>"$LOGS/bench-twiggy.log" >"$PRE_OPT_DIR/top.csv"; then
      bench_report "twiggy top" "$LOGS/bench-twiggy.log" node e2e/bench-wasm-top.mjs 15 <"$PRE_OPT_DIR/top.csv" || true
    else
      bench_fail "twiggy top" "$LOGS/bench-twiggy.log" || true
    fi
  fi
else
  echo "   (skipped: ${BENCH_FAILED[*]} failed)"
fi

# --- 5. browser timings ---------------------------------------------------------------------
echo
if [ -n "$SERVER_OK" ] && [ -n "$DIST_OK" ]; then
  bench_report "browser timings" "$LOGS/bench-timing.log" node e2e/bench-timing.mjs || true
  echo "   split example storefront (dist-embed/, e2e/bench-first-screen.mjs):"
  sed -n 's/^"Cancel item"/   "Cancel item"/p' "$FIRST_LOG"
else
  echo "== Browser timings (skipped: ${BENCH_FAILED[*]} failed)"
fi

# --- 6. server load -------------------------------------------------------------------------
echo
if [ -n "$SERVER_OK" ]; then
  bench_report "server load" "$LOGS/bench-load.log" node e2e/bench-load.mjs || true
  bench_report "server by database" "$LOGS/bench-server.log" scripts/bench-server.sh || true # SQLite | PostgreSQL ×1 | ×2
else
  echo "== Server load (skipped: ${BENCH_FAILED[*]} failed)"
fi

# --- verdict --------------------------------------------------------------------------------
echo
printf 'widget brotli total %s (%s) vs minified React client %s (%s): %s%%\n' \
  "$WIDGET_BR" "$(kib "$WIDGET_BR")" "$REACT_BR" "$(kib "$REACT_BR")" \
  "$(awk -v a="$WIDGET_BR" -v b="$REACT_BR" 'BEGIN { printf "%.0f", 100 * a / b }')"
fi
# One row per budget: measured, budget, ceiling (size-ceiling.txt), verdicts.
ceiling_of() { # key -> number or empty
  [ -f size-ceiling.txt ] || return 0
  awk -v k="$1" '!/^[[:space:]]*#/ && $1 == k && $2 ~ /^[0-9]+$/ { print $2; exit }' size-ceiling.txt
}
verdict_row() { # name measured budget ceiling-key
  local name=$1 got=$2 budget=$3 ceiling b c
  ceiling=$(ceiling_of "$4")
  if [ -z "$got" ]; then printf '  %-14s %10s %10s %10s   %s\n' "$name" - "$budget" "${ceiling:--}" "not measured"; status=1; return; fi
  if [ "$got" -le "$budget" ]; then b="PASS budget"
  else b="FAIL budget"; status=1; fi
  if [ -z "$ceiling" ]; then c="no ceiling ($4 missing in size-ceiling.txt)"
  elif [ "$got" -le "$ceiling" ]; then c="PASS ceiling"
  else c="FAIL ceiling"; status=1; fi
  printf '  %-14s %10s %10s %10s   %s, %s\n' "$name" "$got" "$budget" "${ceiling:--}" "$b" "$c"
}
echo "== Budgets (brotli -q 11 bytes)"
printf '  %-14s %10s %10s %10s\n' "" measured budget ceiling
verdict_row "first screen" "$FIRST_BR" "$FIRST_SCREEN_BUDGET" first_screen
verdict_row "whole widget" "$WIDGET_BR" "$TOTAL_BUDGET" total
if [ -z "$CEILING_ONLY" ] && [ ${#BENCH_FAILED[@]} -gt 0 ]; then
  echo "FAIL benchmarks: ${BENCH_FAILED[*]} (logs in .tools/logs/)"; status=1
fi
exit "$status"
