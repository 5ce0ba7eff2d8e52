// Every export of the built package (pkg/) fed junk from a seeded generator: whatever a page
// passes, an export returns its documented shape or throws (or rejects with) an LroError, never
// a TypeError, a RangeError or a wasm trap, and the module answers correctly afterwards. The
// network calls go to a closed port on 127.0.0.1, so no junk leaves the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/index.js';
import { WASM } from './harness.mjs';

api.initSync({ module: WASM });
const { LroError } = api;

/** xorshift64: the same junk on every run (the seed is in the failure message). */
function generator(seed) {
  let s = BigInt(seed) | 1n;
  const next = () => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return Number(s & 0xffffffffn);
  };
  const pick = (a) => a[next() % a.length];
  const pieces = ['projects', 'locations', 'operations', 'p', 'l', 'o', '*', '**', '/', '//', '.', '..', '%2F', '%', ' ',
    'é', '😀', '\ud800', '\udc00', '\u0000', '\n', '"', '\\', '{', '}', '=', ':cancel', 'https://', 'http://127.0.0.1:9/',
    'gkehub', 'vault', 'gkehub.googleapis.com', 'v1', 'v1beta', 'POST ', '{name=projects/*/operations/*}', '?', '#', '@'];
  const text = () => Array.from({ length: next() % 9 }, () => pick(pieces)).join('');
  const value = (depth = 0) => {
    switch (next() % (depth > 2 ? 7 : 11)) {
      case 0: return undefined;
      case 1: return null;
      case 2: return pick([0, -1, 1.5, NaN, Infinity, 2 ** 31, 429, 1e400]);
      case 3: return pick([true, false]);
      case 4: case 5: case 6: return text();
      case 7: return Array.from({ length: next() % 4 }, () => value(depth + 1));
      case 8: return () => value(depth + 1);
      case 9: return 10n;
      default: {
        const o = {};
        for (const k of ['service', 'name', 'endpoint', 'accessToken', 'host', 'version', 'templates', 'names',
          'retry', 'timeoutMs', 'signal', 'userProject', 'pageSize', 'filter', 'pageToken', 'concurrency']) {
          if (next() % 3 === 0) o[k] = value(depth + 1);
        }
        return o;
      }
    }
  };
  return { next, value, text };
}

/** Options for a network call that, if they pass every check, fail fast at a closed port. */
const network = (o) => (o && typeof o === 'object' && !Array.isArray(o)
  ? { ...o, endpoint: 'http://127.0.0.1:9', retry: false, timeoutMs: 2000, accessToken: typeof o.accessToken === 'function' ? 't' : o.accessToken }
  : o);

/** How often each outcome was seen: `ok`, or the LroError's status name. */
const seen = new Map();
const settles = async (call, what) => {
  let outcome = 'ok';
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof LroError, `${what}: ${e?.constructor?.name}: ${e?.stack ?? e}`);
    assert.equal(typeof e.code, 'number', what);
    assert.equal(typeof e.message, 'string', what);
    outcome = e.status;
  }
  seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
};

/** A valid call with one option replaced by junk (or two), so that the junk reaches past the first check. */
function mutated(g) {
  const o = { service: 'gkehub', name: 'projects/p/locations/l/operations/o', accessToken: 't', names: ['projects/p/locations/l/operations/o'] };
  const keys = ['service', 'name', 'endpoint', 'accessToken', 'names', 'retry', 'timeoutMs', 'signal', 'userProject', 'pageSize', 'filter', 'pageToken', 'concurrency'];
  for (let n = 1 + (g.next() % 2); n > 0; n--) o[keys[g.next() % keys.length]] = g.next() % 2 ? g.value(1) : g.text();
  return o;
}

test('junk into every export: results or LroErrors, and the module still answers', async () => {
  const seed = 0x5eed_2026;
  const g = generator(seed);
  for (let i = 0; i < 1500; i++) {
    const a = g.next() % 2 ? g.value() : mutated(g), b = g.value();
    const what = `seed ${seed}, case ${i}: ${String(JSON.stringify([a, b], (k, v) => (typeof v === 'bigint' || typeof v === 'function' ? String(v) : v)))}`;
    await settles(() => api.buildCancelRequest(a), `buildCancelRequest ${what}`);
    await settles(() => api.resolveName(a), `resolveName ${what}`);
    await settles(() => api.decodeOperation(g.next() % 2 ? a : g.text()), `decodeOperation ${what}`);
    await settles(() => api.decodeStatus(g.next() % 1000, g.next() % 2 ? b : g.text()), `decodeStatus ${what}`);
    await settles(() => api.decodeError(a, b), `decodeError ${what}`);
    assert.ok(Array.isArray(api.services(a)), what);
    if (i % 10 === 0) {
      await settles(() => api.cancelOperation(network(a)), `cancelOperation ${what}`);
      await settles(() => api.getOperation(network(a)), `getOperation ${what}`);
      await settles(() => api.listOperations(network(a)), `listOperations ${what}`);
      await settles(() => api.cancelMany(network(a)), `cancelMany ${what}`);
    }
  }
  // The junk reached every stage: refusals, successes, and calls that got as far as fetch.
  for (const outcome of ['ok', 'INVALID_ARGUMENT', 'UNAVAILABLE']) assert.ok(seen.get(outcome) > 10, `${outcome}: ${JSON.stringify([...seen])}`);
  // The module answers as before the junk.
  assert.equal(api.buildCancelRequest({ service: 'gkehub', name: 'projects/p/locations/l/operations/o' }).url,
    'https://gkehub.googleapis.com/v1beta/projects/p/locations/l/operations/o:cancel');
  assert.equal(api.decodeStatus(404, '{"error":{"message":"gone","status":"NOT_FOUND"}}').code, 5);
});
