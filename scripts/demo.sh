#!/usr/bin/env bash
# README command 1: the standalone demo.
#   1. installs missing tools (scripts/setup.sh),
#   2. builds and starts the reference server on 127.0.0.1:8787 with fresh seeded data,
#   3. runs `trunk serve` on http://127.0.0.1:8080/, which proxies /api/ to the server.
# Ctrl-C stops both. Optional environment:
#   DEMO_SIMULATE=SPEED   run the fulfilment simulator (orders advance on their own)
#   DEMO_PRESET=NAME      merchant policy preset (server's default otherwise)
#   DEMO_SEED_ORDERS=N    how many demo orders to seed
#   DEMO_KEEP_DB=1        keep .data/demo.sqlite from the last run instead of starting fresh
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

API_ADDR="127.0.0.1:8787"     # must match [[proxy]] backend in Trunk.toml
PAGE_URL="http://127.0.0.1:8080/" # must match [serve] in Trunk.toml
DB=".data/demo.sqlite"
SERVER_LOG=".data/server.log"

scripts/setup.sh

printf '\n== Building the reference server\n'
cargo build -p order-cancel-server

# A server or page already on these ports would silently serve the wrong thing.
if curl -fsS -o /dev/null "http://$API_ADDR/healthz" 2>/dev/null; then
  echo "demo.sh: something already answers on $API_ADDR; stop it first" >&2; exit 1
fi
if curl -fsS -o /dev/null "$PAGE_URL" 2>/dev/null; then
  echo "demo.sh: something already answers on $PAGE_URL; stop it first" >&2; exit 1
fi

mkdir -p .data
if [ -z "${DEMO_KEEP_DB:-}" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm" # fresh seed each run; the simulator changes states
fi
args=(--addr "$API_ADDR" --db "$DB" --seed --allow-origin "${PAGE_URL%/}")
[ -n "${DEMO_PRESET:-}" ] && args+=(--preset "$DEMO_PRESET")
[ -n "${DEMO_SEED_ORDERS:-}" ] && args+=(--seed-orders "$DEMO_SEED_ORDERS")
[ -n "${DEMO_SIMULATE:-}" ] && args+=(--simulate "$DEMO_SIMULATE")

printf '\n== Starting the reference server (log: %s)\n' "$SERVER_LOG"
echo "   order-cancel-server ${args[*]}"
"$TARGET_DIR/debug/order-cancel-server" "${args[@]}" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
# Whatever way this script ends (trunk exits, Ctrl-C, an error), stop the server.
stop_server() {
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "Stopping the reference server (pid $SERVER_PID)"
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

printf '   waiting for http://%s/healthz ' "$API_ADDR"
for i in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://$API_ADDR/healthz" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo; tail -n 30 "$SERVER_LOG" >&2; echo "demo.sh: the server exited" >&2; exit 1
  fi
  if [ "$i" -eq 60 ]; then
    echo; tail -n 30 "$SERVER_LOG" >&2; echo "demo.sh: no /healthz after 30 s" >&2; exit 1
  fi
  printf '.'; sleep 0.5
done
echo " up"
grep -m1 'listening on' "$SERVER_LOG" | sed 's/^/   /' || true

printf '\n== Serving the demo with trunk (release build; the first build takes a few minutes)\n'
echo "   Open $PAGE_URL once trunk prints 'server listening'. The API is proxied at ${PAGE_URL}api/"
echo "   Ctrl-C stops trunk and the server."
echo
# Not exec: the EXIT trap must still run to stop the server when trunk ends.
trunk serve --offline
