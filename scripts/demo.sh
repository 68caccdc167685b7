#!/usr/bin/env bash
# The main job on the bundled datasets: a school-choice market of a few thousand students under
# deferred acceptance (checked for stability), the same market under Boston and TTC, a housing
# market under top trading cycles, and a kidney-exchange plan proven optimal by GLPK.
# Results go to out/ (or the directory given as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
out="${1:-out}"
mkdir -p "$out"
swift build -c release --product matchmarket >&2
mm=".build/release/matchmarket"
sc="datasets/school-choice"
for mech in da boston ttc; do
  "$mm" match --mechanism "$mech" --schools "$sc/schools.csv" --applications "$sc/applications.csv" \
    --seed 1 --output "$out/assignment-$mech.csv"
done
echo "--- is the deferred-acceptance assignment stable? ---"
"$mm" check --schools "$sc/schools.csv" --applications "$sc/applications.csv" --seed 1 \
  --assignment "$out/assignment-da.csv" --limit 3 || true
echo "--- and the TTC assignment? (TTC trades priorities: efficient, not stable) ---"
"$mm" check --schools "$sc/schools.csv" --applications "$sc/applications.csv" --seed 1 \
  --assignment "$out/assignment-ttc.csv" --limit 3 || true
"$mm" match --mechanism ttc --endowments datasets/housing/endowments.csv \
  --preferences datasets/housing/preferences.csv --output "$out/allocation-ttc.csv"
pool=datasets/kidney/saidman_n64_s1
if [ -f "$pool.pairs.csv" ]; then
  echo "--- kidney exchange ---"
  "$mm" kidney plan --pairs "$pool.pairs.csv" --edges "$pool.edges.csv" \
    --max-cycle 3 --max-chain 3 --output "$out/kidney-plan.csv" --summary "$out/kidney-summary.json"
  cat "$out/kidney-summary.json"
fi
echo "results in $out/"
