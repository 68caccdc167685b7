#!/usr/bin/env bash
# Fuzzes the input readers with libFuzzer (see docs/Fuzzing.md).
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]   one target, e.g. SchoolChoiceCSV 60
#   scripts/fuzz.sh all SECONDS [libFuzzer flags...]      every target in turn; fails if any fails
#   scripts/fuzz.sh list                                  the targets
#   scripts/fuzz.sh build [TARGET]                        build only
#
# Example, the 10^6-execution runs of docs/Fuzzing.md:
#   FUZZ_OPT=-O scripts/fuzz.sh all 900 -runs=1000000
#
# The library modules a target needs are compiled here with swiftc, in dependency order, as
# static libraries instrumented for libFuzzer and AddressSanitizer (`swift build` cannot add
# the fuzzer instrumentation to library targets only), into .build-fuzz/<opt>/ (gitignored);
# a module is rebuilt when one of its sources or dependencies changed. Each run fuzzes a copy
# of Fuzz/Corpus/TARGET, so the repository's seed corpus is never written to; a crashing input
# is saved in .build-fuzz/artifacts/TARGET/ and the command exits 1.
#
# Environment: FUZZ_OPT (default -O; -Onone builds faster but runs the readers ~8 times
# slower), FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (per input, default 5 s).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

OPT=${FUZZ_OPT:--O}
RSS_MB=${FUZZ_RSS_MB:-2048}
TIMEOUT=${FUZZ_TIMEOUT:-5}
BUILD="$ROOT/.build-fuzz/${OPT#-}"
MODULES="$BUILD/modules"
TARGETS=(SchoolChoiceCSV HousingCSV CSVReader KidneyCSV PrefLibKidney KepSolverJSON KidneySolverFormat SimulationShard
  RoommatesCSV TenantHousingCSV RankingsCSV ResidencyCSV SchoolChoiceDesigns RandomAssignmentCSV JSONDocument KidneyShard)

# Each module's direct dependencies (as in Package.swift).
module_deps() {
  case $1 in
    MatchingCore | GLPKSolver) echo "" ;;
    MatchingIO | Mechanisms | MatchingCheckers) echo "MatchingCore" ;;
    KidneyExchange) echo "MatchingCore GLPKSolver MatchingIO" ;;
    Simulation) echo "MatchingCore Mechanisms MatchingCheckers MatchingIO" ;;
    *) echo "unknown module $1" >&2; exit 2 ;;
  esac
}

# The modules a target imports, dependencies before dependents (the link order reversed).
target_modules() {
  case $1 in
    CSVReader | SchoolChoiceDesigns | RandomAssignmentCSV | JSONDocument) echo "MatchingCore MatchingIO" ;;
    SchoolChoiceCSV | HousingCSV | RoommatesCSV | TenantHousingCSV | RankingsCSV | ResidencyCSV) echo "MatchingCore MatchingIO Mechanisms" ;;
    KidneyCSV | PrefLibKidney | KepSolverJSON | KidneySolverFormat | KidneyShard) echo "MatchingCore MatchingIO GLPKSolver KidneyExchange" ;;
    SimulationShard) echo "MatchingCore MatchingIO Mechanisms MatchingCheckers Simulation" ;;
    *) echo "unknown fuzz target '$1'; the targets: ${TARGETS[*]}" >&2; exit 2 ;;
  esac
}

# What a clean machine needs beyond Swift: GLPK (the kidney modules link it), installed by
# ensure-deps.sh. libFuzzer, AddressSanitizer and lld ship with the swift.org toolchain.
preflight() {
  scripts/ensure-deps.sh
  local lib
  lib=$(dirname "$(readlink -f "$(command -v swiftc)")")/../lib/swift/clang/lib/linux
  if ! ls "$lib"/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
    echo "fuzz: this Swift toolchain has no libFuzzer runtime ($lib/libclang_rt.fuzzer-*.a); use a swift.org toolchain" >&2
    exit 1
  fi
}

SWIFT_FLAGS=(-parse-as-library -sanitize=address,fuzzer "$OPT" -g -DMATCHING_INTERNAL_CHECKS
  -I "$MODULES" -I "$ROOT/Sources/CGLPK")

