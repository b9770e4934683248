#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium and saves a screenshot to look at.
# Not part of the test suite (needs Debian's chromium: apt-get install -y chromium).
#   scripts/check-report.sh [RUN_DIR] [SCREENSHOT.png]
# Without RUN_DIR it uses a copy of scripts/demo-run (fixed data, with an HMC comparison).
# Fails if Chromium reports a blocked or failed resource load (the page must be self-contained).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:-}"
if [ -z "$run" ]; then
  run="$(mktemp -d)/demo-run"
  cp -r "$root/scripts/demo-run" "$run"
fi
run="$(cd "$run" && pwd)"
shot="${2:-$run/report-screenshot.png}"
"$root/gomaflow" report "$run" >/dev/null
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "check-report: no chromium found; install it with: apt-get install -y chromium" >&2
  exit 1
fi
profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --screenshot="$shot" --window-size=1200,"${REPORT_HEIGHT:-2000}" "file://$run/report.html" 2>"$log" || {
  cat "$log" >&2; exit 1; }
if grep -E "Refused to|ERR_|Failed to load|net::" "$log" | grep -v -i "dbus\|gpu\|sandbox" >&2; then
  echo "check-report: the page tried to load something (lines above)" >&2
  exit 1
fi
echo "report:     $run/report.html"
echo "screenshot: $shot"
