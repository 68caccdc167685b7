#!/usr/bin/env bash
# Residency with couples: Roth-Peranson at NRMP scale, the exact model at 1,000 applicants,
# and how often Roth-Peranson ends stable over seeds. Release build; every claimed "stable" is
# re-checked by the stability checker inside `matchmarket couples`.
#
#   benchmarks/residency/run.sh [SEEDS_RP] [SEEDS_EXACT] [SEEDS_IP] [SEEDS_STRESS]
#
# Prints one line per run and a summary table (markdown) at the end. Times: "alg" is the
# mechanism's own time (the summary's `seconds`), "wall" is the whole command (reading the
# five CSV files, matching, checking, writing).
set -euo pipefail
SEEDS_RP=${1:-5}      # 40,000 applicants, 4,000 programs, 5% in couples
SEEDS_EXACT=${2:-10}  # 1,000 applicants, 100 programs, 5% in couples (warm start: RP first)
SEEDS_IP=${3:-3}      # the same markets, no warm start: the default engine (search, then the
                      # integer program) and the integer program alone (--engine ip)
SEEDS_STRESS=${4:-4}  # 200 applicants, 20% in couples, one specialty: where Roth-Peranson fails
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
M="$ROOT/.build/release/matchmarket"
[ -x "$M" ] || (cd "$ROOT" && swift build -c release --product matchmarket)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run() {  # dir method extra-args... -> prints "status alg wall blocking matched model"
  local dir=$1 method=$2; shift 2
  local start end
  start=$(date +%s.%N)
  "$M" couples --schools "$dir/schools.csv" --applications "$dir/applications.csv" \
    --rankings "$dir/rankings.csv" --couples "$dir/couples.csv" \
    --couple-applications "$dir/couple_applications.csv" --method "$method" \
    --output "$dir/out.csv" --summary "$dir/summary.json" --quiet "$@"
  end=$(date +%s.%N)
  python3 - "$dir/summary.json" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
m = s.get("model")
model = f"{m['rows']}x{m['columns']} ({m['binary_columns']} binary, {m['nonzeros']} nz)" if m else "-"
p = s.get("preprocessing")
pre = f"pre -{p['single_entries_removed']}/-{p['couple_entries_removed']}" if p else ""
nodes = f"nodes {s['search_nodes']}" if s.get("search_nodes") is not None else ""
print(s["status"], f"{s['seconds']:.3f}", f"{wall:.3f}", s["blocking"], s["matched"], s["iterations"], model, pre, nodes)
PY
}

echo "== Roth-Peranson, 40,000 applicants (5% in couples), 4,000 programs"
for seed in $(seq 1 "$SEEDS_RP"); do
  d="$WORK/rp$seed"
  "$M" generate residency --applicants 40000 --programs 4000 --couple-share 0.05 --seed "$seed" --out "$d" > /dev/null
  echo "seed $seed: $(run "$d" roth-peranson)"
done

echo "== exact (Roth-Peranson warm start), 1,000 applicants (5% in couples), 100 programs, limit 60 s"
for seed in $(seq 1 "$SEEDS_EXACT"); do
  d="$WORK/ex$seed"
  "$M" generate residency --applicants 1000 --programs 100 --couple-share 0.05 --seed "$seed" --out "$d" > /dev/null
  echo "seed $seed: rp $(run "$d" roth-peranson) | exact $(run "$d" exact --time-limit 60)"
done

echo "== exact without warm start, same markets, limit 60 s: default engine (search, then ip) | ip alone"
for seed in $(seq 1 "$SEEDS_IP"); do
  echo "seed $seed: $(run "$WORK/ex$seed" exact --no-warm-start --time-limit 60) | ip $(run "$WORK/ex$seed" exact --no-warm-start --engine ip --time-limit 60)"
done

echo "== stress: 200 applicants (20% in couples, one specialty), 20 programs: rp | exact (no warm start), limit 60 s"
for seed in $(seq 1 "$SEEDS_STRESS"); do
  d="$WORK/stress$seed"
  "$M" generate residency --applicants 200 --programs 20 --couple-share 0.2 --specialties 1 --seed "$seed" --out "$d" > /dev/null
  echo "seed $seed: rp $(run "$d" roth-peranson) | exact $(run "$d" exact --no-warm-start --time-limit 60)"
done

echo "== exact, integer program only, 200 and 400 applicants (seed 1..3), limit 60 s"
for n in 200 400; do
  for seed in 1 2 3; do
    d="$WORK/small$n-$seed"
    "$M" generate residency --applicants "$n" --programs $((n / 10)) --couple-share 0.05 --seed "$seed" --out "$d" > /dev/null
    echo "n $n seed $seed: $(run "$d" exact --no-warm-start --engine ip --time-limit 60)"
  done
done
