#!/usr/bin/env bash
# Makes PostgreSQL (with pgvector) and Redis available for Mosaic on a Debian machine, and
# creates the databases and roles it uses. Idempotent: reuses servers that already run, installs
# only what is missing, and keeps any server it starts itself under .mosaic/ in the project.
#
#   scripts/services.sh          ensure everything, print a one-line summary
#   scripts/services.sh reset-test-db   drop and recreate the test database (the test suite does this)
#   scripts/services.sh stop     stop the servers this script started
#
# Environment (all optional): MOSAIC_PG_PORT (5432), MOSAIC_REDIS_PORT (6379),
# MOSAIC_DB_OWNER_PASSWORD, MOSAIC_DB_APP_PASSWORD (local development defaults otherwise).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="$ROOT/.mosaic"
PG_PORT=${MOSAIC_PG_PORT:-5432}
REDIS_PORT=${MOSAIC_REDIS_PORT:-6379}
OWNER_PASSWORD=${MOSAIC_DB_OWNER_PASSWORD:-mosaic_owner}
APP_PASSWORD=${MOSAIC_DB_APP_PASSWORD:-mosaic_app}
PGVECTOR_SUITE=trixie

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand (this script targets Debian)"
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- PostgreSQL ------------------------------------------------------------------------------

superuser_psql() {
  # A running server on this machine: the postgres OS user over the socket, or trust on TCP.
  if id postgres >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -h "${PG_SOCKET_DIR:-/var/run/postgresql}" "$@"
  else
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
  fi
}

pg_bindir() {
  local major
  major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$major" ] || return 1
  echo "/usr/lib/postgresql/$major/bin"
}

ensure_postgres() {
  if superuser_psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    log "PostgreSQL already running on port $PG_PORT"
    return
  fi
  if [ -d "$STATE/pg" ] && [ -S "$STATE/pg-socket/.s.PGSQL.$PG_PORT" ]; then
    PG_SOCKET_DIR="$STATE/pg-socket"
    superuser_psql -d postgres -tAc 'select 1' >/dev/null 2>&1 && { log "PostgreSQL (project-local) running"; return; }
  fi
  pg_bindir >/dev/null || apt_install postgresql postgresql-contrib
  local bin; bin=$(pg_bindir)
  # A packaged cluster that is merely stopped: start it.
  if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3==p' | grep -q .; then
    local ver cluster
    read -r ver cluster _ < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3==p')
    log "starting PostgreSQL cluster $ver/$cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start || true
  fi
  if ! superuser_psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    # Otherwise a project-local cluster; initdb refuses root, so it runs as postgres.
    log "creating a project-local PostgreSQL cluster in .mosaic/pg"
    mkdir -p "$STATE/pg" "$STATE/pg-socket"
    as_root chown postgres:postgres "$STATE/pg" "$STATE/pg-socket"
    chmod 700 "$STATE/pg"
    if [ ! -f "$STATE/pg/PG_VERSION" ]; then
      as_root runuser -u postgres -- "$bin/initdb" -D "$STATE/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    fi
    as_root runuser -u postgres -- "$bin/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w \
      -o "-p $PG_PORT -k $STATE/pg-socket -c listen_addresses=127.0.0.1" start >/dev/null
    PG_SOCKET_DIR="$STATE/pg-socket"
  fi
  superuser_psql -d postgres -tAc 'select 1' >/dev/null || die "PostgreSQL did not start on port $PG_PORT"
}

