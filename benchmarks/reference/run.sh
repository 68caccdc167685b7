#!/usr/bin/env bash
# Engine vs the C references of ../shared/bench, same machine, same run.
#
#   benchmarks/reference/run.sh [STUDENTS] [REPS]      (defaults: 1000000 5)
#
# 1. generates the school-choice market gen_school.py school --students N --schools N/1000
#    --k 10 --seed 1 and the housing market gen_school.py housing --n N --k 10 --seed 1
#    (numpy; cached under benchmarks/work/), converts them with to_long.py;
# 2. builds ref_da.c / ref_ttc.c with gcc -O3 -march=native and the engine in release mode;
# 3. times student-proposing DA (algorithm only, min of REPS) in both and checks the
#    matchings are identical; the same for TTC;
# 4. times `matchmarket match` end to end (read CSV, match, write CSV) with its peak memory.
# Prints a Markdown table with the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
REPS="${2:-5}"
SHARED="${SHARED:-../shared/bench}"
W=benchmarks/work
mkdir -p "$W"
S=$((N / 1000)); [ "$S" -ge 1 ] || S=1
sc="$W/sc_${N}"; hm="$W/hm_${N}"
[ -f "$sc/students.csv" ] || python3 "$SHARED/gen_school.py" school --students "$N" --schools "$S" --k 10 --seed 1 --out "$sc"
[ -f "${sc}_long/applications.csv" ] || python3 "$SHARED/to_long.py" "$sc" "${sc}_long"
[ -f "$hm/housing.csv" ] || python3 "$SHARED/gen_school.py" housing --n "$N" --k 10 --seed 1 --out "$hm"
[ -f "${hm}_long/preferences.csv" ] || python3 "$SHARED/to_long.py" "$hm" "${hm}_long"
gcc -O3 -march=native -o "$W/ref_da" "$SHARED/ref_da.c"
gcc -O3 -march=native -o "$W/ref_ttc" "$SHARED/ref_ttc.c"
scripts/ensure-deps.sh
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product matchmarket-reference >&2
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product matchmarket >&2
BIN="${BIN:-.build/release}"

ref_da=$("$W/ref_da" "$sc" --reps "$REPS" --out "$W/ref_da_$N.csv")
ours_da=$("$BIN/matchmarket-reference" da --schools "${sc}_long/schools.csv" --applications "${sc}_long/applications.csv" --reps "$REPS" --expect "$W/ref_da_$N.csv")
ref_ttc=$("$W/ref_ttc" "$hm" --reps "$REPS" --out "$W/ref_ttc_$N.csv")
ours_ttc=$("$BIN/matchmarket-reference" ttc --endowments "${hm}_long/endowments.csv" --preferences "${hm}_long/preferences.csv" --reps "$REPS" --expect "$W/ref_ttc_$N.csv")

[ -x /usr/bin/time ] || { apt-get install -y -qq time >/dev/null 2>&1 || sudo apt-get install -y -qq time >/dev/null; }
e2e() {  # three end-to-end runs: "min median peak-RSS-kB"
  local times=() rss=0 t m
  for _ in 1 2 3; do
    read -r t m < <(/usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss="$m"
  done
  printf '%s\n' "${times[@]}" | sort -g | awk -v rss="$rss" '{a[NR]=$1} END {print a[1], a[2], rss}'
}
read -r da_e2e da_med da_rss < <(e2e "$BIN/matchmarket" match --mechanism da --quiet --schools "${sc}_long/schools.csv" --applications "${sc}_long/applications.csv" --output "$W/out_da_$N.csv")
read -r ttc_e2e ttc_med ttc_rss < <(e2e "$BIN/matchmarket" match --mechanism ttc --quiet --endowments "${hm}_long/endowments.csv" --preferences "${hm}_long/preferences.csv" --output "$W/out_ttc_$N.csv")

python3 - "$ref_da" "$ours_da" "$ref_ttc" "$ours_ttc" "$da_e2e" "$da_rss" "$ttc_e2e" "$ttc_rss" "$N" "$da_med" "$ttc_med" <<'PY'
import json, sys
rd, od, rt, ot = (json.loads(x) for x in sys.argv[1:5])
da_e2e, da_rss, ttc_e2e, ttc_rss, n, da_med, ttc_med = sys.argv[5:12]
print(f"| measure ({int(n):,} agents) | C reference | MatchingMarkets | ratio |")
print("|---|---|---|---|")
print(f"| DA algorithm, min of {od['reps']} (s) | {rd['da_min_s']:.3f} | {od['da_min_s']:.3f} | {od['da_min_s']/rd['da_min_s']:.2f}x |")
print(f"| DA proposals | {rd['proposals']:,} | {od['proposals']:,} | identical matching: {od['identical_to_reference']} |")
print(f"| TTC algorithm, min of {ot['reps']} (s) | {rt['ttc_min_s']:.3f} | {ot['ttc_min_s']:.3f} | {ot['ttc_min_s']/rt['ttc_min_s']:.2f}x |")
print(f"| TTC cycles | {rt['cycles']:,} | {ot['cycles']:,} | identical allocation: {ot['identical_to_reference']} |")
print(f"| `matchmarket match --mechanism da` end to end, min / median of 3 (s) | (parse alone {rd['parse_s']:.3f}) | {float(da_e2e):.2f} / {float(da_med):.2f} | peak RSS {int(da_rss)//1024} MB |")
print(f"| `matchmarket match --mechanism ttc` end to end, min / median of 3 (s) | (parse alone {rt['parse_s']:.3f}) | {float(ttc_e2e):.2f} / {float(ttc_med):.2f} | peak RSS {int(ttc_rss)//1024} MB |")
PY
