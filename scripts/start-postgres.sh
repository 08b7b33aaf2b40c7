#!/usr/bin/env bash
# Starts a private PostgreSQL cluster on a loopback port for the record-store tests, and prints its connection string.
# Idempotent: an existing cluster in the data directory is reused, a running one is left running.
#
#   scripts/start-postgres.sh [DATA_DIR] [PORT]        (or env PGDATA_DIR / PGPORT; defaults .pgdata / 55432)
#   export SECUREAPI_TEST_POSTGRES="$(scripts/start-postgres.sh | tail -n 1)"
#   scripts/start-postgres.sh --stop [DATA_DIR]        stops it again
set -euo pipefail

stop=false
if [[ "${1:-}" == "--stop" ]]; then stop=true; shift; fi

data_dir="${1:-${PGDATA_DIR:-.pgdata}}"
port="${2:-${PGPORT:-55432}}"
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
socket_dir="$data_dir/socket"
log_file="$data_dir/postgres.log"

# The packaged binaries live in a versioned folder and are not on PATH; take the newest installed version.
bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$bin_dir" || ! -x "$bin_dir/initdb" ]]; then
    if command -v initdb >/dev/null 2>&1; then
        bin_dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
    else
        echo "PostgreSQL is not installed; install it first (apt-get install -y postgresql)." >&2
        exit 1
    fi
fi

# initdb and postgres refuse to run as root: run them as an unprivileged user that owns the data directory.
owner="${PGUSER_OS:-postgres}"
if [[ "$(id -u)" -eq 0 ]] && id "$owner" >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1 \
    && ! runuser -u "$owner" -- test -x "$(dirname "$data_dir")"; then
    # A checkout under a folder that user cannot enter (mktemp -d, a home directory): the cluster goes to a folder of
    # its own under /tmp instead, named after the requested one, so --stop finds it again.
    requested="$data_dir"
    data_dir="${TMPDIR:-/tmp}/secureapi-pgdata-$(printf '%s' "$requested" | sha256sum | cut -c1-12)"
    mkdir -p "$data_dir"
    chmod 700 "$data_dir"
    socket_dir="$data_dir/socket"
    log_file="$data_dir/postgres.log"
    echo "$owner cannot enter $(dirname "$requested"); the cluster lives in $data_dir instead" >&2
fi

as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        local user="$owner"
        if ! id "$user" >/dev/null 2>&1; then
            echo "Running as root needs an unprivileged OS user '$user' to own the cluster (set PGUSER_OS)." >&2
            exit 1
        fi
        chown -R "$user" "$data_dir"
        if command -v runuser >/dev/null 2>&1; then
            runuser -u "$user" -- "$@"
        else
            su "$user" -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

if $stop; then
    if [[ -f "$data_dir/PG_VERSION" ]] && as_owner "$bin_dir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
        as_owner "$bin_dir/pg_ctl" -D "$data_dir" -m fast -w stop >&2
    fi
    exit 0
fi

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
    echo "Creating a PostgreSQL cluster in $data_dir" >&2
    as_owner "$bin_dir/initdb" -D "$data_dir" -A trust -U postgres --no-instructions >&2
fi
mkdir -p "$socket_dir"

if as_owner "$bin_dir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    echo "PostgreSQL already running from $data_dir" >&2
else
    echo "Starting PostgreSQL on 127.0.0.1:$port (log: $log_file)" >&2
    as_owner "$bin_dir/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 \
        -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1" start >&2
fi

"$bin_dir/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >&2
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
