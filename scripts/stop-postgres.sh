#!/usr/bin/env bash
# Stops the private PostgreSQL cluster that scripts/start-postgres.sh started. Usage: scripts/stop-postgres.sh [DATADIR]
set -euo pipefail
dir="${1:-${SECUREAPI_PG_DIR:-$PWD/.pgdata}}"
[ -f "$dir/postmaster.pid" ] || exit 0
pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
if [ "$(id -u)" -eq 0 ]; then
  runuser -u postgres -- "$pg_ctl" -D "$dir" -m fast -w stop >/dev/null
else
  "$pg_ctl" -D "$dir" -m fast -w stop >/dev/null
fi
