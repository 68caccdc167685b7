#!/usr/bin/env bash
# How often Roth-Peranson ends stable, over seeds: the NRMP-like default market, and a stress
# variant where couple members share one specialty (so a couple can list a pair and its swap)
# and a fifth of applicants are in couples.
#
#   benchmarks/residency/rp_stability.sh [SEEDS] [APPLICANTS] [PROGRAMS]
set -euo pipefail
SEEDS=${1:-20}
N=${2:-40000}
P=${3:-4000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
M="$ROOT/.build/release/matchmarket"
[ -x "$M" ] || (cd "$ROOT" && swift build -c release --product matchmarket)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for variant in "default:--couple-share 0.05" "stress:--couple-share 0.2 --specialties 1"; do
  name=${variant%%:*}
  args=${variant#*:}
  stable=0
  for seed in $(seq 1 "$SEEDS"); do
    d="$WORK/$name$seed"
    # shellcheck disable=SC2086
    "$M" generate residency --applicants "$N" --programs "$P" $args --seed "$seed" --out "$d" > /dev/null
    "$M" couples --schools "$d/schools.csv" --applications "$d/applications.csv" --rankings "$d/rankings.csv" \
      --couples "$d/couples.csv" --couple-applications "$d/couple_applications.csv" \
      --output "$d/out.csv" --summary "$d/summary.json" --quiet
    line=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(s['status'], s['seconds'], s['blocking'], s['iterations'])" "$d/summary.json")
    echo "$name seed $seed: $line"
    [[ $line == stable* ]] && stable=$((stable + 1))
    rm -rf "$d"
  done
  echo "$name: stable in $stable of $SEEDS seeds ($N applicants, $P programs, $args)"
done
