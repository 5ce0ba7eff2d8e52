// Shared setup of the Node tests (not a test file: `node --test tests/node/` runs only *.test.mjs
// here). Initialises the built package (pkg/) and uses the fake Google server that
// scripts/test.sh started (LRO_FAKE_URL), or starts one in-process for the file.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync } from '../../pkg/index.js';

export const TOKEN = 'test-token';
export const WASM = readFileSync(new URL('../../pkg/lro_cancel_bg.wasm', import.meta.url));

/** The fake's base URL: a live binding, set once `useFake()`'s before hook has run. */
export let base = process.env.LRO_FAKE_URL;
let server;

/** Registers the hooks: init the wasm and find (or start) the fake before, close it after. */
export function useFake() {
  before(async () => {
    initSync({ module: WASM });
    if (!base) {
      const { startFakeServer } = await import('../fake-server/server.mjs');
      server = await startFakeServer({ port: 0 });
      base = server.url;
    }
  });
  after(async () => { if (server) await server.close(); });
}

/** Calls the fake's control API; with `ok`, asserts a 2xx answer. Returns the parsed body or null. */
export async function control(method, path, body, { ok = false } = {}) {
  const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const t = await r.text();
  if (ok) assert.ok(r.ok, `${method} ${path}: ${r.status} ${t}`);
  return t ? JSON.parse(t) : null;
}
