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
#   postgres_crash                      SIGKILL of the postmaster alone, as a crash (the
#                                       outage test; its backends notice and exit)
#   postgres_resume                     start it again after a crash: same folder, port and
#                                       options (crash recovery runs first)
# initdb and postgres refuse to run as root: as root they run as the `postgres` user the
# Debian package creates.

postgres_bin_dir() {
  local initdb
  initdb=$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n1) || true
  [ -n "$initdb" ] || { echo "postgres.sh: no initdb under /usr/lib/postgresql/*/bin; run scripts/setup.sh" >&2; return 1; }
  dirname "$initdb"
}

# A loopback port nothing listens on (bash alone: no python3 on a bare Debian). Drawn below
# Linux's ephemeral range (32768-60999), so an outgoing connection cannot be holding it;
# still only likely free until someone binds it: postgres_start retries on another.
postgres_free_port() {
  local port i
  for i in $(seq 1 100); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
    # Nothing listening: the connection is refused at once.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "postgres.sh: no free loopback port found" >&2
  return 1
}

PG_DIR="" PG_URL="" PG_AS=()

# Runs a PostgreSQL program as the cluster's owner, from a folder that owner can read (as
# root the caller's working folder may be one the postgres user cannot enter).
postgres_as_owner() {
  (cd "$PG_DIR" && "${PG_AS[@]}" "$@")
}

# As root, PostgreSQL's programs run as the postgres user.
postgres_owner_setup() {
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root but there is no postgres user" >&2; return 1; }
    PG_AS=(runuser -u postgres --)
  fi
}

postgres_start() {
  local bin port base attempt options
  bin=$(postgres_bin_dir) || return 1
  base=${TMPDIR:-/tmp}
  postgres_owner_setup || return 1
  if [ ${#PG_AS[@]} -gt 0 ]; then
    # The postgres user must reach the folder: a TMPDIR under /root is no use to it.
    runuser -u postgres -- test -w "$base" -a -x "$base" 2>/dev/null || base=/tmp
  fi
  PG_DIR=$(mktemp -d "$base/order-cancel-pg.XXXXXX") || return 1
  chmod 700 "$PG_DIR"
  if [ ${#PG_AS[@]} -gt 0 ]; then chown postgres: "$PG_DIR" || return 1; fi
  # Trust on loopback only: a test cluster that lives for one run. C locale: no dependence
  # on the machine's locales.
  if ! postgres_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    return 1
  fi
  # Extra `-c name=value` options come from the caller (tests turn fsync off). A port taken
  # between the check and the bind: try another.
  for attempt in 1 2 3 4 5; do
    port=$(postgres_free_port) || return 1
    options="-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 $*"
    if postgres_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "$options" start >/dev/null; then
      echo "$options" >"$PG_DIR/options"
      PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
      export PG_URL PG_DIR
      echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_DIR)"
      return 0
    fi
    grep -q "could not bind\|Address already in use" "$PG_DIR/server.log" 2>/dev/null || break
  done
  cat "$PG_DIR/server.log" >&2
  return 1
}

postgres_stop() {
  [ -n "$PG_DIR" ] || return 0
  local bin
  if [ -f "$PG_DIR/data/postmaster.pid" ] && bin=$(postgres_bin_dir); then
    postgres_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  # Also after a failed start: the folder goes either way.
  rm -rf "$PG_DIR"
  PG_DIR="" PG_URL=""
}

postgres_crash() {
  [ -f "$PG_DIR/data/postmaster.pid" ] || { echo "postgres.sh: no running cluster in '$PG_DIR'" >&2; return 1; }
  kill -9 "$(head -n1 "$PG_DIR/data/postmaster.pid")"
}

postgres_resume() {
  local bin attempt
  bin=$(postgres_bin_dir) || return 1
  postgres_owner_setup || return 1
  # The killed postmaster's backends may hold its shared memory for a moment: retry.
  for attempt in $(seq 1 50); do
    if postgres_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "$(cat "$PG_DIR/options")" start >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  tail -n 20 "$PG_DIR/server.log" >&2
  return 1
}
