#!/usr/bin/env bash
# Exploratory fuzzing, for developers before they stop (not part of the CI
# gate, which runs every seed corpus deterministically). Each target runs
# for a count of executions, not a duration: with a duration, Go 1.26's
# fuzzing coordinator can fail a target with a bare "context deadline
# exceeded" under load (golang/go#75804, fixed in Go 1.27).
#
#   bash scripts/fuzz.sh              # every target, 10,000 executions each
#   FUZZTIME=200000x bash scripts/fuzz.sh ./ingest
#
# A failure leaves its input under the package's testdata/fuzz/FuzzX/:
# fix the code and commit that file as a seed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-10000x}"
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./...)
status=0
for pkg in $(go list "${pkgs[@]}"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz $pkg $f ($fuzztime)"
    log=$(mktemp)
    if ! go test -run '^$' -fuzz "^$f\$" -fuzztime "$fuzztime" -fuzzminimizetime 200x "$pkg" >"$log" 2>&1; then
      cat "$log"; status=1
    fi
    rm -f "$log"
  done
done
exit $status
