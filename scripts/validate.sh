#!/usr/bin/env bash
# Flow-MCMC vs HMC study (issue 4 item 9) with the gomaflow CLI only:
#   train -> sample -> hmc -> analyze -> compare, for E2 (2D L=8, m2=-4, lam=6.008) and E5 (2D L=14, lam=5.113),
# then prints, per ensemble, tau_int of chi2 and abs_m (Wolff's Gamma method; 1/2 = uncorrelated), seconds per
# sample, and the wall time per independent sample  t_indep = 2 tau_int * seconds/sample  (N_eff = N / (2 tau_int)).
#
# Usage: scripts/validate.sh [--out DIR] [--configs "E2 E5"] [--epochs-E2 N] [--epochs-E5 N]
#                            [--n-flow N] [--n-hmc N] [--threads T] [--seed S] [--reuse]
#   --reuse      keep an existing trained run in DIR/runs/<name> (finish it with --resume --epochs N) instead of retraining
# Defaults: 60 (E2) and 26 (E5) epochs, ~10 min each on a busy 2-core machine, far from the 500 epochs of the
# shipped configs; 300 000 flow steps, 100 000 HMC trajectories. Results: docs/VALIDATION.md.
# Everything goes to DIR (default results/validation): runs/, *.npz, *.json, *.txt and summary.tsv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gomaflow="$root/gomaflow"

out="$root/results/validation"
configs="E2 E5"
declare -A epochs=([E2]=60 [E5]=26)
nflow=300000
nhmc=100000
threads="$(nproc)"
seed=1
reuse=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --configs) configs="$2"; shift 2 ;;
    --epochs-E2) epochs[E2]="$2"; shift 2 ;;
    --epochs-E5) epochs[E5]="$2"; shift 2 ;;
    --n-flow) nflow="$2"; shift 2 ;;
    --n-hmc) nhmc="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "validate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { echo "validate.sh: needs jq" >&2; exit 2; }
mkdir -p "$out/runs"
summary="$out/summary.tsv"
printf 'config\tsampler\tepochs\ttrain_s\tacceptance\tess\tn\ts_per_sample\tobservable\tvalue\terror\ttau_int\ttau_int_err\tt_indep_s\n' >"$summary"

# wall seconds of a command; its stdout+stderr go to $2
timed() { local log="$1"; shift; local t0 t1; t0=$(date +%s.%N); "$@" >"$log" 2>&1; local rc=$?; t1=$(date +%s.%N)
          awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}'; return $rc; }

for c in $configs; do
  cfg="$root/examples/example2d_$c.toml"
  name="example2d_$c"
  run="$out/runs/$name"
  e="${epochs[$c]:-60}"
  [ -f "$cfg" ] || { echo "validate.sh: no configuration $cfg (--configs takes names like E2 for examples/example2d_E2.toml)" >&2; exit 2; }
  echo "== $c: $cfg, $e epochs, $threads threads" >&2
  if [ "$reuse" = 1 ] && [ -f "$run/checkpoint_latest.ckpt" ]; then
    train_s=$(timed "$out/${c}_train.txt" "$gomaflow" train "$cfg" --result "$out/runs" --epochs "$e" --threads "$threads" --resume --quiet) ||
      { cat "$out/${c}_train.txt" >&2; exit 1; }
  else
    train_s=$(timed "$out/${c}_train.txt" "$gomaflow" train "$cfg" --result "$out/runs" --epochs "$e" --threads "$threads" --force --quiet) ||
      { cat "$out/${c}_train.txt" >&2; exit 1; }
  fi
  train_s=$(awk -F, 'NR>1{t=$9} END{print t}' "$run/evaluations.csv")   # cumulative training time over all invocations
  last=$(tail -n 1 "$run/evaluations.csv")
  acc_train=$(echo "$last" | awk -F, '{print $8}'); ess=$(echo "$last" | awk -F, '{print $3}')
  echo "   trained: $(wc -l <"$run/evaluations.csv") lines in evaluations.csv, last acceptance $acc_train, ESS $ess, ${train_s} s" >&2

  "$gomaflow" sample "$run" --n "$nflow" --out "$out/${c}_flow.npz" --seed "$seed" --threads "$threads" --quiet \
    >"$out/${c}_sample.txt" 2>&1 || { cat "$out/${c}_sample.txt" >&2; exit 1; }
  "$gomaflow" hmc "$cfg" --n "$nhmc" --out "$out/${c}_hmc.npz" --seed "$seed" --quiet \
    >"$out/${c}_hmc.txt" 2>&1 || { cat "$out/${c}_hmc.txt" >&2; exit 1; }
  cat "$out/${c}_sample.txt" "$out/${c}_hmc.txt" >&2
  for s in flow hmc; do "$gomaflow" analyze "$out/${c}_$s.npz" --json >"$out/${c}_$s.json"; done
  "$gomaflow" compare "$out/${c}_flow.npz" "$out/${c}_hmc.npz" >"$out/${c}_compare.txt" || true
  cat "$out/${c}_compare.txt" >&2

  rate_flow=$(sed -n 's/^ *\([0-9.]*\) configurations\/s.*/\1/p' "$out/${c}_sample.txt")
  rate_hmc=$(sed -n 's/^ *\([0-9.]*\) trajectories\/s.*/\1/p' "$out/${c}_hmc.txt")
  for s in flow hmc; do
    if [ "$s" = flow ]; then rate=$rate_flow; ep=$e; ts=$train_s; es=$ess; else rate=$rate_hmc; ep=0; ts=0; es=NaN; fi
    for obs in chi2 abs_m; do
      jq -r --arg c "$c" --arg s "$s" --arg o "$obs" --arg r "$rate" --arg ep "$ep" --arg ts "$ts" --arg es "$es" '
        .observables[$o] as $x | (1 / ($r|tonumber)) as $sps |
        [$c, $s, $ep, $ts, (.acceptance|tostring), $es, (.n|tostring), ($sps|tostring), $o,
         ($x.value|tostring), ($x.error|tostring), ($x.tau_int|tostring), ($x.tau_int_error|tostring),
         ((2 * $x.tau_int * $sps)|tostring)] | @tsv' "$out/${c}_$s.json" >>"$summary"
    done
  done
done

echo >&2
echo "tau_int (Wolff; 0.5 = independent) and wall time per independent sample t_indep = 2 tau_int * s/sample" >&2
printf "%-12s %-18s %-18s %-11s %-11s %-11s %-11s %s\n" "config obs" "tau_int flow" "tau_int hmc" "s/smp flow" "s/smp hmc" \
  "t_ind flow" "t_ind hmc" "t_ind hmc/flow" >&2
awk -F'\t' 'NR==1{next}
  {key=$1" "$9; t[key,$2]=$14; tau[key,$2]=sprintf("%.2f +- %.2f", $12, $13); sps[key,$2]=$8; keys[key]=1}
  END{for (k in keys) printf "%-12s %-18s %-18s %-11.3g %-11.3g %-11.3g %-11.3g %.3g\n", k, tau[k,"flow"], tau[k,"hmc"], sps[k,"flow"], sps[k,"hmc"], t[k,"flow"], t[k,"hmc"], t[k,"hmc"]/t[k,"flow"]}' "$summary" | sort >&2
echo "summary: $summary" >&2
