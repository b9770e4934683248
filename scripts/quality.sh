#!/usr/bin/env bash
# Flow quality at equal wall-clock training budget (docs/QUALITY.md). For each point it trains
# GomalizingFlow's RealNVP (examples/POINT.toml) and gomaflow's recommended flow
# (examples/recommended/POINT.toml) with `train --max-time BUDGET` on this machine, runs N chain steps
# with each (`sample --model best_acceptance`), and N HMC trajectories, then prints one table:
# training seconds and epochs, acceptance, ESS (training evaluation of that model), τ_int of |M| and
# χ₂ with errors, sampling seconds (N / the sampler's own configurations/s or trajectories/s, so JVM
# start-up is not counted) and seconds per independent sample of |M|, 2τ_int·t/N.
#
# usage: scripts/quality.sh [BUDGET_SECONDS] [N] [POINT ...]
#        (defaults: 600 100000 example2d example2d_E1 example2d_E2 example2d_E3 example2d_E4 example2d_E5)
# Output: a markdown table on stdout; runs and ensembles under ${QUALITY_DIR:-results/quality}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
budget="${1:-600}"; n="${2:-100000}"; shift $(( $# > 2 ? 2 : $# )) || true
points=("$@"); [ ${#points[@]} -gt 0 ] || points=(example2d example2d_E1 example2d_E2 example2d_E3 example2d_E4 example2d_E5)
[[ "$budget" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "quality: BUDGET_SECONDS must be a number, got '$budget'" >&2; exit 2; }
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "quality: N must be a positive integer, got '$n'" >&2; exit 2; }
out="${QUALITY_DIR:-$root/results/quality}"
mkdir -p "$out"
g="$root/gomaflow"
"$g" --version >/dev/null   # builds once, untimed
for p in "${points[@]}"; do
  for kind in baseline recommended; do
    cfg="$root/examples/$p.toml"; [ "$kind" = recommended ] && cfg="$root/examples/recommended/$p.toml"
    [ -f "$cfg" ] || { echo "quality: $cfg not found" >&2; exit 2; }
    "$g" train "$cfg" --result "$out/$kind" --max-time "$budget" --quiet --force > "$out/$kind-$p.train.txt"
    "$g" sample "$out/$kind/$p" --model best_acceptance --n "$n" --out "$out/$kind-$p.npz" --quiet --force \
      > "$out/$kind-$p.sample.txt"
    "$g" analyze "$out/$kind-$p.npz" --json --quiet > "$out/$kind-$p.json"
  done
  "$g" hmc "$root/examples/$p.toml" --n "$n" --out "$out/hmc-$p.npz" --quiet --force > "$out/hmc-$p.sample.txt"
  "$g" analyze "$out/hmc-$p.npz" --json --quiet > "$out/hmc-$p.json"
  echo "quality: $p done" >&2
done
python3 - "$out" "$budget" "$n" "${points[@]}" <<'PY'
import csv, json, os, re, sys
out, budget, n, points = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
print(f"| point | sampler | training s (epochs) | acceptance | ESS | τ_int \\|M\\| | τ_int χ₂ | χ₂ | sampling s | s/indep \\|M\\| |")
print("|---|---|---|---|---|---|---|---|---|---|")
for p in points:
    for kind in ("baseline", "recommended", "hmc"):
        j = json.load(open(f"{out}/{kind}-{p}.json"))
        rate = re.search(r"([0-9.]+) (?:configurations|trajectories)/s", open(f"{out}/{kind}-{p}.sample.txt").read())
        sec = j["n"] / float(rate.group(1))
        o = j["observables"]
        tau_m, tau_c = o["abs_m"]["tau_int"], o["chi2"]["tau_int"]
        train, ess = "–", "–"
        if kind != "hmc":
            rows = list(csv.DictReader(open(f"{out}/{kind}/{p}/evaluations.csv")))
            best = max(range(len(rows)), key=lambda i: (float(rows[i]["acceptance_rate"]), i))
            train = f'{float(rows[-1]["elapsed_time"]):.0f} ({len(rows)})'
            ess = f'{float(rows[best]["ess"]):.3f}'
        acc = j["acceptance"]
        print(f'| {p} | {kind} | {train} | {100*acc:.1f} % | {ess} | {tau_m:.2f} | {tau_c:.2f} | '
              f'{o["chi2"]["value"]:.4f}({o["chi2"]["error"]:.4f}) | {sec:.1f} | {2*max(0.5, tau_m)*sec/j["n"]:.3g} |')
print(f"\nbudget {budget} s of training per flow (train --max-time; the epoch in which it runs out is the last),"
      f" N = {n} chain steps each, {os.cpu_count()} processors")
PY
