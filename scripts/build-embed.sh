#!/usr/bin/env bash
# Builds what a storefront embeds into dist-embed/ (git-ignored), which is also the npm package
# (`npm pack ./dist-embed`):
#   order_cancel_widget.js      ES module: `init()` (defines <order-cancel-widget>) and `mount()`;
#                               wasm-bindgen's glue, the chunk loader, the custom element's JS
#                               class and src/init.js (finding the files, explaining a failed
#                               load) bundled and minified into one file by esbuild
#   order_cancel_widget_bg.wasm the main module: the orders list and everything the first
#                               screen needs (release profile, std rebuilt for size, wasm-opt -Os --converge;
#                               build_split_wasm in scripts/env.sh says how and why)
#   split_*.wasm, chunk_*.wasm  lazily loaded chunks, fetched by the module on first use or
#                               ahead of it; now one, split_details.wasm: the order details
#                               with the reason dialog and the results
#   locale-<hash>-<tag>.json    the text catalogs of locales/*.json, minified, in two parts
#   locale-<hash>-<tag>.details.json  per language: the first screen's texts, and the order
#                               details' (fetched with their chunk); the widget fetches only
#                               its language's. The hash (of all of them) in the names lets a
#                               host cache them for good.
#   order_cancel_widget.d.ts    TypeScript declarations (config, handle, events, element)
#   package.json, README.md     the npm package (from npm/; the version is the crate's)
# The widget's CSS is compiled into the wasm and adopted by each shadow root.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

OUT="${1:-dist-embed}"
CRATE="order_cancel_widget"

echo "== Building the embeddable release into $OUT/"
build_split_wasm "$EMBED_TARGET_DIR" "$CRATE" "$OUT" -p order-cancel-widget --features split
# One file instead of three (fewer requests, one after the other, before the wasm starts) and
# 3 % smaller than minifying each. `new URL("…", import.meta.url)` stays as it is, so bundlers
# (Vite, webpack) still find every .wasm file.
# The entry re-exports only the widget's API (scripts/package-api.mjs), so the glue of classes
# the widget never uses is left out. Its `init()` is src/init.js around wasm-bindgen's: it finds
# the .wasm files (beside the module, or where `init({ assetsUrl })` says; the chunk loader asks
# it too) and, when the main one cannot load, says why and shows the shopper a message.
cp src/init.js "$OUT/init.js"
node scripts/package-api.mjs loader "$OUT/__wasm_split.js"
# The catalogs, cut by where their keys are used, under content-hashed names, listed for the
# module by literal `new URL('./locale-…', import.meta.url)`s (as the .wasm files are, so
# bundlers copy them), in place of the demo's `locales/<tag>.json` lookup (src/api/catalog.rs).
rm -f "$OUT"/locale-*.json
node scripts/package-api.mjs catalogs "$OUT" locales/*.json
node scripts/package-api.mjs entry "$OUT/$CRATE.js" >"$OUT/entry.js"
esbuild "$OUT/entry.js" --bundle --minify --format=esm --log-level=warning \
  --outfile="$OUT/$CRATE.js" --allow-overwrite
# terser, run over esbuild's result, finds what one minifier pass leaves (3 compress passes,
# only transforms that keep behaviour; still an ES module with `import.meta.url`): JS 5,934
# -> 5,832 brotli (2026-12-05).
terser "$OUT/$CRATE.js" --module --compress passes=3 --mangle -o "$OUT/$CRATE.js"
rm -rf "$OUT/snippets" "$OUT/__wasm_split.js" "$OUT/entry.js" "$OUT/init.js" "$OUT/catalogs.js" # now inside the bundle
rm -f "$OUT/${CRATE}_bg.wasm.d.ts" # declares wasm internals; nothing an embedder imports
node scripts/package-api.mjs types "$OUT/$CRATE.d.ts"

version=$(cargo metadata --no-deps --format-version 1 --offline \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="order-cancel-widget");process.stdout.write(p.version)})')
node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync(process.argv[1]));p.version=process.argv[2];fs.writeFileSync(process.argv[3],JSON.stringify(p,null,2)+"\n")' \
  npm/package.json "$version" "$OUT/package.json"
cp npm/README.md "$OUT/README.md"
ls -l "$OUT"
