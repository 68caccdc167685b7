#!/usr/bin/env bash
# The engine beside the Python matching libraries, on the very same instances.
#
#   benchmarks/peers/run.sh [SIZE...]          (default: 1000 2000)
#   TIMEOUT=120 REPS=3 benchmarks/peers/run.sh 1000
#
# 1. creates a Python (>= 3.12, which gale-shapley-algorithm needs) virtual environment under
#    benchmarks/work/peers-venv and installs the peers from PyPI at pinned versions:
#    matching, algmatch, gale-shapley-algorithm (its numpy `numeric` API), matching-algorithms;
# 2. builds the engine in release mode;
# 3. writes each stable-marriage instance once: `matchmarket generate marriage --size N
#    --seed 1` (uniform random complete lists; priorities = the women's strict orders);
# 4. times `matchmarket match --mechanism da --timings` REPS times (our algorithm time from
#    the engine's own clock, our end-to-end time measured from outside: process start, read,
#    tie-break, match, write), and each peer once in its own process: its input is built
#    untimed, its men-proposing call is timed alone, and it is killed after TIMEOUT seconds;
# 5. checks every peer's matching against ours, man by man, and prints one Markdown table.
#    A crash, a timeout or a disagreement is printed as such.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 2000)
TIMEOUT="${TIMEOUT:-120}"
REPS="${REPS:-3}"
W=benchmarks/work
VENV="$W/peers-venv"
mkdir -p "$W"

if [ ! -x "$VENV/bin/python" ]; then
  PY=""
  for c in python3.13 python3.12 "$HOME/.pyenv/versions/3.13.0/bin/python3" "$HOME/.pyenv/versions/3.12.1/bin/python3" python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then PY="$c"; break; fi
  done
  if [ -z "$PY" ]; then
    echo "note: no Python >= 3.12 found; gale-shapley-algorithm cannot be installed (it will show as crashed)" >&2
    PY=python3
  fi
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q matching==1.4.3 algmatch==1.5.2 matching-algorithms==0.1.0 numpy >&2
  "$VENV/bin/pip" install -q gale-shapley-algorithm==1.8.1 >&2 || echo "note: gale-shapley-algorithm not installed" >&2
fi

[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product matchmarket >&2
BIN="${BIN:-.build/release}/matchmarket"

dirs=()
for n in "${SIZES[@]}"; do
  d="$W/peers_sm_$n"
  if [ ! -f "$d/instance.json" ]; then
    "$BIN" generate marriage --size "$n" --seed 1 --out "$d" >&2
    printf '{"label": "stable marriage n = %s, complete uniform lists, seed 1"}\n' "$n" > "$d/instance.json"
  fi
  dirs+=("$d")
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$VENV/bin/python" benchmarks/peers/peers.py table --bin "$BIN" --python "$VENV/bin/python" \
  --timeout "$TIMEOUT" --reps "$REPS" "${dirs[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
