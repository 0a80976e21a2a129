#!/usr/bin/env bash
# Installs what the tests need beyond Go on a fresh Debian machine: Chromium
# for the dashboard's browser tests and PostgreSQL for the team store.
# Safe to run again; does nothing that is already done. Needs root for apt.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need root to install ${need[*]}; tests that need them will skip" >&2
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "setup: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), postgres $(/usr/lib/postgresql/15/bin/postgres --version 2>/dev/null | awk '{print $3}')"
