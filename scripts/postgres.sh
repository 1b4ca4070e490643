# shellcheck shell=bash
# Sourced (never executed) by test.sh and bench-server.sh: a throwaway PostgreSQL cluster
# for the server's tests and benchmark, from Debian's postgresql package (setup.sh installs
# it when missing). Nothing touches a system cluster or port 5432:
#   postgres_start [SERVER_OPTIONS...]  initdb in a new temp folder, start on a free
#                                       loopback port (unix socket in that folder), wait
#                                       until it accepts connections; sets PG_URL
#                                       (postgres://postgres@127.0.0.1:PORT/postgres), PG_DIR
#   postgres_stop                       stop it (immediately) and delete the folder; safe
#                                       to call twice, so callers put it in their EXIT trap
# initdb and postgres refuse to run as root: as root they run as the `postgres` user the
# Debian package creates.

postgres_bin_dir() {
  local initdb
  initdb=$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n1) || true
  [ -n "$initdb" ] || { echo "postgres.sh: no initdb under /usr/lib/postgresql/*/bin; run scripts/setup.sh" >&2; return 1; }
  dirname "$initdb"
}

postgres_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

PG_DIR="" PG_URL="" PG_AS=()

postgres_start() {
  local bin port
  bin=$(postgres_bin_dir) || return 1
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/order-cancel-pg.XXXXXX") || return 1
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root but there is no postgres user" >&2; return 1; }
    chown postgres: "$PG_DIR" || return 1
    PG_AS=(runuser -u postgres --)
  fi
  chmod 700 "$PG_DIR"
  # Trust on loopback only: a test cluster that lives for one run. C locale: no dependence
  # on the machine's locales.
  if ! "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    return 1
  fi
  port=$(postgres_free_port) || return 1
  # Extra `-c name=value` options come from the caller (tests turn fsync off).
  if ! "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 $*" start >/dev/null; then
    cat "$PG_DIR/server.log" >&2
    return 1
  fi
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_URL PG_DIR
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_DIR)"
}

postgres_stop() {
  [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ] || return 0
  local bin
  bin=$(postgres_bin_dir) || return 0
  "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
