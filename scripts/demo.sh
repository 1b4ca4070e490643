#!/usr/bin/env bash
# README command 1: the standalone demo.
#   1. installs missing tools (scripts/setup.sh),
#   2. starts the local SMTP server (server/tests/smtp_server.py, aiosmtpd) on 127.0.0.1:2525,
#      its inbox listing on 127.0.0.1:8025,
#   3. builds and starts the reference server on 127.0.0.1:8787 with fresh seeded data, its
#      emails going to that SMTP server,
#   4. runs `trunk serve` on http://127.0.0.1:8080/, which proxies /api/ to the server and
#      /mail/ to the inbox listing (the page's inbox panel).
# Ctrl-C stops all three. Optional environment:
#   DEMO_SIMULATE=SPEED   run the fulfilment simulator (orders advance on their own)
#   DEMO_PRESET=NAME      merchant policy preset (server's default otherwise)
#   DEMO_SEED_ORDERS=N    how many demo orders to seed
#   DEMO_KEEP_DB=1        keep .data/demo.sqlite from the last run instead of starting fresh
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

API_ADDR="127.0.0.1:8787"     # must match [[proxy]] backend in Trunk.toml
SMTP_ADDR="127.0.0.1:2525"    # where the server sends its emails
INBOX_ADDR="127.0.0.1:8025"   # the SMTP server's listing; must match the /mail/ [[proxy]]
SMTP_LOG=".data/smtp.log"
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
if curl -fsS -o /dev/null "http://$INBOX_ADDR/messages" 2>/dev/null; then
  echo "demo.sh: something already answers on $INBOX_ADDR; stop it first" >&2; exit 1
fi

mkdir -p .data
if [ -z "${DEMO_KEEP_DB:-}" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm" # fresh seed each run; the simulator changes states
fi
args=(--addr "$API_ADDR" --db "$DB" --seed --allow-origin "${PAGE_URL%/}"
  --smtp-url "smtp://$SMTP_ADDR" --mail-from "Nordlicht Home <orders@nordlicht.example>"
  --store-name "Nordlicht Home" --support-url "${PAGE_URL}#support"
  --order-url-template "${PAGE_URL}#order-{order_number}")
[ -n "${DEMO_PRESET:-}" ] && args+=(--preset "$DEMO_PRESET")
[ -n "${DEMO_SEED_ORDERS:-}" ] && args+=(--seed-orders "$DEMO_SEED_ORDERS")
[ -n "${DEMO_SIMULATE:-}" ] && args+=(--simulate "$DEMO_SIMULATE")

printf '\n== Starting the SMTP server for the inbox (log: %s)\n' "$SMTP_LOG"
"$TOOLS_DIR/smtp/bin/python" server/tests/smtp_server.py \
  --smtp-port "${SMTP_ADDR##*:}" --http-port "${INBOX_ADDR##*:}" >"$SMTP_LOG" 2>&1 &
SMTP_PID=$!
SERVER_PID=""
# Whatever way this script ends (trunk exits, Ctrl-C, an error), stop what it started.
stop_all() {
  for pid in $SERVER_PID $SMTP_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "Stopping pid $pid"
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap stop_all EXIT
trap 'exit 130' INT TERM
for i in $(seq 1 40); do
  if curl -fsS -o /dev/null "http://$INBOX_ADDR/messages" 2>/dev/null; then break; fi
  if ! kill -0 "$SMTP_PID" 2>/dev/null || [ "$i" -eq 40 ]; then
    cat "$SMTP_LOG" >&2; echo "demo.sh: the SMTP server did not start" >&2; exit 1
  fi
  sleep 0.25
done
echo "   smtp://$SMTP_ADDR, inbox http://$INBOX_ADDR/messages (the page shows it at /mail/)"

printf '\n== Starting the reference server (log: %s)\n' "$SERVER_LOG"
echo "   order-cancel-server ${args[*]}"
"$TARGET_DIR/debug/order-cancel-server" "${args[@]}" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

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
echo "   Ctrl-C stops trunk, the server and the SMTP server."
echo
# Not exec: the EXIT trap must still run to stop the servers when trunk ends.
trunk serve --offline
