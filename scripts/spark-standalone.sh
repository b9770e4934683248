#!/usr/bin/env bash
# Starts a standalone Spark master and one worker on localhost from the gomaflow-spark module's own
# jars, runs a small sweep and a 4-chain HMC ensemble through it, runs the same work here without
# Spark, and checks that the results are equal (docs/DISTRIBUTED.md shows its output).
# Everything listens on 127.0.0.1 only; master, worker and executors are stopped at the end.
# Usage: scripts/spark-standalone.sh [WORKDIR]   (default: a fresh temporary directory)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bin/jdk.sh"
gomaflow_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
work="${1:-$(mktemp -d /tmp/gomaflow-spark-XXXXXX)}"
mkdir -p "$work"
cd "$work"

"$root/bin/gomaflow-spark" --version >/dev/null   # builds the module on first use
lib="$root/gomaflow-spark/target/spark-lib"

# A Spark "home" whose jars/ are the module's Spark jars: the worker builds executor class paths from it.
mkdir -p spark-home
ln -sfn "$lib" spark-home/jars
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mport=$(free_port); mui=$(free_port); wui=$(free_port)
jflags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx512m)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java "${jflags[@]}" -cp "$lib/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$mport" --webui-port "$mui" >master.log 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q "I have been elected leader" master.log && break; sleep 1; done
grep -q "I have been elected leader" master.log || { echo "master did not start (master.log):"; tail -20 master.log; exit 1; }
java "${jflags[@]}" -cp "$lib/*" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 2g --webui-port "$wui" --work-dir "$work/worker" "spark://127.0.0.1:$mport" >worker.log 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q "Successfully registered with master" worker.log && break; sleep 1; done
grep -q "Successfully registered with master" worker.log || { echo "worker did not register (worker.log):"; tail -20 worker.log; exit 1; }
echo "standalone cluster: master spark://127.0.0.1:$mport, one worker (2 cores, JDK $(java -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p'))"

cat > tiny.toml <<'TOML'
[training]
seed = 7
batchsize = 16
epochs = 2
iterations = 3
base_lr = 0.01
ess_samples = 32
nsamples = 64
[physical]
L = 4
Nd = 2
M2 = -4.0
lam = 8.0
[model]
n_layers = 2
hidden_sizes = [4]
TOML

run() { echo "\$ gomaflow $*"; "$root/bin/gomaflow-spark" "$@" 2>&1 | sed 's/^/  /'; }
run sweep tiny.toml --set model.n_layers=2,4 --result cluster --spark "spark://127.0.0.1:$mport"
run sweep tiny.toml --set model.n_layers=2,4 --result here
run hmc tiny.toml --n 2000 --chains 4 --out cluster-hmc.npz --quiet --spark "spark://127.0.0.1:$mport"
run hmc tiny.toml --n 2000 --chains 4 --out here-hmc.npz --quiet

echo "checks:"
python3 - <<'PY'
import json, struct, csv, sys, glob, os
bad = 0
def ckpt(path):
    b = open(path, 'rb').read(); n = struct.unpack('<Q', b[:8])[0]
    h = json.loads(b[8:8 + n]); h['__metadata__'].pop('elapsed_seconds', None)
    return h, b[8 + n:]
def evals(path):
    rows = list(csv.reader(open(path)))
    keep = [i for i, c in enumerate(rows[0]) if 'time' not in c and 'seconds' not in c]
    return [[r[i] for i in keep] for r in rows]
for run in sorted(os.listdir('here/sweep_tiny')):
    d = os.path.join('here/sweep_tiny', run)
    if not os.path.isdir(d) or run == 'configs': continue
    for f in ['model_final.ckpt', 'model_best_ess.ckpt', 'model_best_acceptance.ckpt', 'checkpoint_latest.ckpt']:
        same = ckpt(os.path.join(d, f)) == ckpt(os.path.join('cluster/sweep_tiny', run, f))
        bad += not same
        print(f"  sweep {run}/{f}: tensors and metadata (less elapsed_seconds) {'equal' if same else 'DIFFER'}")
    same = evals(os.path.join(d, 'evaluations.csv')) == evals(os.path.join('cluster/sweep_tiny', run, 'evaluations.csv'))
    bad += not same
    print(f"  sweep {run}/evaluations.csv (less wall-clock columns): {'equal' if same else 'DIFFER'}")
for k in range(4):
    same = open(f'here-hmc.chain{k}.npz', 'rb').read() == open(f'cluster-hmc.chain{k}.npz', 'rb').read()
    bad += not same
    print(f"  hmc chain {k}: files {'identical' if same else 'DIFFER'}")
sys.exit(1 if bad else 0)
PY
echo "\$ gomaflow analyze cluster-hmc.chain{0..3}.npz"
"$root/bin/gomaflow-spark" analyze cluster-hmc.chain{0,1,2,3}.npz --quiet 2>&1 | awk '/replicas analysed together/{on=1} on&&/^$/{exit} on{print "  " $0}'
echo "all equal"
