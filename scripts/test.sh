#!/usr/bin/env bash
# The test command: installs what the tests need, then vets, runs every test
# (every fuzz target's seed corpus included) with the race detector.
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

# What the README claims about the bot score: a cross-validation of the
# shipped model against the recorded per-seed figures. Skipped under -race
# (too slow there), so it runs here without it.
go test -count=1 -run 'TestCVMatchesRecorded' ./score

# The Beam pipeline is its own module (the main binary stays free of the
# Beam SDK). Without -race: the SDK is large, and the pipeline's own logic
# is plain functions also tested there.
(cd beam && go vet ./... && go test -count=1 -timeout 20m ./...)

# Every fuzz target's seed corpus (f.Add and testdata/fuzz) already ran as
# ordinary tests above: deterministic. Exploratory fuzzing is
# scripts/fuzz.sh, run by developers before they stop; what it finds is
# fixed and kept as a seed, so no lucky draw decides a landing.
echo "all tests passed"
