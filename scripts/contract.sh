#!/usr/bin/env bash
# The contract, checked from outside: schemathesis generates requests from openapi.yaml
# (valid and invalid ones, every check: status codes, headers, bodies, content types,
# required headers, unsupported methods, auth) and sends them to the built server, once
# with the demo shopper's token and once with the demo merchant's. Any mismatch fails.
# scripts/test.sh runs it in layer 1; schemathesis.toml holds the answers the contract
# documents but a schema cannot foresee.
#   scripts/contract.sh [MAX_EXAMPLES]   (default 15 per operation; a bound for CI)
# Needs the debug server binary (cargo build -p order-cancel-server) and scripts/setup.sh.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
MAX_EXAMPLES=${1:-15}
# A fixed seed: the same requests on every run, so a failure reproduces.
SEED=${CONTRACT_SEED:-20261205}
# Run by the venv's own python: a venv moved or made through a symlinked .tools/ keeps a stale
# #! line in its scripts, while bin/python still works.
ST_PY="$TOOLS_DIR/schemathesis/bin/python"
ST="$TOOLS_DIR/schemathesis/bin/st"
SERVER="$TARGET_DIR/debug/order-cancel-server"
[ -x "$ST_PY" ] && [ -f "$ST" ] || { echo "contract.sh: no schemathesis in .tools/: run scripts/setup.sh" >&2; exit 1; }
[ -x "$SERVER" ] || { echo "contract.sh: no $SERVER: run cargo build -p order-cancel-server" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A fresh demo database, any free port (the banner names it), no rate limit (the fuzzer
# sends far more than 50 requests a second).
"$SERVER" --addr 127.0.0.1:0 --db "$WORK/contract.sqlite" --seed --rate-limit 0 \
  >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 100); do
  BASE=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/server.out")
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "contract.sh: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$BASE" ] || { echo "contract.sh: no banner from the server in 10 s" >&2; exit 1; }

failed=0
for token in demo-shopper demo-merchant; do
  printf '\n-- schemathesis --checks all, %s examples per operation, seed %s, as %s (%s)\n' \
    "$MAX_EXAMPLES" "$SEED" "$token" "$BASE"
  # From the temp folder: schemathesis keeps its cache of failures in the working directory.
  # One worker: CPython 3.11's ast.parse, which hypothesis calls, is not thread-safe
  # ("AST constructor recursion depth mismatch" with two).
  if ! (cd "$WORK" && SCHEMATHESIS_HOOKS="$REPO_ROOT/scripts/schemathesis_hooks.py" \
    "$ST_PY" "$ST" --config-file "$REPO_ROOT/schemathesis.toml" --no-color run \
    "$BASE/v1/openapi.yaml" --url "$BASE" -H "Authorization: Bearer $token" \
    --checks all --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 1 \
    --warnings off >"$WORK/st-$token.txt" 2>&1); then
    failed=1
    cat "$WORK/st-$token.txt"
  fi
  # Its closing lines: the phases, the failures (if any) and the counts.
  sed -n '/^Test cases:/,/^$/p' "$WORK/st-$token.txt" | sed '/^$/d'
  tail -n 1 "$WORK/st-$token.txt"
done
if [ "$failed" -ne 0 ]; then
  printf '\n-- the server log (last 20 lines)\n' >&2
  tail -n 20 "$WORK/server.log" >&2
  echo "contract.sh: the server and openapi.yaml disagree (above)" >&2
  exit 1
fi
