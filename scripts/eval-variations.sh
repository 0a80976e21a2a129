#!/bin/bash
# eval-variations.sh: detection quality on simulated worlds whose scenario
# parameters differ from the defaults (docs/benchmarks/detect.md,
# "Worlds unlike the defaults"). Builds botsweep, then for each world:
# simulate, ingest, detect, eval; prints a markdown table.
#
#   bash scripts/eval-variations.sh [WORKDIR]
#
# Needs python3 for the table. Takes about 3 minutes of CPU per
# scale-0.2 world on 2 cores, 20 minutes in all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
bin=$work/botsweep
(cd "$root" && go build -o "$bin" ./cmd/botsweep)

worlds=(
	"globus 109 0.2 --globus-readers 0.05"
	"globus 123 0.2 --organic-mean-posts 30 --retweet-share 0.6"
	"globus 131 0.3 --organic-mean-posts 30 --retweet-share 0.6"
	"globus 102 0.2 --network-delay-median-s 300 --network-delay-sigma 1.2"
	"globus 103 0.2 --network-coverage 0.4"
	"globus 104 0.2 --network 250 --associated 50"
	"globus 105 0.2 --fandom-delay-median-s 8 --fandom-participation 0.8"
	"globus 106 0.2 --viral-events 6 --viral-delay-median-s 60"
	"camouflage 107 0.2 --camouflage-share 0.7"
	"camouflage 122 0.2 --camouflage-coverage 0.3 --camouflage-delay-median-s 600"
	"globus 108 0.2 --link-spam-participation 0.4 --link-spam-wave-spread-s 1800"
	"globus 110 0.2 --campaign 1500"
	"globus 111 0.2 --network-delay-median-s 10 --network-delay-sigma 0.5"
	"globus 121 0.2 --network-custom-profile 0.9 --network-profile-url 0.6"
	"globus 124 0.2 --time-zones 0"
	"globus 125 0.2 --network-bursts 3 --network-burst-hours 4"
	"globus 126 0.2 --link-spam-waves 10 --link-spam 100"
	"hard-negatives 127 0.3 --fandom-delay-median-s 5 --viral-events 5"
	"globus 128 1"
)
i=0
for spec in "${worlds[@]}"; do
	read -r scen seed scale flags <<<"$spec"
	d=$work/w$i
	rm -rf "$d"
	mkdir -p "$d"
	# shellcheck disable=SC2086
	"$bin" simulate --out "$d/w" --scenario "$scen" --seed "$seed" --scale "$scale" $flags >"$d/sim.log" 2>&1
	"$bin" ingest --store "$d/st" "$d"/w/{tweets.jsonl,users.jsonl,follows.csv,prior_operations.json,domains.csv,campaigns.json} >"$d/ingest.log" 2>&1
	/usr/bin/time -f "%e s %M KB" -o "$d/time" "$bin" detect --store "$d/st" --out "$d/o" >"$d/detect.log" 2>&1
	"$bin" eval --truth "$d/w/truth.csv" --detected "$d/o" --json >"$d/eval.json"
	echo "$scen|$seed|$scale|${flags:-(defaults)}|$(cat "$d/time")" >"$d/spec"
	rm -rf "$d/st" "$d/w/tweets.jsonl"
	i=$((i + 1))
done

python3 - "$work" "$i" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
print('| world | varied parameters | min recall over bot labels | min share in one network (label) | precision (flagged) | max FP hard negatives | FP organic | detect wall, peak RSS |')
print('|---|---|---|---|---|---|---|---|')
for i in range(n):
    scen, seed, scale, flags, t = open(f'{work}/w{i}/spec').read().strip().split('|')
    d = json.load(open(f'{work}/w{i}/eval.json'))
    labs = [l for l in (d['labels'] or []) if l['accounts'] > 0]
    hn = max((g['fp_rate'] for g in (d['hard_negatives'] or [])), default=0)
    org = [g['fp_rate'] for g in (d['organic'] or []) if g['label'] == 'organic']
    head = f'| {scen} seed {seed} scale {scale} | `{flags.strip()}` |'
    if not labs:
        got = 'nothing flagged' if d['flagged'] == 0 else f"{d['flagged']} flagged"
        print(f'{head} (no bots) | – | {got} | {hn:.4f} | {org[0] if org else 0:.4f} | {t} |')
        continue
    worst = min(labs, key=lambda l: l['largest_share'])
    print(f"{head} {min(l['recall'] for l in labs):.3f} | {worst['largest_share']:.3f} ({worst['label']}) | {d['precision']:.4f} ({d['flagged']}) | {hn:.4f} | {org[0] if org else 0:.4f} | {t} |")
PY
