#!/usr/bin/env bash
# The benchmark in one command: builds pkg/, installs the bench's own devDependencies
# (google-gax, esbuild), then prints ours against google-gax: time per call, ratios, start-up,
# shipped bytes. Never part of the tests: time is measured, not asserted.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/bootstrap.sh
bash scripts/build.sh
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
node bench/run.mjs
echo
node bench/size.mjs
