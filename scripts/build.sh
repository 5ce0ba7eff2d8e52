#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (release, --target web, wasm-opt -Oz from the npm
# package binaryen, without the crate's `std` feature so that std's panic and formatting
# machinery stays out of the wasm), then scripts/package.mjs writes package.json (exports,
# types, files) and the package's README and typed entry.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"
rm -rf pkg
wasm-pack --log-level warn build --release --target web --out-dir pkg --out-name lro_cancel --no-pack -- --no-default-features
node scripts/package.mjs
