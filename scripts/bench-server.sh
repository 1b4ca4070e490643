#!/usr/bin/env bash
# The server's throughput, side by side: SQLite, PostgreSQL with one instance, PostgreSQL
# with two instances on one database. Called at the end of scripts/bench.sh; runs alone too.
#   release build of the server and of the load generator (server/examples/loadgen.rs)
#   a throwaway PostgreSQL cluster (scripts/postgres.sh), durable as shipped (fsync on)
#   per row: fresh data (--seed-orders $BENCH_ORDERS), BENCH_CLIENTS concurrent clients
#            cancelling distinct items (round robin over the instances) for BENCH_SECONDS
# Prints: backend | instances | cancellations/s | p50 ms | p99 ms. Not part of the tests
# (no timed assertions): a row that fails says so and the script exits 1.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=scripts/postgres.sh
. "$REPO_ROOT/scripts/postgres.sh"
cd "$REPO_ROOT"

ORDERS=${BENCH_ORDERS:-20000}
CLIENTS=${BENCH_CLIENTS:-16}
DURATION=${BENCH_SECONDS:-3}

echo "== Server throughput (scripts/bench-server.sh: $CLIENTS clients, ${DURATION}s per row, $ORDERS orders seeded)"
cargo build --release -q -p order-cancel-server --bin order-cancel-server --example loadgen
SERVER="$TARGET_DIR/release/order-cancel-server"
LOADGEN="$TARGET_DIR/release/examples/loadgen"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/order-cancel-bench.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  postgres_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME DB: runs the release server on a free port, waits for its banner,
# sets ADDR.
start_server() {
  local name=$1 db=$2 port log
  port=$(postgres_free_port)
  log="$WORK/$name.log"
  RUST_LOG=warn "$SERVER" --addr "127.0.0.1:$port" --db "$db" --seed-orders "$ORDERS" --rate-limit 0 >"$log" 2>&1 &
  PIDS+=($!)
  local i
  for i in $(seq 1 600); do
    if grep -q "listening on" "$log"; then ADDR="127.0.0.1:$port"; return 0; fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  echo "bench-server.sh: $name did not start" >&2
  return 1
}

stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

ROWS=()
STATUS=0
# row BACKEND INSTANCES TARGETS
row() {
  local out
  if out=$("$LOADGEN" --target "$3" --clients "$CLIENTS" --seconds "$DURATION" 2>"$WORK/loadgen.err"); then
    local per p50 p99
    per=$(sed -n 's/.*per_second=\([0-9.]*\).*/\1/p' <<<"$out")
    p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$out")
    p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$out")
    ROWS+=("$(printf '  %-11s %9s %16s %8s %8s' "$1" "$2" "$per" "$p50" "$p99")")
  else
    ROWS+=("$(printf '  %-11s %9s   FAILED: %s' "$1" "$2" "$(head -c 200 "$WORK/loadgen.err")")")
    STATUS=1
  fi
}

# 1. SQLite, the default.
start_server sqlite "$WORK/bench.sqlite"
row sqlite 1 "$ADDR"
stop_servers

# 2 and 3. PostgreSQL: a schema per row in one throwaway cluster.
postgres_start >/dev/null
PSQL="$(postgres_bin_dir)/psql"
schema_url() { # NAME: a fresh schema's URL
  "$PSQL" -q "$PG_URL" -c "CREATE SCHEMA $1" >/dev/null
  echo "$PG_URL?options=-c%20search_path%3D$1"
}
start_server pg1 "$(schema_url bench_one)"
row postgresql 1 "$ADDR"
stop_servers

url=$(schema_url bench_two)
start_server pg2a "$url"; first=$ADDR
start_server pg2b "$url"; second=$ADDR
row postgresql 2 "$first,$second"
stop_servers

printf '  %-11s %9s %16s %8s %8s\n' backend instances cancellations/s "p50 ms" "p99 ms"
printf '%s\n' "${ROWS[@]}"
echo "  ($(nproc) CPUs shared by the servers, PostgreSQL and the $CLIENTS clients; PostgreSQL fsyncs each commit, SQLite in WAL mode with synchronous=NORMAL does not)"
exit "$STATUS"