ensure_pgvector() {
  if [ "$(superuser_psql -d postgres -tAc "select count(*) from pg_available_extensions where name='vector'")" = 1 ]; then
    return
  fi
  local major; major=$(superuser_psql -d postgres -tAc "show server_version_num" | cut -c1-2)
  log "pgvector missing for PostgreSQL $major: building it from Debian's source package ($PGVECTOR_SUITE)"
  local need=()
  command -v make >/dev/null || need+=(make)
  command -v gcc >/dev/null || need+=(gcc)
  command -v dpkg-source >/dev/null || need+=(dpkg-dev)
  [ -x "/usr/lib/postgresql/$major/bin/pg_config" ] && [ -d "/usr/include/postgresql/$major/server" ] || need+=("postgresql-server-dev-$major")
  [ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
  # Same mirror as the machine's own Debian sources, newer suite, source packages only.
  local mirror
  mirror=$(grep -rhoE '^(URIs:|deb) *(\[[^]]*\] *)?https?://[^ ]+/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null \
    | grep -oE 'https?://[^ ]+' | grep -v security | head -1 || true)
  [ -n "$mirror" ] || die "no Debian mirror found in the apt sources; install pgvector for PostgreSQL $major by hand"
  local list=/etc/apt/sources.list.d/mosaic-pgvector-src.sources
  as_root tee "$list" >/dev/null <<SRC
Types: deb-src
URIs: $mirror
Suites: $PGVECTOR_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  as_root apt-get update -qq -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
  local work; work=$(mktemp -d)
  (cd "$work" && apt-get source --download-only pgvector >/dev/null 2>&1) || die "could not download pgvector's source package"
  tar -xzf "$work"/pgvector_*.orig.tar.gz -C "$work"
  local src; src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -1)
  make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" >/dev/null
  as_root make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" install >/dev/null
  rm -rf "$work"
  [ "$(superuser_psql -d postgres -tAc "select count(*) from pg_available_extensions where name='vector'")" = 1 ] \
    || die "pgvector was built but PostgreSQL does not see it"
  log "pgvector installed"
}

reset_test_database() {
  # Tests run on a database that starts empty, so an earlier run (or an older schema) cannot sway them.
  superuser_psql -d postgres -c "DROP DATABASE IF EXISTS mosaic_test WITH (FORCE)" >/dev/null
  ensure_database
  log "mosaic_test recreated empty"
}

ensure_database() {
  # The owner role owns the schema and runs migrations; the application role is neither
  # superuser nor owner, so row-level security applies to it.
  superuser_psql -d postgres <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mosaic_owner') THEN
    CREATE ROLE mosaic_owner LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mosaic_app') THEN
    CREATE ROLE mosaic_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END \$\$;
ALTER ROLE mosaic_owner PASSWORD '$OWNER_PASSWORD';
ALTER ROLE mosaic_app PASSWORD '$APP_PASSWORD';
SQL
  local db
  for db in mosaic mosaic_test mosaic_bench; do
    if [ "$(superuser_psql -d postgres -tAc "select count(*) from pg_database where datname='$db'")" = 0 ]; then
      superuser_psql -d postgres -c "CREATE DATABASE $db OWNER mosaic_owner" >/dev/null
    fi
    superuser_psql -d "$db" <<SQL >/dev/null
SET client_min_messages TO warning;
CREATE EXTENSION IF NOT EXISTS vector;
REVOKE ALL ON DATABASE $db FROM PUBLIC;
GRANT CONNECT ON DATABASE $db TO mosaic_owner, mosaic_app;
SQL
  done
}

# --- Redis -----------------------------------------------------------------------------------

redis_ping() {
  if command -v redis-cli >/dev/null; then
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
  else
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" 2>/dev/null || return 1
    printf 'PING\r\n' >&3; local reply; read -r -t 2 reply <&3 || true; exec 3>&-
    [ "${reply%$'\r'}" = "+PONG" ]
  fi
}

ensure_redis() {
  if redis_ping; then log "Redis already running on port $REDIS_PORT"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$STATE/redis"
  log "starting a project-local Redis on port $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" \
    --save "" --appendonly no --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log"
  for _ in $(seq 50); do redis_ping && return; sleep 0.1; done
  die "Redis did not start on port $REDIS_PORT"
}

stop_local() {
  local bin
  if [ -f "$STATE/pg/postmaster.pid" ] && bin=$(pg_bindir); then
    as_root runuser -u postgres -- "$bin/pg_ctl" -D "$STATE/pg" -m fast stop >/dev/null && log "stopped project-local PostgreSQL"
  fi
  if [ -f "$STATE/redis/redis.pid" ]; then
    kill "$(cat "$STATE/redis/redis.pid")" 2>/dev/null && log "stopped project-local Redis"
    rm -f "$STATE/redis/redis.pid"
  fi
}

case "${1:-up}" in
  up)
    command -v psql >/dev/null || apt_install postgresql-client
    ensure_postgres
    ensure_pgvector
    ensure_database
    ensure_redis
    log "ready: PostgreSQL 127.0.0.1:$PG_PORT (databases mosaic, mosaic_test, mosaic_bench; vector extension), Redis 127.0.0.1:$REDIS_PORT"
    ;;
  reset-test-db)
    ensure_postgres
    reset_test_database
    ;;
  stop) stop_local ;;
  *) die "usage: scripts/services.sh [up|reset-test-db|stop]" ;;
esac
