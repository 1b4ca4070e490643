#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing: every step first
# checks the tool's version, so a second run takes seconds and a fresh machine still works.
# Nothing is exported permanently; other scripts `source scripts/env.sh` for PATH.
#
# Pinned here (and why):
#   trunk 0.21.14           0.22 needs a newer rustc than we have; --locked builds reproducibly
#   wasm-bindgen-cli        exactly the `wasm-bindgen = "=X"` pin in Cargo.toml (CLI and crate
#                           must match); NOT --locked: a locked dependency is missing upstream
#   wasm_split_cli_support  `wasm-split-cli`: cuts the embeddable wasm into lazily loaded chunks
#                           at the widget's split points (the crates named wasm-split-cli /
#                           wasm-split-macro are another, incompatible format)
#   binaryen 132 (npm)      wasm-opt; Debian's binaryen 108 produces wasm that fails in browsers
#   playwright-core         drives the system Chromium in the end-to-end tests (no downloads)
#   esbuild (npm)           bundles and minifies the embeddable build's JS
#   terser (npm)            minifies esbuild's bundle once more (3 passes): -102 B brotli
#   vite, webpack + webpack-cli, rollup + @rollup/plugin-node-resolve +
#   @web/rollup-plugin-import-meta-assets (npm)
#                           each bundles the same fresh app that installs the npm package
#                           (e2e/npm-package.test.mjs), as the README's bundler table says
#   axe-core                the accessibility audit the end-to-end tests run on every screen
#   schemathesis (PyPI)     fuzzes the server against openapi.yaml (scripts/test.sh, layer 1);
#                           in a venv in .tools/, pinned like the rest
#   aiosmtpd 1.4.6 (PyPI)   a real SMTP server for the email tests and the demo's inbox
#                           (server/tests/smtp_server.py), in the venv .tools/smtp
set -euo pipefail

TRUNK_VERSION="0.21.14"
WASM_SPLIT_VERSION="0.2.4"
BINARYEN_VERSION="132.0.0"
PLAYWRIGHT_VERSION="1.65.1"
ESBUILD_VERSION="0.28.2"
TERSER_VERSION="5.51.4"
VITE_VERSION="8.3.8"
WEBPACK_VERSION="5.112.2"
WEBPACK_CLI_VERSION="7.3.1"
ROLLUP_VERSION="4.68.8"
ROLLUP_NODE_RESOLVE_VERSION="16.0.3"
ROLLUP_IMPORT_META_ASSETS_VERSION="2.3.3"
AXE_VERSION="4.14.1"
SCHEMATHESIS_VERSION="4.32.5"
AIOSMTPD_VERSION="1.4.6"
NODE_MIN_MAJOR=20 # playwright-core 1.65 declares engines.node >= 20

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
LOG_DIR="$TOOLS_DIR/logs"
mkdir -p "$LOG_DIR"
START=$SECONDS

say()  { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
ok()   { printf '   ok: %s\n' "$*"; }
act()  { printf '   -> %s\n' "$*"; }
die()  { printf '\nsetup.sh: error: %s\n' "$*" >&2; exit 1; }

# Runs a long command with its output in a log file, printing a heartbeat every 30 s so
# CI logs and terminals both show it is alive (cargo install prints nothing for minutes).
run_long() {
  local label=$1 eta=$2 log=$3; shift 3
  act "$label (usually $eta; log: ${log#"$REPO_ROOT"/})"
  local t0=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$! n=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    n=$(( n + 1 ))
    if (( n % 30 == 0 )) && kill -0 "$pid" 2>/dev/null; then
      printf '      ... %dm%02ds: %s\n' $(( (SECONDS - t0) / 60 )) $(( (SECONDS - t0) % 60 )) \
        "$(tail -n1 "$log" | cut -c1-100)"
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    die "$label failed (full log: $log)"
  fi
  ok "$label done in $(( SECONDS - t0 ))s"
}

# Root runs apt-get directly; others through sudo (non-interactive when there is no
# terminal, so CI fails fast instead of waiting for a password).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else die "need root or sudo to run: $*"
  fi
}

