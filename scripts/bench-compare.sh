#!/usr/bin/env bash
# Side-by-side speed of this checkout's flow engine against an older commit (docs/ARCHITECTURE.md,
# "Speed"). Builds the old commit from `git archive` in a temporary directory, then
#  1. scripts/BenchPair.java: both builds' engines in ONE JVM, example2d (2D L=8, 16 layers, [8, 8]),
#     alternating 50-step / 8-batch bursts 30 times, so both see the same machine load; medians and
#     the median of the per-round ratios new/old (the figure to trust on a shared machine);
#  2. `gomaflow bench --json` of old and new alternated ROUNDS times (every bench case, medians).
#
# usage: scripts/bench-compare.sh [OLD_REF] [ROUNDS] [SECONDS_PER_RUN]   (defaults: main 5 20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref="${1:-main}"; rounds="${2:-5}"; seconds="${3:-20}"
sha="$(git -C "$root" rev-parse --verify "$ref^{commit}")" || { echo "bench-compare: unknown commit '$ref'" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench-compare: ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2; }
old="${TMPDIR:-/tmp}/gomaflow-bench-old-${sha:0:12}"
if [ ! -x "$old/gomaflow" ]; then
  rm -rf "$old.tmp" && mkdir -p "$old.tmp"
  git -C "$root" archive "$sha" | tar -x -C "$old.tmp"
  mv "$old.tmp" "$old"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$old/gomaflow" --version >/dev/null 2>&1 || true   # builds the old tree once, untimed
"$root/gomaflow" --version >/dev/null 2>&1 || true
jar() { ls "$1"/gomaflow-core/target/gomaflow-core-*-SNAPSHOT.jar | grep -v -- '-tests.jar' | head -1; }
. "$root/bin/jdk.sh"; gomaflow_find_jdk
cp "$(jar "$old")" "$out/old-core.jar"; cp "$(jar "$root")" "$out/new-core.jar"
for t in 2 1; do
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC "$root/scripts/BenchPair.java" \
    "$out/old-core.jar" "$out/new-core.jar" 30 "$t" 2>/dev/null
done
for r in $(seq 1 "$rounds"); do
  "$old/gomaflow" bench --json --seconds "$seconds" > "$out/old.$r.json"
  "$root/gomaflow" bench --json --seconds "$seconds" > "$out/new.$r.json"
  echo "bench-compare: round $r/$rounds done" >&2
done
python3 - "$out" "$rounds" "$sha" <<'PY'
import json, statistics, sys
out, rounds, sha = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def load(kind):
    runs = [json.load(open(f"{out}/{kind}.{r}.json")) for r in range(1, rounds + 1)]
    return {case: {k: [run["cases"][case][k] for run in runs] for k in ("train_step_ms", "sample_8192_ms")}
            for case in runs[0]["cases"]}, runs[0]["threads"], runs[0]["kernels"]
old, threads, kernels = load("old")
new, _, _ = load("new")
print(f"old = {sha[:12]}, {rounds} alternating rounds, {threads} thread(s), {kernels} kernels; medians in ms")
print(f"{'case':8} {'quantity':16} {'old':>9} {'new':>9} {'new/old':>8}")
for case in old:
    for k in ("train_step_ms", "sample_8192_ms"):
        o, n = statistics.median(old[case][k]), statistics.median(new[case][k])
        print(f"{case:8} {k:16} {o:9.2f} {n:9.2f} {n / o:8.3f}")
PY
