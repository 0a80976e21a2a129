#!/usr/bin/env bash
# detect-same.sh checks that two botsweep binaries detect the same thing:
# each input is ingested once (by BASE) into a store, each binary runs
# `detect` (and `detect --min-participation 2`, the CooRTweet groups) on a
# copy of that store, and networks.json (without its detected_at lines),
# accounts.csv, coordinated.csv and the printed summary must be byte for
# byte the same. A performance change must pass it unchanged.
#
# usage: scripts/detect-same.sh BASE_BINARY NEW_BINARY WORKDIR [SHARE_TABLE.csv...]
#
# Inputs: randomized simulator worlds (tuning seeds 1000-1003 and 9000-9001
# at scale 0.03), crowd-random share tables (tuning seeds 1000-1001) and any
# share tables given (e.g. the 5M-row TestGenSharesFile table); TABLES_ONLY=1
# checks only the share tables given. WORKDIR is removed at the end unless
# KEEP=1.
set -euo pipefail

if [ $# -lt 3 ]; then
	sed -n 2,16p "$0" >&2
	exit 2
fi
base=$1 new=$2 dir=$3
shift 3
mkdir -p "$dir"

fail=0
# check NAME DETECT_FLAGS...: detect with both binaries on copies of
# $dir/NAME.store and compare.
check() {
	local name=$1
	shift
	local tag=$name${1:+-groups}
	for b in base new; do
		local bin=$base
		[ $b = new ] && bin=$new
		rm -rf "$dir/$tag.$b.store" "$dir/$tag.$b.out"
		cp -r "$dir/$name.store" "$dir/$tag.$b.store"
		"$bin" detect --store "$dir/$tag.$b.store" --out "$dir/$tag.$b.out" "$@" 2>&1 | sed "s#$dir/$tag.$b.##g" >"$dir/$tag.$b.summary"
		grep -v '"detected_at"' "$dir/$tag.$b.out/networks.json" >"$dir/$tag.$b.out/networks.cmp"
		rm -rf "$dir/$tag.$b.store"
	done
	local ok=1
	for f in out/networks.cmp out/accounts.csv out/coordinated.csv summary; do
		local a=$dir/$tag.base.${f} c=$dir/$tag.new.${f}
		if ! cmp -s "$a" "$c"; then
			echo "DIFFER $tag: $f" >&2
			ok=0
			fail=1
		fi
	done
	if [ $ok = 1 ]; then
		echo "same $tag: $(($(wc -l <"$dir/$tag.new.out/accounts.csv") - 1)) accounts.csv rows, $(($(wc -l <"$dir/$tag.new.out/coordinated.csv") - 1)) coordinated.csv rows"
	fi
}

# world NAME SIMULATE_FLAGS...: simulate, ingest with BASE, check.
world() {
	local name=$1
	shift
	rm -rf "$dir/$name.world" "$dir/$name.store"
	"$base" simulate --out "$dir/$name.world" "$@" >/dev/null 2>&1
	"$base" ingest --store "$dir/$name.store" "$dir/$name.world" >/dev/null 2>&1
	check "$name"
	check "$name" --min-participation 2
	rm -rf "$dir/$name.world" "$dir/$name.store"
}

if [ "${TABLES_ONLY:-0}" != 1 ]; then
	for seed in 1000 1001 1002 1003 9000 9001; do
		world "random-$seed" --scenario random --seed "$seed" --scale 0.03
	done
	for seed in 1000 1001; do
		world "crowd-$seed" --scenario crowd-random --seed "$seed" --format sharetable
	done
fi
for table in "$@"; do
	name=table-$(basename "$table" .csv)
	rm -rf "$dir/$name.store"
	"$base" ingest --store "$dir/$name.store" "$table" >/dev/null 2>&1
	check "$name"
	check "$name" --min-participation 2
	rm -rf "$dir/$name.store"
done
[ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
if [ $fail = 1 ]; then
	echo "detect-same: outputs differ" >&2
	exit 1
fi
echo "detect-same: identical"
