#!/usr/bin/env bash
# Installs and starts what the tests need beyond Go on a fresh Debian
# machine: Chromium for the dashboard's browser tests, PostgreSQL 15 for
# the team store, Python's networkx for the graph-export tests, and Node.js
# and npm for the dashboard's bundle check. Safe to run again. Needs root
# for apt and the cluster.
# Prints the environment the tests read (BOTSWEEP_TEST_POSTGRES).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Without a colour emoji font the campaigns' emoji render as boxes in screenshots.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql)
# networkx reads the GraphML and GEXF files 'botsweep export' writes (an independent reader).
/usr/bin/python3 -c 'import networkx' >/dev/null 2>&1 || need+=(python3-networkx)
# The dashboard's type check and bundle rebuild (scripts/test.sh); the
# README tour's serve step is probed with curl.
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need root to install ${need[*]}; tests that need them will skip" >&2
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL: start the Debian cluster and make a test role and database.
if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
    pg_createcluster 15 main >/dev/null
  fi
  pg_ctlcluster 15 main start 2>/dev/null || true
  for i in $(seq 1 30); do
    runuser -u postgres -- psql -qAtc 'select 1' >/dev/null 2>&1 && break
    sleep 1
  done
  runuser -u postgres -- psql -qAtc "select 1 from pg_roles where rolname='botsweep'" | grep -q 1 ||
    runuser -u postgres -- psql -qc "create role botsweep login password 'botsweep' createdb" >/dev/null
  runuser -u postgres -- psql -qAtc "select 1 from pg_database where datname='botsweep_test'" | grep -q 1 ||
    runuser -u postgres -- psql -qc "create database botsweep_test owner botsweep" >/dev/null
fi
echo "setup: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), postgres $(/usr/lib/postgresql/15/bin/postgres --version 2>/dev/null | awk '{print $3}')"
