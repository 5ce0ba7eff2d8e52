// The package's own loader (src/js/index.js, bundled into pkg/index.js): every input form that
// `init` and `initSync` document, each in a fresh instance of the package (a query string makes
// a new module record), and the failures a page can meet: a missing file, a wrong MIME type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PKG = new URL('../../pkg/index.js', import.meta.url);
const WASM = readFileSync(new URL('../../pkg/lro_cancel_bg.wasm', import.meta.url));
let fresh = 0;
const instance = () => import(`${PKG.href}?loader-${++fresh}`);

/** The module works: a URL is built and a long JSON number goes through its one import. */
function works(api) {
  const { url } = api.buildCancelRequest({ service: 'vault', name: 'operations/a b' });
  assert.equal(url, 'https://vault.googleapis.com/v1/operations/a%20b:cancel');
  const op = api.decodeOperation('{"name":"operations/o","done":true,"error":{"code":1.00000000000000000000001}}');
  assert.equal(op.error.status, 'CANCELLED');
}

const wasmResponse = (type = 'application/wasm') => new Response(WASM, { headers: { 'content-type': type } });

test('before init, calls fail with a TypeError rather than a trap or a wrong answer', async () => {
  const api = await instance();
  assert.throws(() => api.buildCancelRequest({ service: 'vault', name: 'operations/a' }), TypeError);
});

test('init accepts bytes, a Module, a Response, a Promise of one, and { module_or_path }', async () => {
  const inputs = [
    () => WASM,
    () => new WebAssembly.Module(WASM),
    () => wasmResponse(),
    () => Promise.resolve(wasmResponse()),
    () => ({ module_or_path: wasmResponse() }),
    () => ({ module_or_path: WASM }),
  ];
  for (const [i, input] of inputs.entries()) {
    const api = await instance();
    const exports = await api.default(input());
    assert.equal(typeof exports.lro_url, 'function', `input ${i}`);
    works(api);
    assert.equal(await api.default(), exports, 'a second init is the same instance');
  }
});

test('a Response served with another MIME type is compiled from its bytes instead', async () => {
  const api = await instance();
  await api.default(wasmResponse('application/octet-stream'));
  works(api);
});

test('concurrent inits share one load; a failed load rejects and may be retried', async () => {
  const api = await instance();
  await assert.rejects(api.default(new Response('no', { status: 404, statusText: 'Not Found' })), /404 Not Found/);
  await assert.rejects(api.default(new Uint8Array([0, 1, 2, 3])), WebAssembly.CompileError);
  const [a, b] = await Promise.all([api.default(wasmResponse()), api.default(WASM)]);
  assert.equal(a, b);
  works(api);
});

test('initSync accepts bytes, a Module and { module }, and init after it is free', async () => {
  for (const input of [() => WASM, () => new WebAssembly.Module(WASM), () => ({ module: WASM })]) {
    const api = await instance();
    const exports = api.initSync(input());
    works(api);
    assert.equal(await api.default(), exports);
    assert.equal(api.initSync(), exports);
  }
});
