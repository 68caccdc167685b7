#!/usr/bin/env bash
# Kidney-exchange benchmark: Saidman pools from gen_kep.py, planned by a release build of
# `matchmarket kidney plan` (K = 3; L = 3 and L = 0), one process per pool, proof checked.
#
#   benchmarks/kidney/run.sh                      # sizes 256 512 1024, seeds 1 2 3 (1024: seed 1)
#   SIZES="256 512" SEEDS="1 2" benchmarks/kidney/run.sh
#
# Pools go to benchmarks/work/kidney/ (gitignored); one summary JSON per run next to them;
# the table (Markdown) is printed at the end and written to benchmarks/work/kidney/table.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GEN="${GEN:-$ROOT/../shared/bench/gen_kep.py}"
SIZES="${SIZES:-256 512 1024}"
SEEDS="${SEEDS:-1 2 3}"
SEEDS_1024="${SEEDS_1024:-1}"
CHAINS="${CHAINS:-3 0}"
TIME_LIMIT="${TIME_LIMIT:-600}"
WORK="$ROOT/benchmarks/work/kidney"
SCRATCH="${SCRATCH:-$ROOT/.build}"
mkdir -p "$WORK"
swift build -c release --scratch-path "$SCRATCH" --product matchmarket >&2
BIN="$SCRATCH/release/matchmarket"
for n in $SIZES; do
  seeds="$SEEDS"; [ "$n" -ge 1024 ] && seeds="$SEEDS_1024"
  for s in $seeds; do
    prefix="$WORK/saidman_n${n}_s${s}"
    [ -f "$prefix.edges.csv" ] || python3 "$GEN" -n "$n" --seed "$s" --out "$prefix" >&2
    for L in $CHAINS; do
      out="$prefix.K3L$L"
      /usr/bin/time -f "%e %M" -o "$out.time" "$BIN" kidney plan --pairs "$prefix.pairs.csv" --edges "$prefix.edges.csv" \
        --max-cycle 3 --max-chain "$L" --time-limit "$TIME_LIMIT" --output "$out.plan.csv" --summary "$out.summary.json" --quiet
      echo "n=$n seed=$s L=$L: $(tr -d '\n' < "$out.time") (wall s, max KB)" >&2
    done
  done
done
python3 - "$WORK" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
rows = []
for f in sorted(glob.glob(os.path.join(work, "*.summary.json"))):
    s = json.load(open(f))
    base = f[: -len(".summary.json")]
    wall, kb = open(base + ".time").read().split()[:2]
    name = os.path.basename(base).split(".")[0]
    seed = int(name.split("_s")[1])
    rows.append((s["pairs"], s["max_chain"] == 0, seed, s, float(wall), int(kb)))
rows.sort(key=lambda r: (r[0], r[1], r[2]))
out = ["| pairs | altruists | arcs | K | L | seed | cycles generated | chain columns | optimum | bound | status | solve s | wall s | peak MB |",
       "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
for n, _, seed, s, wall, kb in rows:
    out.append("| %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s | %.2f | %.2f | %d |" % (
        n, s["altruists"], s["arcs"], s["max_cycle"], s["max_chain"], seed, s["cycles_generated"],
        s["chain_columns_generated"], s["transplants"], s["bound"], s["status"], s["seconds"], wall, kb // 1024))
text = "\n".join(out) + "\n"
open(os.path.join(work, "table.md"), "w").write(text)
print(text)
PY
