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

# The size-optimised cargo build of a wasm library, shared by both builds below. The standard
# library is rebuilt for size (needs the rust-src component; setup.sh adds it):
# - panics abort at once: a release panic had nowhere to print anyway (no panic hook), yet
#   its message formatting cost the widget ~15 KB brotli;
# - no file/line strings for panic locations;
# - `{:?}` (Debug) formats to nothing: nothing a shopper or the console reads uses it, and
#   every derived Debug impl cost bytes (-3.2 KB brotli, 2026-12-02);
# - std's own optimize_for_size code paths.
# These are unstable flags, so RUSTC_BOOTSTRAP lets the stable compiler take them; they only
# touch these builds, never the tests or the demo. `--cfg erase_components` repeats
# .cargo/config.toml's rustflags, which RUSTFLAGS replaces.
# Usage: cargo_small_wasm TARGET_DIR EXTRA_RUSTFLAGS CARGO_ARGS...
# Every step here and below ends with `|| return`: a caller's `build_… || …` turns `set -e`
# off inside the function, and a failed step must not lead to measuring an older .wasm.
cargo_small_wasm() {
  local target_dir=$1 extra_flags=$2
  shift 2
  if ! rustup component list --installed 2>/dev/null | grep -qx rust-src; then
    echo "cargo_small_wasm: the rust-src component is missing: run scripts/setup.sh" >&2
    return 1
  fi
  # CARGO_ENCODED_RUSTFLAGS would win over RUSTFLAGS and silently drop the size flags.
  env -u CARGO_ENCODED_RUSTFLAGS RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$target_dir" \
    RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none${extra_flags:+ $extra_flags}" \
    cargo build --release --lib --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size "$@"
}

# How wasm-opt optimises every shipped .wasm: -Os run until nothing changes (--converge)
# ends 1.4 KB brotli smaller than -Oz on this widget (main module -1,059, chunk -344;
# 2026-12-02), for ~15 s more build time. The producers and target-features sections only
# describe the build (-108 bytes). --low-memory-unused lets wasm-opt fold constant offsets
# into loads and stores (main -660, chunk -350 brotli; 2026-12-05): true here, because the
# linker puts the 1 MiB stack first (it grows down towards 0) and the data from 1 MiB on, so
# the lowest 1 KiB is touched only by a stack already overflowing.
# shellcheck disable=SC2034 # used by the scripts that source this file
WASM_OPT_SIZE=(-Os --converge --low-memory-unused --strip-producers --strip-target-features)
# And per module of the split build (brotli, 2026-12-05, on 58de40a's cargo output): the
# chunk gains from always inlining functions of up to 8 instead of 2 instructions (-aimfs 8:
# chunk 46,807 -> 46,273; 10: 46,310, 12: 46,319); the main module from what the functions'
# side effects tell -Os (--generate-global-effects: 75,083 -> 75,072) and from -aimfs 4
# (then 74,827; 3: 74,913, 5: 75,101, 6: 75,114, 8 was +447 on d9902b5).
# Both: no function inlined only because it has one caller (-ocimfs 0; -1, inline any such
# function, is -Os's default): main 74,827 -> 71,480, chunk 46,273 -> 43,399 (on 492e2c7:
# 75,045 -> 71,631 and 45,517 -> 42,713). With it the best always-inline sizes moved (on
# 492e2c7, main / chunk): main 6 (71,353; 4: 71,631, 5: 71,367, 7: 71,356, 8: 71,667),
# chunk 12 (42,662; 8: 42,713, 16: 42,689, 6: 42,760).
# shellcheck disable=SC2034 # used by the scripts that source this file
WASM_OPT_MAIN=(--generate-global-effects --always-inline-max-function-size 6
  --one-caller-inline-max-function-size 0)
WASM_OPT_CHUNK=(--always-inline-max-function-size 12 --one-caller-inline-max-function-size 0)

# wasm-opt in place; EXTRA (passes first: they run in order) before WASM_OPT_SIZE.
wasm_opt_in_place() { # FILE.wasm [EXTRA...]
  local file=$1
  shift
  wasm-opt "$@" "${WASM_OPT_SIZE[@]}" "${WASM_OPT_FEATURES[@]}" -o "$file.opt" "$file" || return
  mv "$file.opt" "$file"
}

