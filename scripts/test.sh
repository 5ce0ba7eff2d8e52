#!/usr/bin/env bash
# Runs every test of lro-cancel: formatting and panic lints, native Rust tests, the package
# build and its size budget, the fake server's own tests, the package in Node, the JS API in
# headless Chromium against the fake Google server, and the demo end to end.
# Installs what it needs first (scripts/bootstrap.sh, idempotent).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/bootstrap.sh browser
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CI=${CI:-}
logs=$(mktemp -d)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { local name=$1; shift; "$@" 2>&1 | tee "$logs/$name.log"; }

step "format and panic lints (clippy denies unwrap/expect/panic/indexing/arithmetic in the library)"
cargo fmt --check
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings # the shipped build
cargo clippy --quiet --all-targets -- -D warnings

step "native tests (cargo test)"
run native cargo test --quiet

step "the catalogue generator (Google's Discovery documents, pinned google-api-python-client)"
python3 scripts/gen_catalogue.py >/dev/null
run catalogue python3 tests/gen_catalogue_test.py -v

step "fuzz: a short pass over every target (bash scripts/fuzz.sh runs the long one)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-5}"

step "build the npm package (pkg/) and check its size budget"
bash scripts/build.sh
node scripts/size.mjs --check

step "the fake Google server's own tests"
run fake node --test tests/fake-server/

step "start the fake Google server on 127.0.0.1"
portfile="$logs/port"
node tests/fake-server/server.mjs --port 0 --port-file "$portfile" --quiet > "$logs/fake.out" 2>&1 &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$portfile" ] && break; sleep 0.1; done
export LRO_FAKE_URL="http://127.0.0.1:$(cat "$portfile")"
echo "fake server at $LRO_FAKE_URL"

step "the package in Node 20 (node --test)"
run node node --test tests/node/

step "the JS API in headless Chromium (wasm-pack test --headless --chrome)"
export WASM_BINDGEN_TEST_TIMEOUT=600 # seconds for the whole run; its default (20 s) is too short
run browser wasm-pack --log-level warn test --headless --chrome -- --test web

step "TypeScript types: a consumer that must compile, misuses that must not (tsc --strict)"
run types node --test tests/types/

step "package consumers (Vite app, plain page, Web Worker) and the demo end to end (Playwright, headless Chromium)"
run e2e node --test --test-concurrency=1 tests/e2e/

step "summary"
node scripts/summary.mjs "$logs"
