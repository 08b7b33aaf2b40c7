#!/usr/bin/env bash
# Installs the named Debian packages when their commands are missing. Idempotent; runs apt-get update at most once.
# Usage: scripts/ensure-apt.sh PACKAGE...   (command name = package name, except: chromium, postgresql, docker-compose)
set -euo pipefail
missing=()
for pkg in "$@"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql) ;;
    docker-compose) command -v docker-compose >/dev/null || missing+=(docker-compose) ;;
    *) command -v "$pkg" >/dev/null || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