# One module: cargo_small_wasm, wasm-bindgen --target web, wasm_opt_in_place.
# Usage: build_small_wasm TARGET_DIR CRATE_FILE_STEM OUT_DIR CARGO_ARGS...
build_small_wasm() {
  local target_dir=$1 stem=$2 out=$3
  shift 3
  cargo_small_wasm "$target_dir" "" "$@" || return
  rm -rf "$out" || return
  wasm-bindgen --target web --out-dir "$out" "$target_dir/wasm32-unknown-unknown/release/$stem.wasm" || return
  wasm_opt_in_place "$out/${stem}_bg.wasm"
}

# Lazily loaded chunks: the crate's split points (`wasm_split` functions, see
# src/chunk.rs) become separate .wasm files that the main module fetches on first
# use. The linker keeps its relocations (--emit-relocs) so wasm-split-cli can tell which
# code each split point alone reaches; that code moves to the split point's chunk, code
# that several split points share to a shared chunk, the rest stays in the main module,
# which wasm-bindgen then processes as usual (keeping the exports the chunks import).
#   OUT/STEM.js, OUT/STEM_bg.wasm    the main module and its JS glue
#   OUT/__wasm_split.js              the chunk loader, imported by the main module
#   OUT/split_*.wasm, OUT/chunk_*.wasm   the chunks
# Usage: build_split_wasm TARGET_DIR CRATE_FILE_STEM OUT_DIR CARGO_ARGS...
build_split_wasm() {
  local target_dir=$1 stem=$2 out=$3
  shift 3
  cargo_small_wasm "$target_dir" "-Clink-args=--emit-relocs" "$@" || return
  local split="$target_dir/wasm-split/$stem"
  rm -rf "$split" "$out" || return
  mkdir -p "$split" || return
  # wasm-streams' JS stream classes (linked through leptos' server_fn, never used by the
  # widget) leave the linker's exports before the split, so wasm-split-cli never puts the code
  # only they reach into a module, nor into the function table the chunks import; after the
  # copy below, their classes leave the glue (scripts/drop-wasm-exports.mjs; on 3f1abb7, main
  # 72,450 -> 69,002 brotli and JS 6,554 -> 6,381 against taking them out after wasm-bindgen).
  # The list of what went lies beside $split, whose files all go to OUT.
  local dropped="$split.dropped-exports.txt"
  node "$REPO_ROOT/scripts/drop-wasm-exports.mjs" exports \
    "$target_dir/wasm32-unknown-unknown/release/$stem.wasm" "$split.linked.wasm" \
    '^(__wbg_|__wbindgen_describe_)?intounderlying' >"$dropped" || return
  wasm-split-cli "$split.linked.wasm" "$split" --out-name "$stem" --target web || return
  rm "$split.linked.wasm" || return
  # --keep-lld-exports: the chunks import the main module's table, memory and stack pointer.
  wasm-bindgen --target web --keep-lld-exports --no-demangle --out-dir "$out" "$split/$stem.wasm" || return
  local f
  for f in "$split"/*; do
    [ "$f" = "$split/$stem.wasm" ] || cp -r "$f" "$out/" || return
  done
  node "$REPO_ROOT/scripts/drop-wasm-exports.mjs" glue "$out/$stem.js" "$dropped" || return
  for f in "$out"/*.wasm; do
    if [ "$f" = "$out/${stem}_bg.wasm" ]; then wasm_opt_in_place "$f" "${WASM_OPT_MAIN[@]}" || return
    else wasm_opt_in_place "$f" "${WASM_OPT_CHUNK[@]}" || return; fi
  done
  # Short names for what the main module and its glue share (scripts/minify-wasm-names.mjs).
  wasm-opt "${WASM_OPT_FEATURES[@]}" --minify-imports-and-exports-and-modules \
    -o "$out/${stem}_bg.wasm" "$out/${stem}_bg.wasm" >"$split/names.json" || return
  node "$REPO_ROOT/scripts/minify-wasm-names.mjs" "$split/names.json" "$out/$stem.js" "$out/__wasm_split.js"
}
