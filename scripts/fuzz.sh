#!/usr/bin/env bash
# Fuzzes the parsers that user input reaches (cargo fuzz, libFuzzer, nightly Rust):
# template (path templates and HTTP rules), name (names against every catalogue template),
# endpoint, decode_error and decode_operation.
#   bash scripts/fuzz.sh          60 s per target (the long pass)
#   bash scripts/fuzz.sh 5        5 s per target (the short pass scripts/test.sh runs)
# The seed corpus lives in fuzz/corpus/<target>; what a run discovers goes to
# fuzz/target/corpus/<target> (not committed). A crash leaves its input in fuzz/artifacts/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-60}
CARGO_FUZZ_VERSION=0.13.2
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet
fi
cd fuzz
targets=$(cargo +nightly fuzz list)
cargo +nightly fuzz build --release --debug-assertions 2>&1 | grep -vE '^\s*(Compiling|Finished)' || true
for t in $targets; do
  mkdir -p "target/corpus/$t"
  printf 'fuzz: %-18s %4ss ... ' "$t" "$seconds"
  log="target/$t.log"
  if cargo +nightly fuzz run --release --debug-assertions "$t" "target/corpus/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    execs=$(printf '%s' "$done_line" | sed -E 's/^#([0-9]+).*/\1/')
    rate=$(printf '%s' "$done_line" | grep -oE 'exec/s: [0-9]+' | cut -d' ' -f2)
    echo "ok: $execs executions ($rate/s), no crash"
  else
    echo "FAILED (see fuzz/$log and fuzz/artifacts/$t/)"
    tail -30 "$log"
    exit 1
  fi
done