# --- 1. Debian packages --------------------------------------------------------------------
step "System packages (apt)"
missing_pkgs=()
need_cmd() { # command  package  [what for]
  if command -v "$1" >/dev/null; then ok "$1 found ($(command -v "$1"))"
  else act "$1 missing -> apt package $2${3:+ ($3)}"; missing_pkgs+=("$2"); fi
}
need_cmd chromium      chromium        "browser for the wasm and end-to-end tests"
need_cmd chromedriver  chromium-driver "WebDriver for wasm-bindgen-test-runner"
need_cmd brotli        brotli          "size budget in bench.sh"
need_cmd cc            build-essential "C compiler for bundled SQLite and cargo installs"
need_cmd curl          curl            "health checks in demo.sh"
need_cmd node          nodejs          "end-to-end tests"
need_cmd npm           npm             "pinned npm tools in .tools/"
need_cmd python3       python3         "the webhook receiver and SMTP server of the server's tests; schemathesis"
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  act "python3's venv missing -> apt package python3-venv (schemathesis and aiosmtpd in .tools/)"
  missing_pkgs+=(python3-venv)
fi
# Screenshots of the ja/zh-CN screens (and emails) need a font with their characters: without
# one, headless Chromium draws boxes, and what a shopper reads there cannot be looked at.
if fc-list :lang=ja 2>/dev/null | grep -q .; then ok "a Japanese font found"
else act "no Japanese font -> apt package fonts-ipafont-gothic (screenshots of the ja screens)"; missing_pkgs+=(fonts-ipafont-gothic); fi
# PostgreSQL's server programs are not on PATH: Debian keeps them per major version.
# scripts/postgres.sh runs a throwaway cluster of them for the server's tests and bench.
if initdb_path=$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n1) && [ -n "$initdb_path" ]; then
  ok "initdb found ($initdb_path)"
else
  act "initdb missing -> apt package postgresql (the server's tests also run against PostgreSQL)"
  missing_pkgs+=(postgresql)
