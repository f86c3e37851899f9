#!/usr/bin/env bash
# Makes sure a local PostgreSQL cluster runs and has the balabaqsha role. Idempotent; runs as root
# on Debian 12 (installs the postgresql package when it is missing). The last line printed is the
# admin connection string that tests and the portal use.
set -euo pipefail

ROLE=balabaqsha
PASSWORD=balabaqsha
PORT=5432
CONNECTION_STRING="Host=127.0.0.1;Port=${PORT};Username=${ROLE};Password=${PASSWORD};Database=postgres"

log() { echo "ensure-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    log "must run as root (it installs packages and starts the cluster as user postgres)"
    exit 1
fi

# runuser keeps the working directory; user postgres may not be allowed into the caller's.
cd /

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

# The newest installed server version; never hard-coded so the script survives a Debian upgrade.
PG_VERSION=""
for server in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$server" ] || continue
    version=$(basename "$(dirname "$(dirname "$server")")")
    PG_VERSION=$(printf '%s\n%s\n' "$PG_VERSION" "$version" | sed '/^$/d' | sort -V | tail -1)
done
if [ -z "$PG_VERSION" ]; then
    log "no PostgreSQL server found under /usr/lib/postgresql"
    exit 1
fi

cluster_status() {
    # Columns of pg_lsclusters -h: version, name, port, status, owner, data directory, log file.
    local version name port status rest
    while read -r version name port status rest; do
        if [ "$version" = "$PG_VERSION" ] && [ "$name" = "main" ]; then
            echo "$status"
            return
        fi
    done < <(pg_lsclusters -h)
    echo absent
}

if [ "$(cluster_status)" = "absent" ]; then
    log "creating cluster $PG_VERSION/main"
    pg_createcluster "$PG_VERSION" main --port "$PORT" >&2
fi

# The tests run several silos and web servers side by side, each with its own connection pools.
if [ "$(pg_conftool "$PG_VERSION" main show max_connections 2>/dev/null | awk '{print $3}')" != "300" ]; then
    log "allowing 300 connections"
    pg_conftool "$PG_VERSION" main set max_connections 300 >&2
    if cluster_status | grep -q '^online'; then
        pg_ctlcluster "$PG_VERSION" main restart >&2
    fi
fi

case "$(cluster_status)" in
    online*) ;;
    *)
        log "starting cluster $PG_VERSION/main"
        # Works without systemd (containers, CI): pg_ctlcluster starts the server directly.
        pg_ctlcluster "$PG_VERSION" main start >&2
        ;;
esac

for _ in $(seq 1 60); do
    if runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PORT"; then
        break
    fi
    sleep 0.5
done
if ! runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PORT"; then
    log "PostgreSQL does not accept connections on 127.0.0.1:$PORT"
    exit 1
fi

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}'")" != "1" ]; then
    log "creating role ${ROLE}"
    psql_admin -c "CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}'" >&2
fi

echo "$CONNECTION_STRING"
