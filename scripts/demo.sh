#!/usr/bin/env bash
# The main job: builds the package, starts the fake Google server with demo operations, serves
# the demo console (www/) on 127.0.0.1 and prints its URL. Ctrl-C stops both.
# PORT (default 8080) and FAKE_PORT (default 18787) choose the ports.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/bootstrap.sh
bash scripts/build.sh
fake_port=${FAKE_PORT:-18787}
node tests/fake-server/server.mjs --port "$fake_port" --seed-demo --quiet &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$fake_port/_fake/health" >/dev/null 2>&1 && break; sleep 0.1; done
# The page talks to the fake at its default port unless told otherwise (?fake=, loopback only).
page="http://127.0.0.1:${PORT:-8080}/"
[ "$fake_port" = 18787 ] || page="${page}?fake=http://127.0.0.1:$fake_port"
echo
echo "  fake Google API:  http://127.0.0.1:$fake_port   (access token: ya29.fake-demo-token)"
echo "  lro-cancel demo:  $page   <- open this"
echo
node scripts/serve.mjs --port "${PORT:-8080}" --fake "http://127.0.0.1:$fake_port"
