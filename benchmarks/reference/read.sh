#!/usr/bin/env bash
# Reading on one core against two, and end to end against the C reference, in alternating
# rounds of the same minute (so that load from elsewhere hits all three alike).
#
#   benchmarks/reference/read.sh [STUDENTS] [ROUNDS]      (defaults: 1000000 7)
#
# Each round runs, on the market of benchmarks/reference/run.sh (gen_school.py school
# --students N --schools N/1000 --k 10 --seed 1, long form):
#   1. ref_da.c --reps 1 (its parse of the wide form + one DA run),
#   2. matchmarket match --mechanism da --timings with MATCHMARKET_READ_THREADS=1,
#   3. the same with MATCHMARKET_READ_THREADS=2,
# and checks the two outputs are identical byte for byte. Prints per-round figures and the
# medians: read = parse + tie-break (file to market); end to end = the process's wall clock
# (start to exit, `/usr/bin/time`). Needs the files run.sh makes (it makes them if missing)
# and a release build (SKIP_BUILD=1 to reuse one).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
ROUNDS="${2:-7}"
SHARED="${SHARED:-../shared/bench}"
W=benchmarks/work
S=$((N / 1000)); [ "$S" -ge 1 ] || S=1
sc="$W/sc_${N}"
mkdir -p "$W"
[ -f "$sc/students.csv" ] || python3 "$SHARED/gen_school.py" school --students "$N" --schools "$S" --k 10 --seed 1 --out "$sc"
[ -f "${sc}_long/applications.csv" ] || python3 "$SHARED/to_long.py" "$sc" "${sc}_long"
gcc -O3 -march=native -o "$W/ref_da" "$SHARED/ref_da.c"
scripts/ensure-deps.sh
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product matchmarket >&2
BIN="${BIN:-.build/release}"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null 2>&1

rows="$W/read_rounds.tsv"
: > "$rows"
for r in $(seq 1 "$ROUNDS"); do
  ref=$("$W/ref_da" "$sc" --reps 1 --out "$W/ref_read.csv")
  line="$r	$(uptime | sed 's/.*load average: \([0-9.]*\).*/\1/')	$ref"
  for t in 1 2; do
    out=$( { MATCHMARKET_READ_THREADS=$t /usr/bin/time -f "wall %e" "$BIN/matchmarket" match --mechanism da --timings --quiet \
      --schools "${sc}_long/schools.csv" --applications "${sc}_long/applications.csv" --output "$W/read_$t.csv"; } 2>&1)
    line="$line	$(echo "$out" | grep '^timings:' | sed 's/^timings: //')	$(echo "$out" | grep '^wall' | cut -d' ' -f2)"
  done
  cmp -s "$W/read_1.csv" "$W/read_2.csv" || { echo "one and two threads wrote different files" >&2; exit 1; }
  echo "$line" >> "$rows"
done

python3 - "$rows" <<'PY'
import json, statistics, sys
rounds = []
for line in open(sys.argv[1]):
    r, load, ref, t1, w1, t2, w2 = line.rstrip("\n").split("\t")
    ref, t1, t2 = json.loads(ref), json.loads(t1), json.loads(t2)
    rounds.append(dict(
        round=int(r), load=float(load), c=ref["parse_s"] + ref["da_min_s"],
        read1=t1["parse_s"] + t1["tie_break_s"], read2=t2["parse_s"] + t2["tie_break_s"],
        parse1=t1["parse_s"], parse2=t2["parse_s"], tie1=t1["tie_break_s"], tie2=t2["tie_break_s"],
        da2=t2["algorithm_s"], wall1=float(w1), wall2=float(w2)))
print("| round | load | C parse + DA (s) | parse 1 / 2 threads (s) | tie-break 1 / 2 (s) | read 1 / 2 (s) | read speed-up | end to end 1 / 2 threads (s) | end to end (2) / C |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for x in rounds:
    print(f"| {x['round']} | {x['load']:.2f} | {x['c']:.3f} | {x['parse1']:.3f} / {x['parse2']:.3f} | {x['tie1']:.3f} / {x['tie2']:.3f} | "
          f"{x['read1']:.3f} / {x['read2']:.3f} | {x['read1']/x['read2']:.2f}x | {x['wall1']:.2f} / {x['wall2']:.2f} | {x['wall2']/x['c']:.2f}x |")
med = lambda k: statistics.median(x[k] for x in rounds)
print(f"\nmedians over {len(rounds)} rounds: C parse + DA {med('c'):.3f} s; read {med('read1'):.3f} s on one thread, "
      f"{med('read2'):.3f} s on two ({med('read1')/med('read2'):.2f}x; parse alone {med('parse1')/med('parse2'):.2f}x); "
      f"end to end {med('wall2'):.2f} s on two threads = {med('wall2')/med('c'):.2f}x the C reference's parse + DA")
PY