# Builds module $1 (after its dependencies) unless it is up to date.
build_module() {
  local m=$1 dep lib="$MODULES/lib$1.a"
  for dep in $(module_deps "$m"); do build_module "$dep"; done
  if [ -f "$lib" ] && [ -z "$(find "Sources/$m" -newer "$lib" -print -quit)" ]; then
    local stale=""
    for dep in $(module_deps "$m"); do [ "$MODULES/lib$dep.a" -nt "$lib" ] && stale=1; done
    [ -z "$stale" ] && return 0
  fi
  mkdir -p "$MODULES"
  echo "fuzz: building module $m ($OPT)" >&2
  (cd "$MODULES" && swiftc "${SWIFT_FLAGS[@]}" -emit-module -emit-library -static -module-name "$m" \
    $(find "$ROOT/Sources/$m" -name '*.swift' | sort))
}

# Builds the fuzzer executable of target $1.
build_target() {
  local t=$1 m libs=() exe="$BUILD/bin/$1"
  for m in $(target_modules "$t"); do build_module "$m"; done
  for m in $(target_modules "$t" | tr ' ' '\n' | tac); do libs+=("-l$m"); done
  if [ -x "$exe" ] && [ -z "$(find Fuzz/Support "Fuzz/Targets/$t.swift" "$MODULES" -newer "$exe" -print -quit)" ]; then
    return 0
  fi
  mkdir -p "$BUILD/bin"
  echo "fuzz: building target $t" >&2
  swiftc "${SWIFT_FLAGS[@]}" -module-name "Fuzz_$t" Fuzz/Support/*.swift "Fuzz/Targets/$t.swift" \
    -use-ld=lld -L "$MODULES" "${libs[@]}" -lglpk -o "$exe"
}

# Runs target $1 for $2 seconds with extra libFuzzer flags; prints a summary line.
run_target() {
  local t=$1 seconds=$2
  shift 2
  build_target "$t"
  local work="$ROOT/.build-fuzz/run/$t" artifacts="$ROOT/.build-fuzz/artifacts/$t"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$artifacts"
  cp -R "Fuzz/Corpus/$t/." "$work/corpus/"
  local log="$work/fuzz.log" status=0 start end
  start=$(date +%s%N)
  SWIFT_BACKTRACE=enable=no "$BUILD/bin/$t" "$work/corpus" -max_total_time="$seconds" -timeout="$TIMEOUT" \
    -rss_limit_mb="$RSS_MB" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" >"$log" 2>&1 || status=$?
  end=$(date +%s%N)
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf 'fuzz: %-20s %10s executions in %6s s  %s\n' "$t" "${execs:-?}" "$(( (end - start) / 1000000000 )).$(( (end - start) / 100000000 % 10 ))" \
    "$([ $status -eq 0 ] && echo ok || echo "FAILED (exit $status, log $log)")"
  if [ $status -ne 0 ]; then
    grep -E "ERROR|Fatal error|SUMMARY|Test unit written|Crash|Timeout|leak" "$log" | head -20 >&2 || true
  fi
  return $status
}

case ${1:-} in
  list | "" | -h | --help) ;;
  *) preflight ;;
esac

case ${1:-} in
  list) printf '%s\n' "${TARGETS[@]}" ;;
  build)
    if [ -n "${2:-}" ]; then build_target "$2"; else for t in "${TARGETS[@]}"; do build_target "$t"; done; fi ;;
  all)
    [ -n "${2:-}" ] || { echo "usage: $0 all SECONDS [libFuzzer flags...]" >&2; exit 2; }
    seconds=$2
    shift 2
    failed=()
    for t in "${TARGETS[@]}"; do run_target "$t" "$seconds" "$@" || failed+=("$t"); done
    if [ ${#failed[@]} -gt 0 ]; then
      echo "fuzz: FAILED: ${failed[*]}" >&2
      exit 1
    fi ;;
  "" | -h | --help)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    [ -n "${1:-}" ] || exit 2 ;;
  *)
    [ -n "${2:-}" ] || { echo "usage: $0 TARGET SECONDS [libFuzzer flags...]" >&2; exit 2; }
    t=$1
    seconds=$2
    shift 2
    run_target "$t" "$seconds" "$@" ;;
esac
