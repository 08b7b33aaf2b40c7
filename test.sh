#!/usr/bin/env bash
# Runs every test of SecureApi on a fresh machine. It sets up what the tests need first:
#   - Debian's Chromium (browser end-to-end tests, driven by Playwright; never `playwright install`),
#   - a private PostgreSQL cluster on a loopback port (record-store tests run on SQLite AND PostgreSQL),
# then runs `dotnet test` on the solution and prints a one-line total. Exit code: non-zero when anything fails,
# when a test project ran no test, or (in CI) when any test was skipped.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export AWS_EC2_METADATA_DISABLED=true

scripts/ensure-apt.sh chromium postgresql
export SECUREAPI_CHROMIUM="${SECUREAPI_CHROMIUM:-/usr/bin/chromium}"

# Private PostgreSQL on loopback (the packaged cluster does not auto-start here). Stopped again on exit.
PG_DIR="${SECUREAPI_PG_DIR:-$PWD/.pgdata}"
PG_PORT="${SECUREAPI_PG_PORT:-55432}"
if [ -z "${SECUREAPI_TEST_POSTGRES:-}" ]; then
  SECUREAPI_TEST_POSTGRES="$(scripts/start-postgres.sh "$PG_DIR" "$PG_PORT" | tail -n 1)"
  export SECUREAPI_TEST_POSTGRES
  trap 'scripts/start-postgres.sh --stop "$PG_DIR" >/dev/null 2>&1 || true' EXIT
fi

log="$(mktemp)"
status=0
dotnet build SecureApi.sln -c Release -nologo -clp:ErrorsOnly || exit 1
# A test that hangs is stopped after 15 minutes and named, instead of holding CI until its own time limit.
dotnet test SecureApi.sln -c Release --no-build --nologo --blame-hang-timeout 15m --blame-hang-dump-type none 2>&1 | tee "$log" || status=$?

# One closing line for people and CI: totals over every test assembly.
read -r passed failed skipped assemblies < <(awk '
  /^(Passed|Failed)!/ {
    n++
    for (i = 1; i <= NF; i++) {
      if ($i == "Passed:") p += $(i+1) + 0
      if ($i == "Failed:") f += $(i+1) + 0
      if ($i == "Skipped:") s += $(i+1) + 0
    }
  }
  END { print p + 0, f + 0, s + 0, n + 0 }' "$log")
expected=$(ls tests/*/*.csproj | wc -l)
echo
echo "Test assemblies run: $assemblies of $expected"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$assemblies" -lt "$expected" ]; then
  echo "A test project ran no test (or did not run): every group must run." >&2
  status=1
fi
if [ -n "${CI:-}" ] && [ "$skipped" != "0" ]; then
  echo "Tests were skipped in CI: nothing may skip there." >&2
  status=1
fi
rm -f "$log"
exit "$status"