fi
if [ ${#missing_pkgs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing_pkgs[*]} and no apt-get; install them by hand"
  # Only refresh the package lists when something must be installed.
  act "apt-get update"
  as_root apt-get update -q
  act "apt-get install ${missing_pkgs[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing_pkgs[@]}"
fi
chromium_major=$(chromium --version 2>/dev/null | sed -n 's/^Chromium \([0-9]*\).*/\1/p')
driver_major=$(chromedriver --version 2>/dev/null | sed -n 's/^ChromeDriver \([0-9]*\).*/\1/p')
if [ -n "$chromium_major" ] && [ "$chromium_major" != "$driver_major" ]; then
  die "chromium $chromium_major and chromedriver $driver_major differ; upgrade both together"
fi
ok "chromium $chromium_major with chromedriver $driver_major"

step "Node.js >= $NODE_MIN_MAJOR"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt "$NODE_MIN_MAJOR" ]; then
  # Debian 12's own nodejs is 18; playwright-core 1.65 needs 20+ (e.g. from NodeSource).
  die "node $(node --version) is too old: need >= $NODE_MIN_MAJOR (Debian 12 ships 18; install Node 20+ e.g. from NodeSource)"
fi
ok "node $(node --version), npm $(npm --version 2>/dev/null)"

# --- 2. Rust -------------------------------------------------------------------------------
step "Rust toolchain (rustup, cargo)"
if command -v cargo >/dev/null && command -v rustup >/dev/null; then
  ok "$(cargo --version)"
else
  # The project's machines come with rustup; a toolchain itself is not ours to download.
  die "cargo and rustup are needed: install Rust with rustup (https://rustup.rs), then re-run"
fi

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  ok "installed"
else
  act "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The embeddable release rebuilds std for size (scripts/build-embed.sh).
step "Rust standard library source (rust-src)"
if rustup component list --installed | grep -qx rust-src; then
  ok "installed"
else
  act "rustup component add rust-src"
  rustup component add rust-src
fi

step "rustc takes the size build's unstable flags"
if RUSTC_BOOTSTRAP=1 rustc -Zunstable-options -Cpanic=immediate-abort --print cfg \
  --target wasm32-unknown-unknown >/dev/null 2>&1; then
  ok "-Cpanic=immediate-abort"
else
  die "$(rustc --version) does not take -Cpanic=immediate-abort (build_small_wasm in scripts/env.sh needs it): update Rust (rustup update stable), then re-run"
fi

# --- 3. wasm-bindgen-cli at the Cargo.toml pin ----------------------------------------------
WBG_VERSION=$(wasm_bindgen_pin)
[ -n "$WBG_VERSION" ] || die 'no wasm-bindgen = "=X.Y.Z" pin found in Cargo.toml'
step "wasm-bindgen-cli $WBG_VERSION (pinned in Cargo.toml)"
# The CLI must equal the crate version actually locked, and Trunk.toml must agree.
if [ -f Cargo.lock ]; then
  locked=$(awk '/^name = "wasm-bindgen"$/ { getline; sub(/version = /, ""); gsub(/"/, ""); print; exit }' Cargo.lock)
  [ -z "$locked" ] || [ "$locked" = "$WBG_VERSION" ] || die "Cargo.lock has wasm-bindgen $locked, Cargo.toml pins $WBG_VERSION"
fi
if [ -f Trunk.toml ]; then
  trunk_wbg=$(sed -n 's/^wasm_bindgen *= *"\(.*\)".*/\1/p' Trunk.toml)
  [ "$trunk_wbg" = "$WBG_VERSION" ] || die "Trunk.toml [tools] wasm_bindgen is '$trunk_wbg', Cargo.toml pins $WBG_VERSION"
fi
have_wbg=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wbg" = "$WBG_VERSION" ] && [ "$have_runner" = "$WBG_VERSION" ]; then
  ok "wasm-bindgen $have_wbg, wasm-bindgen-test-runner $have_runner"
else
  act "found wasm-bindgen '${have_wbg:-none}', test runner '${have_runner:-none}'"
  run_long "cargo install wasm-bindgen-cli --version $WBG_VERSION" "~6 min" "$LOG_DIR/wasm-bindgen-cli.log" \
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# --- 4. trunk ------------------------------------------------------------------------------
step "trunk $TRUNK_VERSION"
have_trunk=$(trunk --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_trunk" = "$TRUNK_VERSION" ]; then
  ok "trunk $have_trunk"
else
  act "found trunk '${have_trunk:-none}'"
  run_long "cargo install trunk --version $TRUNK_VERSION --locked" "~15 min on 2 cores" "$LOG_DIR/trunk.log" \
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# --- 5. wasm-split-cli ---------------------------------------------------------------------
# It has no --version flag: cargo's own install record says which version is on PATH.
step "wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION)"
have_split=$(cargo install --list 2>/dev/null | sed -n 's/^wasm_split_cli_support v\([0-9.]*\):$/\1/p')
if [ "$have_split" = "$WASM_SPLIT_VERSION" ] && command -v wasm-split-cli >/dev/null; then
  ok "wasm-split-cli from wasm_split_cli_support $have_split"
else
  act "found wasm_split_cli_support '${have_split:-none}'"
  # --locked first for a reproducible build; without it if a locked dependency is gone.
  run_long "cargo install wasm_split_cli_support --version $WASM_SPLIT_VERSION" "~3 min" "$LOG_DIR/wasm-split-cli.log" \
    sh -c "cargo install wasm_split_cli_support --version $WASM_SPLIT_VERSION --features build-binary --locked --force \
      || cargo install wasm_split_cli_support --version $WASM_SPLIT_VERSION --features build-binary --force"
fi

# --- 6. npm tools in .tools/ (git-ignored) --------------------------------------------------
NPM_TOOLS=("binaryen@$BINARYEN_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "axe-core@$AXE_VERSION"
  "esbuild@$ESBUILD_VERSION" "terser@$TERSER_VERSION" "vite@$VITE_VERSION" "webpack@$WEBPACK_VERSION" "webpack-cli@$WEBPACK_CLI_VERSION"
  "rollup@$ROLLUP_VERSION" "@rollup/plugin-node-resolve@$ROLLUP_NODE_RESOLVE_VERSION"
  "@web/rollup-plugin-import-meta-assets@$ROLLUP_IMPORT_META_ASSETS_VERSION")
step "npm tools in .tools/: ${NPM_TOOLS[*]}"
npm_version() { # package -> installed version or empty
  node -p "require('$TOOLS_DIR/node_modules/$1/package.json').version" 2>/dev/null || true
}
missing_npm=()
for spec in "${NPM_TOOLS[@]}"; do
  name=${spec%@*} want=${spec##*@} have=$(npm_version "${spec%@*}")
  if [ "$have" = "$want" ]; then ok "$name $have"
  else act "found $name '${have:-none}', want $want"; missing_npm+=("$spec"); fi
done
if [ ${#missing_npm[@]} -gt 0 ]; then
  run_long "npm install --prefix .tools ${missing_npm[*]}" "~1 min" "$LOG_DIR/npm.log" \
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --save-exact "${missing_npm[@]}"
fi
# Trunk reads the version from `wasm-opt --version` (3rd word) and, offline, accepts only
# an exact match with Trunk.toml's `wasm_opt = "version_132"`.
wasm_opt_out=$("$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)
case "$wasm_opt_out" in
  "wasm-opt version ${BINARYEN_VERSION%%.*}"*) ok "$wasm_opt_out" ;;
  *) die "unexpected wasm-opt: '$wasm_opt_out' (want version ${BINARYEN_VERSION%%.*})" ;;
esac
[ "$(command -v wasm-opt)" = "$TOOLS_DIR/node_modules/.bin/wasm-opt" ] \
  || die "wasm-opt on PATH is $(command -v wasm-opt), not the one in .tools"

# --- 7. PyPI tools in venvs in .tools/ (git-ignored) ---------------------------------------
step "schemathesis $SCHEMATHESIS_VERSION (venv .tools/schemathesis)"
ST_VENV="$TOOLS_DIR/schemathesis"
st_version() { "$ST_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true; }
have_st=$(st_version)
if [ "$have_st" = "$SCHEMATHESIS_VERSION" ]; then
  ok "schemathesis $have_st"
else
  act "found schemathesis '${have_st:-none}', want $SCHEMATHESIS_VERSION"
  # A venv whose interpreter is gone (python3 upgraded or removed) is made anew.
  if ! "$ST_VENV/bin/python" -c '' 2>/dev/null; then
    rm -rf "$ST_VENV"
    python3 -m venv "$ST_VENV"
  fi
  run_long "pip install schemathesis==$SCHEMATHESIS_VERSION" "~1 min" "$LOG_DIR/schemathesis.log" \
    "$ST_VENV/bin/pip" install --disable-pip-version-check -q "schemathesis==$SCHEMATHESIS_VERSION"
  [ "$(st_version)" = "$SCHEMATHESIS_VERSION" ] || die "schemathesis $SCHEMATHESIS_VERSION did not install (log: $LOG_DIR/schemathesis.log)"
fi

# The SMTP server of the email tests and of the demo's inbox (server/tests/smtp_server.py).
step "aiosmtpd $AIOSMTPD_VERSION (venv .tools/smtp)"
SMTP_VENV="$TOOLS_DIR/smtp"
smtpd_version() { "$SMTP_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("aiosmtpd"))' 2>/dev/null || true; }
have_smtpd=$(smtpd_version)
if [ "$have_smtpd" = "$AIOSMTPD_VERSION" ]; then
  ok "aiosmtpd $have_smtpd"
else
  act "found aiosmtpd '${have_smtpd:-none}', want $AIOSMTPD_VERSION"
  if ! "$SMTP_VENV/bin/python" -c '' 2>/dev/null; then
    rm -rf "$SMTP_VENV"
    python3 -m venv "$SMTP_VENV"
  fi
  run_long "pip install aiosmtpd==$AIOSMTPD_VERSION" "~20 s" "$LOG_DIR/aiosmtpd.log" \
    "$SMTP_VENV/bin/pip" install --disable-pip-version-check -q "aiosmtpd==$AIOSMTPD_VERSION"
  [ "$(smtpd_version)" = "$AIOSMTPD_VERSION" ] || die "aiosmtpd $AIOSMTPD_VERSION did not install (log: $LOG_DIR/aiosmtpd.log)"
fi

# --- summary -------------------------------------------------------------------------------
step "Summary (setup took $(( SECONDS - START ))s)"
printf '   %-26s %s\n' \
  rustc "$(rustc --version)" \
  "wasm32 target" "$(rustup target list --installed | grep -x wasm32-unknown-unknown)" \
  "std source" "$(rustup component list --installed | grep -x rust-src)" \
  wasm-bindgen "$(wasm-bindgen --version)" \
  wasm-bindgen-test-runner "$(wasm-bindgen-test-runner --version)" \
  trunk "$(trunk --version)" \
  wasm-split-cli "wasm_split_cli_support $(cargo install --list | sed -n 's/^wasm_split_cli_support v\([0-9.]*\):$/\1/p') ($(command -v wasm-split-cli))" \
  wasm-opt "$wasm_opt_out ($(command -v wasm-opt))" \
  node "$(node --version)" \
  playwright-core "$(npm_version playwright-core)" \
  axe-core "$(npm_version axe-core)" \
  esbuild "$(npm_version esbuild)" \
  terser "$(npm_version terser)" \
  vite "$(npm_version vite)" \
  webpack "$(npm_version webpack) (webpack-cli $(npm_version webpack-cli))" \
  rollup "$(npm_version rollup) (+ node-resolve $(npm_version @rollup/plugin-node-resolve), import-meta-assets $(npm_version @web/rollup-plugin-import-meta-assets))" \
  schemathesis "$(st_version) ($ST_VENV/bin/st)" \
  chromium "$(chromium --version 2>/dev/null)" \
  chromedriver "$(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)" \
  brotli "$(brotli --version 2>/dev/null)" \
  aiosmtpd "$(smtpd_version)" \
  postgresql "$("$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | sort -V | tail -n1)" --version 2>/dev/null)"
