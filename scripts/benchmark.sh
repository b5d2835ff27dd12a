#!/usr/bin/env bash
# Reproduces hubplan's benchmark record (docs/bench.md), writing everything under target/bench/:
#
#   1. solve.csv / solve.md: `hubplan bench` on the committed instances (instances/) and the
#      coalition model, in modes hubplan and highs (HiGHS alone on the exported MPS), one run at
#      a time, 60 s per solve; hubplan's time over HiGHS alone's is the time_ratio column.
#   2. growth.csv / growth.md: `hubplan bench --build-only` on synthetic theatres tiny..xl
#      (regenerated here with `hubplan generate`; xl is too big to commit): sizes, build times
#      and peak memory.
#   3. contrib.csv / contrib.md: what each part of the start heuristic contributes: `hubplan
#      bench --heuristics SET` on CONTRIB_PATHS for each SET in CONTRIB_SETS (the default set
#      is row 1's hubplan mode).
#   4. environment.txt: commit, versions and machine.
#
# The solve run also takes the generated xl theatre (gap at the time limit against size).
#
# Settings (environment variables):
#   OUT=target/bench                   output folder
#   TIME_LIMIT=60                      seconds per solve
#   JOBS=1                             runs at once (keep 1 for timings)
#   SIZES="tiny small medium large xl" theatre sizes of the growth run
#   SOLVE_PATHS="instances models/coalition.yaml"  files or folders of the solve run
#   SEED=1                             generator seed
#
# Exit status: 0 when both runs pass (every row ok or without reference), else the first
# failing run's status (1: a run is worse than its reference, has a wrong status or failed).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${OUT:-target/bench}
TIME_LIMIT=${TIME_LIMIT:-60}
JOBS=${JOBS:-1}
SIZES=${SIZES:-"tiny small medium large xl"}
SOLVE_PATHS=${SOLVE_PATHS:-"instances models/coalition.yaml"}
SEED=${SEED:-1}
CONTRIB_PATHS=${CONTRIB_PATHS:-"instances/theatre-large-1.yaml models/coalition.yaml"}
CONTRIB_SETS=${CONTRIB_SETS:-"none ipm-root,rounding,rens ipm-root,dive,rens ipm-root,dive,rounding dive,rounding,rens ipm-root,dive,rounding,rens,start ipm-root,dive,rounding,rens,windows"}

cargo build --release --locked --quiet
BIN=target/release/hubplan
mkdir -p "$OUT/generated"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "hubplan: $("$BIN" --version)"
  echo "rustc: $(rustc --version)"
  echo "os: $(uname -srm)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //' || echo unknown)"
  echo "cores: $(nproc 2>/dev/null || echo unknown)"
  echo "memory: $(grep -m1 MemTotal /proc/meminfo 2>/dev/null | awk '{print $2 " kB"}' || echo unknown)"
  echo "settings: TIME_LIMIT=$TIME_LIMIT JOBS=$JOBS SIZES=\"$SIZES\" SEED=$SEED"
} > "$OUT/environment.txt"

status=0

growth=()
for size in $SIZES; do
  file="$OUT/generated/theatre-$size.yaml"
  "$BIN" generate theatre --size "$size" --seed "$SEED" -o "$file"
  growth+=("$file")
done
xl=()
if [ -f "$OUT/generated/theatre-xl.yaml" ]; then xl=("$OUT/generated/theatre-xl.yaml"); fi

echo "== solve: hubplan and HiGHS alone on: $SOLVE_PATHS ${xl[*]}" >&2
# shellcheck disable=SC2086 # SOLVE_PATHS is a list of paths
"$BIN" bench $SOLVE_PATHS "${xl[@]}" --modes hubplan,highs --jobs "$JOBS" --time-limit "$TIME_LIMIT" \
  -o "$OUT/solve.csv" --markdown "$OUT/solve.md" > /dev/null || status=$?

echo "== growth: build only, theatre $SIZES" >&2
rc=0
"$BIN" bench "${growth[@]}" --build-only --jobs "$JOBS" \
  -o "$OUT/growth.csv" --markdown "$OUT/growth.md" > /dev/null || rc=$?
if [ "$status" -eq 0 ]; then status=$rc; fi

echo "== contributions: $CONTRIB_SETS on $CONTRIB_PATHS" >&2
rm -f "$OUT/contrib.csv" "$OUT/contrib.md"
for set in $CONTRIB_SETS; do
  rc=0
  # shellcheck disable=SC2086 # CONTRIB_PATHS is a list of paths
  "$BIN" bench $CONTRIB_PATHS --heuristics "$set" --jobs "$JOBS" --time-limit "$TIME_LIMIT" \
    -o "$OUT/contrib-$set.csv" > /dev/null || rc=$?
  # A heuristic set may well end worse than the reference: that is what is measured here.
  if [ "$rc" -gt 1 ]; then status=$rc; fi
  if [ -f "$OUT/contrib.csv" ]; then
    tail -n +2 "$OUT/contrib-$set.csv" | sed "s|^|\"$set\",|" >> "$OUT/contrib.csv"
  else
    head -1 "$OUT/contrib-$set.csv" | sed 's|^|heuristics,|' > "$OUT/contrib.csv"
    tail -n +2 "$OUT/contrib-$set.csv" | sed "s|^|\"$set\",|" >> "$OUT/contrib.csv"
  fi
done

echo "results in $OUT: solve.csv solve.md growth.csv growth.md contrib.csv environment.txt" >&2
exit "$status"
