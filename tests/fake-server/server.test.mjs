// Tests of the fake Google LRO server itself (node --test tests/fake-server/).
// Starts it in-process on free ports and speaks to it with Node's fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeServer } from './server.mjs';

const TOKEN = 'test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
let server;
let base;

before(async () => {
  server = await startFakeServer({ port: 0 });
  base = server.url;
});
after(async () => { await server.close(); });

// --- helpers -----------------------------------------------------------------------------------

const control = async (method, path, body) => {
  const r = await fetch(base + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body && JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
};
let seq = 0;
/** Creates a fresh operation and returns its name. */
const fresh = async (extra = {}, prefix = 'op') => {
  const name = `projects/p/locations/l/operations/${prefix}-${++seq}`;
  const r = await control('POST', '/_fake/operations', { operations: [{ name, ...extra }] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { names: [name] });
  return name;
};
const api = (method, path, { headers = AUTH, ...init } = {}) => fetch(base + path, { method, headers, ...init });
const cancel = (name, init) => api('POST', `/v1/${name}:cancel`, init);
const getOp = async (name, version = 'v1') => {
  const r = await api('GET', `/${version}/${name}`);
  assert.equal(r.status, 200);
  return r.json();
};
const opState = async (name) => (await control('GET', `/_fake/operations/${name}`)).body;
const faults = (name, list) => control('POST', '/_fake/faults', { name, faults: list });
/** A request with the path exactly as given (fetch would normalise `..` away). */
const rawRequest = (method, path) => new Promise((resolve, reject) => {
  const { hostname, port } = new URL(base);
  const req = request({ hostname, port, path, method, headers: AUTH }, (res) => {
    let text = '';
    res.on('data', (d) => { text += d; }).on('end', () => resolve([res.statusCode, JSON.parse(text).error.status]));
  });
  req.on('error', reject).end();
});

// --- CORS --------------------------------------------------------------------------------------

test('CORS preflight: 200, empty, echoes origin and headers, no token needed', async () => {
  const r = await fetch(`${base}/v1beta/projects/p/locations/l/operations/x:cancel`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:8000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-goog-user-project' },
  });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
  assert.equal(r.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8000');
  assert.equal(r.headers.get('access-control-allow-methods'), 'DELETE,GET,HEAD,PATCH,POST,PUT');
  assert.equal(r.headers.get('access-control-allow-headers'), 'authorization,x-goog-user-project');
  assert.equal(r.headers.get('access-control-max-age'), '3600');
  assert.equal(r.headers.get('access-control-allow-credentials'), null);
  const st = (await control('GET', '/_fake/stats')).body;
  assert.ok(st.preflights >= 1);
});

test('CORS headers on every response, errors included; * without Origin', async () => {
  const r = await api('GET', '/v1/projects/p/locations/l/operations/nope', { headers: { ...AUTH, origin: 'http://localhost:5173' } });
  assert.equal(r.status, 404);
  assert.equal(r.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.equal(r.headers.get('vary'), 'Origin, X-Origin, Referer');
  assert.equal(r.headers.get('access-control-expose-headers'), 'Retry-After, Content-Type, Date, Server, Content-Length');
  assert.equal(r.headers.get('cache-control'), 'private');
  assert.equal(r.headers.get('server'), 'ESF');
  assert.equal(r.headers.get('access-control-allow-credentials'), null);
  const c = await fetch(`${base}/_fake/health`);
  assert.equal(c.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(await c.json(), { ok: true });
});

// --- auth --------------------------------------------------------------------------------------

test('401 without a token and with a wrong one, in Google\'s shape', async () => {
  const name = await fresh();
  for (const [headers, reason] of [[{}, 'CREDENTIALS_MISSING'], [{ authorization: 'Bearer not-the-token' }, 'ACCESS_TOKEN_TYPE_UNSUPPORTED']]) {
    const r = await cancel(name, { headers });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate'), /^Bearer realm="https:\/\/accounts\.google\.com\/"/);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    const { error } = await r.json();
    assert.equal(error.code, 401);
    assert.equal(error.status, 'UNAUTHENTICATED');
    assert.match(error.message, /authentication credential/);
    assert.deepEqual(error.details, [{
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com',
      metadata: { service: 'example.googleapis.com', method: 'google.longrunning.Operations.CancelOperation' },
    }]);
  }
  assert.equal((await opState(name)).cancelCount, 0);
  // Both default tokens work.
  assert.equal((await cancel(name, { headers: { authorization: 'Bearer ya29.fake-demo-token' } })).status, 200);
});

// --- the state machine -------------------------------------------------------------------------

test('cancel then get: running until the pollsUntilDone-th GET, then cancelled', async () => {
  const name = await fresh({ pollsUntilDone: 3 });
  const before = await getOp(name);
  assert.equal(before.name, name);
  assert.equal('done' in before, false, 'done is omitted while false');
  assert.equal(before.metadata.requestedCancellation, false);
  assert.equal(before.metadata['@type'], 'type.googleapis.com/google.cloud.example.v1.OperationMetadata');
  assert.match(before.metadata.createTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  const c = await cancel(name);
  assert.equal(c.status, 200);
  assert.equal(c.headers.get('content-type'), 'application/json; charset=UTF-8');
  assert.equal(await c.text(), '{}\n');

  for (let i = 1; i <= 2; i++) {
    const op = await getOp(name);
    assert.equal(op.done, undefined, `poll ${i}`);
    assert.equal(op.metadata.requestedCancellation, true);
  }
  const done = await getOp(name);
  assert.equal(done.done, true);
  assert.deepEqual(done.error, { code: 1, message: 'Operation was cancelled.' });
  assert.equal(done.response, undefined);
  assert.ok(done.metadata.endTime);
  const st = await opState(name);
  assert.equal(st.state, 'done');
  assert.equal(st.outcome, 'cancelled');
  assert.equal(st.cancelCount, 1);
  assert.equal(st.getCount, 4);
  // A cancel of a done operation: 200 {} and nothing changes.
  assert.equal(await (await cancel(name)).text(), '{}\n');
  assert.deepEqual((await getOp(name)).error, { code: 1, message: 'Operation was cancelled.' });
  assert.equal((await opState(name)).cancelCount, 2);
});

test('outcomes: completed, failed, done-empty, never; cancelBody empty; doneAfterMs; version-bound ops', async () => {
  const completed = await fresh({ onCancel: 'completed' });
  await cancel(completed);
  const c = await getOp(completed);
  assert.equal(c.done, true);
  assert.deepEqual(c.response, { '@type': 'type.googleapis.com/google.protobuf.Empty' });
  assert.equal(c.error, undefined);

  const failed = await fresh({ onCancel: 'failed' });
  await cancel(failed);
  const f = await getOp(failed);
  assert.equal(f.done, true);
  assert.equal(f.error.code, 13);
  assert.equal(f.error.message, 'Internal error encountered while processing the operation.');
  assert.equal(f.error.details[0].reason, 'INTERNAL_ERROR');

  const empty = await fresh({ onCancel: 'done-empty', cancelBody: 'empty' });
  const ce = await cancel(empty);
  assert.equal(ce.status, 200);
  assert.equal(await ce.text(), '');
  const e = await getOp(empty);
  assert.equal(e.done, true);
  assert.ok(!('error' in e) && !('response' in e));

  const never = await fresh({ onCancel: 'never' });
  await cancel(never);
  for (let i = 0; i < 5; i++) assert.equal((await getOp(never)).done, undefined);
  assert.equal((await getOp(never)).metadata.requestedCancellation, true);

  const timed = await fresh({ doneAfterMs: 120 });
  await cancel(timed);
  assert.equal((await getOp(timed)).done, undefined);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal((await getOp(timed)).done, true);

  const already = await fresh({ done: true, outcome: 'failed' });
  assert.equal((await getOp(already)).error.code, 13);

  const selfFinishing = await fresh({ finishWithoutCancel: { afterPolls: 2, outcome: 'completed' } });
  assert.equal((await getOp(selfFinishing)).done, undefined);
  assert.equal((await getOp(selfFinishing)).done, true);

  const immediate = await fresh({ pollsUntilDone: 0 });
  await cancel(immediate);
  assert.equal((await opState(immediate)).state, 'done');

  const v1beta = await fresh({ version: 'v1beta', service: 'gkehub' });
  assert.equal((await api('GET', `/v1/${v1beta}`)).status, 404);
  const op = await getOp(v1beta, 'v1beta');
  assert.equal(op.metadata['@type'], 'type.googleapis.com/google.cloud.gkehub.v1beta.OperationMetadata');
  assert.equal(op.metadata.apiVersion, 'v1beta');
});

test('unimplemented → 501 UNIMPLEMENTED; unknown → 404 NOT_FOUND; routing errors', async () => {
  const name = await fresh({ unimplemented: true });
  const r = await cancel(name);
  assert.equal(r.status, 501);
  assert.deepEqual(await r.json(), { error: { code: 501, message: 'Operation cancellation is not supported for this operation.', status: 'UNIMPLEMENTED' } });
  assert.equal((await getOp(name)).done, undefined, 'still running');

  const missing = 'projects/p/locations/l/operations/o';
  const nf = await cancel(missing);
  assert.equal(nf.status, 404);
  assert.equal(await nf.text(), JSON.stringify({ error: { code: 404, message: `Operation "${missing}" not found.`, status: 'NOT_FOUND' } }, null, 2) + '\n');

  const codeOf = async (method, path, init) => { const x = await api(method, path, init); return [x.status, (await x.json().catch(() => null))?.error?.status]; };
  assert.deepEqual(await rawRequest('POST', '/v1/projects/p/../operations/o:cancel'), [400, 'INVALID_ARGUMENT']);
  assert.deepEqual(await rawRequest('GET', '/v1/operations/./o'), [400, 'INVALID_ARGUMENT']);
  assert.deepEqual(await codeOf('POST', '/v1/projects//operations/o:cancel'), [400, 'INVALID_ARGUMENT']);
  assert.deepEqual(await codeOf('GET', '/v1/projects/%E0%A4%A/operations/o'), [400, 'INVALID_ARGUMENT']);
  assert.deepEqual(await codeOf('POST', `/v1/${name}`), [404, 'NOT_FOUND']); // POST without :cancel
  assert.deepEqual(await codeOf('POST', `/v1/${name}:wait`), [404, 'NOT_FOUND']);
  assert.deepEqual(await codeOf('GET', `/v1/${name}:cancel`), [404, 'NOT_FOUND']);
  assert.deepEqual(await codeOf('GET', `/api/${name}`), [404, 'NOT_FOUND']);
  assert.deepEqual(await codeOf('GET', `/v1/${name}?foo=1`), [400, 'INVALID_ARGUMENT']);
  const ok = await fresh();
  assert.deepEqual(await codeOf('POST', `/v1/${ok}:cancel`, { headers: AUTH, body: '{nope' }), [400, 'INVALID_ARGUMENT']);
  assert.deepEqual(await codeOf('POST', `/v1/${ok}:cancel`, { headers: AUTH, body: '{"force":true}' }), [400, 'INVALID_ARGUMENT']);
  assert.equal((await cancel(ok, { headers: { ...AUTH, 'content-type': 'application/json' }, body: '{}' })).status, 200);
  assert.equal((await api('GET', `/v1/${ok}?prettyPrint=false`)).status, 200);
  // Percent-encoded names are decoded.
  const accented = 'projects/p/locations/global/operations/é x';
  await control('POST', '/_fake/operations', { name: accented });
  assert.equal((await api('POST', '/v1/projects/p/locations/global/operations/%C3%A9%20x:cancel')).status, 200);
  // Bodies are capped at 1 MB.
  const big = await api('POST', `/v1/${ok}:cancel`, { body: 'x'.repeat(1024 * 1024 + 10) }).catch((err) => err);
  if (!(big instanceof Error)) assert.equal(big.status, 413);
});

// --- list --------------------------------------------------------------------------------------

test('list: paging over a 200-op seed, done filters, tokens, empty parents', async () => {
  const parent = 'projects/listing/locations/us-east1';
  const made = await control('POST', '/_fake/operations', { seed: { parent, count: 200, prefix: 'op-', doneEvery: 3 } });
  assert.equal(made.body.names.length, 200);
  assert.equal(made.body.names[0], `${parent}/operations/op-0001`);
  const list = async (query) => {
    const r = await api('GET', `/v1/${parent}/operations${query}`);
    return [r.status, await r.json()];
  };
  const collect = async (query) => {
    const names = [];
    let token;
    let pages = 0;
    do {
      const [status, body] = await list(query + (token ? `&pageToken=${encodeURIComponent(token)}` : ''));
      assert.equal(status, 200, JSON.stringify(body));
      names.push(...(body.operations ?? []).map((o) => o.name));
      token = body.nextPageToken;
      pages += 1;
    } while (token);
    return { names, pages };
  };
  const all = await collect('?');
  assert.equal(all.names.length, 200);
  assert.equal(all.pages, 4, 'default pageSize is 50');
  assert.equal(new Set(all.names).size, 200);
  const big = await list('?pageSize=5000');
  assert.equal(big[1].operations.length, 200);
  assert.equal('nextPageToken' in big[1], false, 'no token on the last page');

  const running = await collect('?pageSize=40&filter=done%3Dfalse');
  assert.equal(running.names.length, 134); // 66 of 200 are done (every 3rd)
  const spaced = await collect(`?pageSize=1000&filter=${encodeURIComponent('done = false')}`);
  assert.deepEqual(spaced.names, running.names);
  const done = await collect('?pageSize=1000&filter=done%3Dtrue');
  assert.equal(done.names.length, 66);

  // Cancelling while paging with done=false neither skips nor repeats an operation.
  const [, p1] = await list('?pageSize=10&filter=done%3Dfalse');
  for (const op of p1.operations) { await cancel(op.name); await getOp(op.name); }
  const [, p2] = await list(`?pageSize=10&filter=done%3Dfalse&pageToken=${p1.nextPageToken}`);
  assert.equal(p2.operations[0].name, running.names[10]);

  assert.equal((await list('?filter=name%3Dx'))[0], 400);
  assert.equal((await list('?filter=name%3Dx'))[1].error.status, 'INVALID_ARGUMENT');
  assert.equal((await list('?pageSize=abc'))[0], 400);
  assert.equal((await list('?pageSize=-1'))[0], 400);
  assert.equal((await list('?pageToken=garbage'))[0], 400);
  assert.equal((await list(`?filter=done%3Dtrue&pageToken=${p1.nextPageToken}`))[0], 400, 'a token is bound to its filter');
  const empty = await api('GET', '/v1/projects/nobody/locations/l/operations');
  assert.equal(await empty.text(), '{}\n', 'operations is omitted when empty');
  assert.equal((await api('GET', `/v1/${parent}/operations`, { headers: {} })).status, 401);
});

test('list: locations/- spans locations and reports unreachable ones', async () => {
  await control('POST', '/_fake/operations', { operations: [
    { name: 'projects/wild/locations/a/operations/1' },
    { name: 'projects/wild/locations/b/operations/2' },
    { name: 'projects/wild/locations/c/operations/3' },
  ], unreachable: ['projects/wild/locations/c'] });
  const body = await (await api('GET', '/v1/projects/wild/locations/-/operations')).json();
  assert.deepEqual(body.operations.map((o) => o.name), ['projects/wild/locations/a/operations/1', 'projects/wild/locations/b/operations/2']);
  assert.deepEqual(body.unreachable, ['projects/wild/locations/c']);
});

// --- faults ------------------------------------------------------------------------------------

test('fault status: 503 and 429 with RetryInfo and Retry-After; faulted requests do not count', async () => {
  const name = await fresh();
  await faults(name, [{ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryDelay: '0.200s', retryAfter: '1' }]);
  const a = await cancel(name, { headers: { ...AUTH, origin: 'http://x.test' } });
  assert.equal(a.status, 503);
  assert.deepEqual(await a.json(), { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } });
  const b = await cancel(name);
  assert.equal(b.status, 429);
  assert.equal(b.headers.get('retry-after'), '1');
  const { error } = await b.json();
  assert.equal(error.status, 'RESOURCE_EXHAUSTED');
  assert.equal(error.details[0].reason, 'RATE_LIMIT_EXCEEDED');
  assert.deepEqual(error.details.at(-1), { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.200s' });
  assert.equal((await cancel(name)).status, 200);
  assert.equal((await opState(name)).cancelCount, 1);
  const log = (await control('GET', `/_fake/requests?name=${encodeURIComponent(name)}`)).body;
  assert.deepEqual(log.map((e) => [e.method, e.fault ?? null, e.status]), [['POST', 'status', 503], ['POST', 'status', 429], ['POST', null, 200]]);
});

test('faults match their name only, apply in order, and `times` repeats', async () => {
  const a = await fresh();
  const b = await fresh();
  await faults(a, [{ kind: 'status', status: 500, times: 2 }, { kind: 'status', status: 400 }]);
  assert.equal((await cancel(b)).status, 200, 'another name is untouched');
  assert.deepEqual([(await cancel(a)).status, (await cancel(a)).status, (await cancel(a)).status, (await cancel(a)).status], [500, 500, 400, 200]);
  // Without a name, a fault applies to the next API request whatever it is.
  await control('POST', '/_fake/faults', { faults: [{ kind: 'status', status: 504 }] });
  assert.equal((await cancel(b)).status, 504);
  assert.equal((await control('POST', '/_fake/faults', { faults: [{ kind: 'nope' }] })).status, 400);
});

test('fault html: a Google front-end HTML page', async () => {
  const name = await fresh();
  await faults(name, [{ kind: 'html', status: 502 }]);
  const r = await cancel(name);
  assert.equal(r.status, 502);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=UTF-8');
  const t = await r.text();
  assert.ok(t.startsWith('<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>'));
  assert.ok(t.includes('<title>Error 502 (Server Error)!!1</title>'));
});

test('fault hang: never answers (client times out); reset frees the socket', async () => {
  const name = await fresh();
  await faults(name, [{ kind: 'hang' }]);
  const t0 = performance.now();
  const err = await cancel(name, { headers: AUTH, signal: AbortSignal.timeout(300) }).catch((e) => e);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'TimeoutError');
  assert.ok(performance.now() - t0 < 1500);
  assert.equal((await opState(name)).cancelCount, 0);
  // A hang left pending is destroyed by reset (the client sees a network error, not a hang).
  const other = await fresh();
  await faults(other, [{ kind: 'hang' }]);
  const pending = cancel(other).catch((e) => e);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(server.state.hanging.size >= 1, true);
  await control('POST', '/_fake/reset');
  assert.ok((await pending) instanceof TypeError);
});

test('fault drop: the socket is destroyed → fetch TypeError', async () => {
  const name = await fresh();
  await faults(name, [{ kind: 'drop' }]);
  const err = await cancel(name).catch((e) => e);
  assert.ok(err instanceof TypeError, String(err));
  assert.equal((await cancel(name)).status, 200);
});

test('fault redirect: Location on the other origin; the target logs what reaches it', async () => {
  const name = await fresh();
  await faults(name, [{ kind: 'redirect' }, { kind: 'redirect', status: 307, to: 'same-origin' }, { kind: 'redirect', status: 307, to: 'cross-origin' }]);
  const r = await cancel(name, { headers: AUTH, redirect: 'manual' });
  assert.equal(r.status, 302);
  const loc = new URL(r.headers.get('location'));
  assert.equal(loc.origin, server.redirectTargetUrl);
  assert.notEqual(loc.origin, new URL(base).origin);
  assert.equal(loc.pathname, `/v1/${name}:cancel`);
  const same = await cancel(name, { headers: AUTH, redirect: 'manual' });
  assert.equal(same.status, 307);
  assert.equal(new URL(same.headers.get('location')).origin, new URL(base).origin);
  // Followed by Node's fetch (307 keeps the method): the target answers 200 {} and logs whether
  // a token came along (Node strips Authorization on a cross-origin redirect, as browsers do).
  const followed = await cancel(name, { headers: AUTH, redirect: 'follow' });
  assert.equal(followed.status, 200);
  assert.equal(followed.headers.get('access-control-allow-origin'), '*');
  const log = (await control('GET', '/_fake/redirect-target/requests')).body;
  const hits = log.filter((e) => e.path.includes(name));
  assert.equal(hits.length, 1);
  assert.equal(hits[0].method, 'POST');
  assert.equal(hits[0].hasAuth, false);
  assert.equal((await opState(name)).cancelCount, 0, 'the fake itself never saw a cancel');
});

test('fault delay and body', async () => {
  const name = await fresh();
  await faults(name, [{ kind: 'delay', ms: 200 }, { kind: 'body', status: 200, body: '{"name": "operations/x", "done": tr' }, { kind: 'body', status: 503, body: '', contentType: 'text/plain' }]);
  const t0 = performance.now();
  const d = await cancel(name);
  assert.ok(performance.now() - t0 >= 190);
  assert.equal(d.status, 200);
  assert.equal((await opState(name)).cancelCount, 1, 'a delayed request is then handled normally');
  const b = await api('GET', `/v1/${name}`);
  assert.equal(await b.text(), '{"name": "operations/x", "done": tr');
  const e = await api('GET', `/v1/${name}`);
  assert.equal(e.status, 503);
  assert.equal(e.headers.get('content-type'), 'text/plain');
  assert.equal(await e.text(), '');
});

// --- logs, stats, control ----------------------------------------------------------------------

test('the request log records auth facts but never a token', async () => {
  const name = await fresh({}, 'log');
  await cancel(name);
  await cancel(name, { headers: { authorization: 'Bearer some-wrong-secret', origin: 'http://127.0.0.1:8000' } });
  await api('GET', `/v1/${name}?access_token=${TOKEN}`, { headers: {} });
  const log = (await control('GET', `/_fake/requests?name=${encodeURIComponent(name)}`)).body;
  assert.equal(log.length, 3);
  assert.deepEqual(log.map((e) => [e.kind, e.hasAuth, e.authOk, e.status]), [['cancel', true, true, 200], ['cancel', true, false, 401], ['get', false, false, 401]]);
  assert.equal(log[1].origin, 'http://127.0.0.1:8000');
  assert.equal(log[0].name, name);
  assert.ok(typeof log[0].t === 'number');
  const everything = JSON.stringify((await control('GET', '/_fake/requests')).body) + JSON.stringify((await control('GET', '/_fake/redirect-target/requests')).body);
  for (const secret of [TOKEN, 'some-wrong-secret', 'ya29.fake-demo-token']) assert.ok(!everything.includes(secret), `${secret} leaked into the log`);
  const stats = (await control('GET', '/_fake/stats')).body;
  for (const k of ['requests', 'cancels', 'gets', 'lists', 'preflights']) assert.equal(typeof stats[k], 'number');
  assert.ok(stats.byMethod.POST >= 2);
});

test('control API: single op, validation, internal state, delete, reset', async () => {
  const single = await control('POST', '/_fake/operations', { name: 'operations/solo', onCancel: 'never' });
  assert.deepEqual(single.body, { names: ['operations/solo'] });
  const st = await opState('operations/solo');
  assert.equal(st.onCancel, 'never');
  assert.equal(st.cancelCount, 0);
  assert.equal(st.getCount, 0);
  assert.equal(st.operation.name, 'operations/solo');
  for (const bad of [{ name: '/abs' }, { name: 'a//b' }, { name: 'x', onCancel: 'maybe' }, { name: 'x', pollsUntilDone: -1 }, {}, { seed: { parent: 'p', count: 0 } }]) {
    const r = await control('POST', '/_fake/operations', bad);
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(r.body.error.status, 'INVALID_ARGUMENT');
  }
  assert.equal((await control('GET', '/_fake/operations/operations/unknown')).status, 404);
  assert.equal((await control('DELETE', '/_fake/operations/operations/solo')).status, 200);
  assert.equal((await control('GET', '/_fake/operations/operations/solo')).status, 404);
  assert.equal((await control('GET', '/_fake/nothing-here')).status, 404);
  // GET on the vault-style top-level collection lists operations/** names.
  await control('POST', '/_fake/operations', { name: 'operations/matter/export-1' });
  const top = await (await api('GET', '/v1/operations')).json();
  assert.ok(top.operations.some((o) => o.name === 'operations/matter/export-1'));
  // Demo seed on request, and reset.
  const demo = (await control('POST', '/_fake/demo')).body;
  assert.deepEqual(Object.keys(demo.services).sort(), ['beyondcorp', 'cloudaicompanion', 'clouddeploy', 'gkehub', 'vault']);
  assert.match(demo.services.gkehub[0], /^projects\/demo-project\/locations\/global\/operations\/operation-\d{13}-[0-9a-f]{13}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  assert.equal((await control('POST', '/_fake/reset')).status, 200);
  assert.deepEqual((await control('GET', '/_fake/operations')).body, { names: [] });
  assert.deepEqual((await control('GET', '/_fake/requests')).body, []);
  assert.deepEqual((await control('GET', '/_fake/demo')).body, { services: {} });
});

// --- the CLI -----------------------------------------------------------------------------------

test('CLI: --seed-demo, --port 0, --port-file, two ready lines, SIGTERM exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-google-'));
  const portFile = join(dir, 'port');
  const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--port', '0', '--port-file', portFile, '--seed-demo', '--quiet', '--token', 'cli-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  try {
    for (let i = 0; i < 100 && out.split('\n').length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^fake-google listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(lines[1], /^fake-google redirect target on http:\/\/localhost:\d+$/);
    const port = Number(readFileSync(portFile, 'utf8'));
    assert.equal(lines[0], `fake-google listening on http://127.0.0.1:${port}`);
    const url = `http://127.0.0.1:${port}`;
    const demo = await (await fetch(`${url}/_fake/demo`)).json();
    assert.equal(demo.services.cloudaicompanion.length, 3);
    const name = demo.services.gkehub[0];
    assert.equal((await fetch(`${url}/v1beta/${name}`, { headers: { authorization: 'Bearer cli-token' } })).status, 200);
    assert.equal((await fetch(`${url}/v1beta/${name}`, { headers: AUTH })).status, 401, '--token replaces the defaults');
    const list = await (await fetch(`${url}/v1/projects/demo-project/locations/us-central1/operations?pageSize=1000`, { headers: { authorization: 'Bearer cli-token' } })).json();
    assert.ok(list.operations.length >= 30);
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(await exited, { code: 0, signal: null });
});
