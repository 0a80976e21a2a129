#!/usr/bin/env bash
# The test command: installs what the tests need, then vets, runs every test
# with the race detector, and runs each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export BOTSWEEP_REQUIRE_SERVICES="${CI:+1}"
# Browser tests keep their screenshots here.
export BOTSWEEP_ARTIFACTS="${BOTSWEEP_ARTIFACTS:-$PWD/artifacts}"
# The PostgreSQL test database scripts/setup.sh made.
export BOTSWEEP_TEST_POSTGRES="${BOTSWEEP_TEST_POSTGRES:-postgres://botsweep:botsweep@127.0.0.1:5432/botsweep_test?sslmode=disable}"

go vet ./...
go test -race -count=1 -timeout 40m ./...

# The Beam pipeline is its own module (the main binary stays free of the
# Beam SDK). Without -race: the SDK is large, and the pipeline's own logic
# is plain functions also tested there.
(cd beam && go vet ./... && go test -count=1 -timeout 20m ./...)

# Each fuzz target briefly: no input may make a parser panic. The budget is
# a count of executions, not a duration: with a duration, Go 1.26's fuzzing
# coordinator can fail a target with a bare "context deadline exceeded" when
# the time runs out while a worker is busy (golang/go#75804, fixed in Go
# 1.27), which a loaded machine makes likely. 10,000 runs take 2-5 s per
# target here (sim's FuzzGenerate, which builds a world per input, 16 s).
fuzztime="${FUZZTIME:-10000x}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz $pkg $f ($fuzztime)"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$fuzztime" -fuzzminimizetime 200x "$pkg" >/tmp/fuzz.$$.log 2>&1 || { cat /tmp/fuzz.$$.log; exit 1; }
  done
done
echo "all tests passed"
