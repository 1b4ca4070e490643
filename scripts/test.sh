#!/usr/bin/env bash
# README command 2 (and what .ci/run calls): every test layer from a fresh clone.
#   setup    scripts/setup.sh installs whatever tool is missing
#   layer 1  native: cargo test of the whole workspace; the policy crate also builds for wasm;
#            the server fuzzed against openapi.yaml (scripts/contract.sh, schemathesis);
#            the server's suite again against a throwaway PostgreSQL (scripts/postgres.sh)
#   layer 2  wasm:   wasm-bindgen-test suites of the widget in headless Chromium
#   layer 3  e2e:    the Trunk release build + real server, driven by playwright-core
# Stops at the first failure (non-zero exit) and always prints a summary with durations.
# Needs no stdin; CI=true is fine.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=scripts/postgres.sh
. "$REPO_ROOT/scripts/postgres.sh"
cd "$REPO_ROOT"

# The default 20 s per wasm test suite is tight on a busy 2-core CI machine.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"

names=() results=() durations=()
current="" current_start=0

bold="" plain=""
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; fi # no escape codes in CI logs
begin() { # name
  current=$1 current_start=$SECONDS
  printf '\n%s==== %s%s\n' "$bold" "$current" "$plain"
}
# Everything the runners print also goes to a log, so the summary can count the tests.
TEST_LOG=$(mktemp)
run() { # command... (echoed, then run; fails with the command, pipefail is on)
  printf '\n$ %s\n' "$*"
  "$@" 2>&1 | tee -a "$TEST_LOG"
}
end() {
  names+=("$current") results+=("passed") durations+=($(( SECONDS - current_start )))
  current=""
}
summary() {
  local rc=$?
  postgres_stop
  if [ -n "$current" ]; then # the layer that was running failed
    names+=("$current") results+=("FAILED") durations+=($(( SECONDS - current_start )))
  fi
  printf '\n==== Summary\n'
  local i
  for i in "${!names[@]}"; do
    printf '   %-60s %-7s %5ds\n' "${names[$i]}" "${results[$i]}" "${durations[$i]}"
  done
  printf '   %-60s %-7s %5ds\n' "total" "$([ "$rc" -eq 0 ] && echo passed || echo FAILED)" "$SECONDS"
  # cargo and wasm-bindgen-test: "test result: ok. N passed; M failed"; node: "# pass N", "# fail M".
  local counts
  counts=$(awk '
    /^test result: / { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    END { printf "%d passed, %d failed", p, f }' "$TEST_LOG")
  rm -f "$TEST_LOG"
  printf '\ntests: %s\n' "$counts"
  exit "$rc"
}
trap summary EXIT

begin "Setup: tools (scripts/setup.sh)"
run scripts/setup.sh
end

begin "Layer 1/3: native tests (policy, server, widget)"
# Formatting and lints first: a minute, and the cheapest failures to read.
run cargo fmt --all -- --check
run cargo clippy --workspace --all-targets -- -D warnings
run cargo clippy --target wasm32-unknown-unknown -p order-cancel-widget --all-targets -- -D warnings
run cargo test --workspace
# The policy crate is shared with the widget, so it must keep building for wasm.
run cargo build -p cancel-policy --target wasm32-unknown-unknown
# The contract from outside: schemathesis, every check, as a shopper and as the merchant, a
# bounded number of examples per operation (about a minute on 2 cores). The binary is the one
# `cargo test` just built.
run scripts/contract.sh 15
end

begin "Layer 1b/3: the server's suite against PostgreSQL (2 instances included)"
# A cluster of its own in a temp folder on a free port, stopped by the EXIT trap. Each test
# server gets a schema of its own (server/tests/api/harness.rs). fsync off: a test cluster.
# No cluster (postgres_start failed) stops the run here; it is never a skip.
postgres_start -c fsync=off -c synchronous_commit=off
log_lines=$(wc -l <"$TEST_LOG")
# The server's API suite (its unit tests use SQLite files only) is run as the binary layer 1
# built: `cargo test -p order-cancel-server`, or even `--workspace --test api`, resolves the
# dependencies' features for another selection and compiles ~70 crates again (~2 min on 2
# cores). `--no-run` here only names the executable; it runs in server/, as cargo runs it.
api_suite=$(cargo test --workspace --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"name":"api".*"executable":"\([^"]*\)".*/\1/p')
[ -x "$api_suite" ] || { echo "test.sh: layer 1 left no server API test binary" >&2; exit 1; }
# --include-ignored: the multi-instance tests (server/tests/api/instances.rs) are marked
# #[ignore = "needs TEST_DATABASE_URL ..."] for a plain cargo test; here they run. All but
# the outage test, which kills this cluster's postmaster under load and starts it again
# (server/tests/api/outage.rs): it runs alone, after the rest (about 10 s).
TEST_DATABASE_URL="$PG_URL" run env -C server "$api_suite" --include-ignored --skip outage::postgres_killed
TEST_DATABASE_URL="$PG_URL" PG_DIR="$PG_DIR" run env -C server "$api_suite" --ignored --show-output outage::postgres_killed
postgres_stop
# Every test marked as needing the database must have run and passed here, not been left out.
marked=$(grep -c '^#\[ignore = "needs TEST_DATABASE_URL' server/tests/api/instances.rs)
passed=$(tail -n +"$(( log_lines + 1 ))" "$TEST_LOG" | grep -c '^test instances::.* \.\.\. ok$' || true)
if [ "$passed" -ne "$marked" ]; then
  echo "test.sh: $passed of the $marked multi-instance tests passed against PostgreSQL" >&2
  exit 1
fi
if ! tail -n +"$(( log_lines + 1 ))" "$TEST_LOG" | grep -q "^test outage::postgres_killed.* ok$"; then
  echo "test.sh: the database outage test did not pass" >&2
  exit 1
fi
end

begin "Layer 2/3: widget in headless Chromium (wasm-bindgen-test)"
# .cargo/config.toml makes wasm-bindgen-test-runner the runner; it starts chromedriver
# ($CHROMEDRIVER, from env.sh) with the args in webdriver.json.
run cargo test --target wasm32-unknown-unknown -p order-cancel-widget
end

begin "Layer 3/3: end-to-end (trunk build + server + Chromium)"
run cargo build -p order-cancel-server
run trunk build --release --offline
# Builds dist-embed/ (the example storefront loads it) and fails if the widget grew past
# size-ceiling.txt: size only grows by a reviewed change of that file.
run scripts/bench.sh --ceiling
run node --test e2e/
end
