#!/usr/bin/env bash
# Kidney-exchange planning at scale (issue 13): pools generated from seeds, planned by a release
# build of `matchmarket kidney plan` with a time limit, one process at a time; a table of
# objective, bound, proof, seconds and peak memory.
#
#   benchmarks/kidney/scale.sh                  # the issue's targets (about 8 min)
#   POOLS="het:2000:3:0 het:5000:3:0" benchmarks/kidney/scale.sh
#
# A pool is MODEL:PAIRS:K:L[:SEED[:LIMIT]]: MODEL saidman (gen_kep.py, as the issue's
# figures) or het (`matchmarket generate kidney --model heterogeneous`); SEED default 1;
# LIMIT (seconds) default 300 for saidman, 180 for het with L = 0, 900 for het with chains.
# Pools go to benchmarks/work/kidney/ (gitignored); the table (Markdown) is printed and written
# to benchmarks/work/kidney/scale.md. "proven" is yes only when the run ended with status
# optimal, bound = objective, and the plan passed check_plan.py (an independent feasibility
# check against the pool's files) with as many transplants as the objective.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GEN="${GEN:-$ROOT/../shared/bench/gen_kep.py}"
POOLS="${POOLS:-saidman:2048:3:3 het:10000:3:0 het:10000:3:4}"
WORK="$ROOT/benchmarks/work/kidney"
SCRATCH="${SCRATCH:-$ROOT/.build}"
mkdir -p "$WORK"
swift build -c release --scratch-path "$SCRATCH" --product matchmarket >&2
BIN="$SCRATCH/release/matchmarket"
rows=()
for spec in $POOLS; do
  IFS=: read -r model n K L seed limit <<< "$spec"
  seed="${seed:-1}"
  if [ -z "${limit:-}" ]; then
    if [ "$model" = saidman ]; then limit=300; elif [ "$L" = 0 ]; then limit=180; else limit=900; fi
  fi
  prefix="$WORK/${model}_n${n}_s${seed}"
  if [ ! -f "$prefix.edges.csv" ]; then
    case "$model" in
      saidman) python3 "$GEN" -n "$n" --seed "$seed" --out "$prefix" >&2 ;;
      het) "$BIN" generate kidney --model heterogeneous --pairs "$n" --seed "$seed" --out "$prefix" >&2 ;;
      *) echo "unknown model $model" >&2; exit 64 ;;
    esac
  fi
  out="$prefix.K${K}L${L}"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  set +e
  /usr/bin/time -f "%e %U %M" -o "$out.time" "$BIN" kidney plan --pairs "$prefix.pairs.csv" --edges "$prefix.edges.csv" \
    --max-cycle "$K" --max-chain "$L" --time-limit "$limit" --output "$out.plan.csv" --summary "$out.summary.json" --quiet
  set -e
  checked=no
  if python3 "$ROOT/benchmarks/kidney/check_plan.py" "$prefix.pairs.csv" "$prefix.edges.csv" "$out.plan.csv" "$K" "$L" \
    > "$out.check.txt" 2>&1 && [ "$(cat "$out.check.txt")" = "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["objective"])' "$out.summary.json")" ]; then
    checked=yes
  fi
  echo "$model n=$n K=$K L=$L seed=$seed: $(tr -d '\n' < "$out.time") (wall s, user s, max KB), load $load, check $checked" >&2
  rows+=("$model $n $K $L $seed $load $checked $out")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import json, sys
out = ["| pool | pairs | arcs | K | L | objective | bound | proven | seconds | CPU s | peak RSS MB | load |",
       "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
for line in sys.stdin:
    model, n, K, L, seed, load, checked, base = line.split()
    s = json.load(open(base + ".summary.json"))
    wall, user, kb = open(base + ".time").read().strip().splitlines()[-1].split()[:3]
    proven = s["status"] == "optimal" and s["bound"] == s["objective"] and checked == "yes"
    out.append("| %s seed %s | %d | %d | %s | %s | %s | %s | %s | %.1f | %.1f | %d | %s |" % (
        model, seed, s["pairs"], s["arcs"], K, L, s["objective"], s["bound"],
        "yes" if proven else "no (%s)" % s["status"], float(wall), float(user), int(kb) // 1024, load))
text = "\n".join(out) + "\n"
open(sys.argv[1], "w").write(text)
print(text)
' "$WORK/scale.md"
