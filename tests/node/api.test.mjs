// The built package (pkg/) in Node 20: proves the API finds fetch on globalThis (no window) and
// that the exports behave as the browser tests show. Runs against the fake Google server that
// scripts/test.sh started (LRO_FAKE_URL), or one started here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { services, buildCancelRequest, decodeError, decodeStatus, decodeOperation, cancelOperation, getOperation, cancelAndWait, LroError } from '../../pkg/index.js';
import { TOKEN, base, control, useFake } from './harness.mjs';

useFake();

let seq = 0;
const fresh = async (extra = {}) => {
  const name = `projects/node/locations/l/operations/n-${process.pid}-${++seq}`;
  await control('POST', '/_fake/operations', { operations: [{ name, ...extra }] });
  return name;
};
const opts = (name, extra = {}) => ({ service: 'gkehub', name, endpoint: base, accessToken: TOKEN, ...extra });

test('there is no window in Node, and the package still uses fetch', () => {
  assert.equal(typeof globalThis.window, 'undefined');
});

test('services and buildCancelRequest', () => {
  assert.deepEqual(services().map((s) => s.id).slice(0, 5).sort(), ['beyondcorp', 'cloudaicompanion', 'clouddeploy', 'gkehub', 'vault']);
  assert.deepEqual(buildCancelRequest({ service: 'vault', name: 'operations/a/b' }), { method: 'POST', url: 'https://vault.googleapis.com/v1/operations/a/b:cancel', body: '' });
});

test('refusals are LroError instances with code 3', () => {
  for (const bad of [undefined, null, 5, {}, { service: 'gkehub', name: 5 }, { service: 'gkehub', name: 'projects/p' }]) {
    assert.throws(() => buildCancelRequest(bad), (e) => e instanceof LroError && e instanceof Error && e.name === 'LroError' && e.code === 3 && e.status === 'INVALID_ARGUMENT');
  }
});

test("numbers the JSON reader's fast path cannot do go to the module's one import, JavaScript's Number", () => {
  // Anything but a plain integer of at most 15 digits: the reader asks lro.number
  // (src/js/index.js), whose answer is JSON.parse's. An operation's error code is a
  // google.rpc.Code, read as the number JavaScript reads.
  for (const code of ['1', '1.0', '1e0', '0.1e1', '1.00000000000000000000000', '10000000000000000000000000e-25', '0.000000000000000000000000001e27', '1.0000000000000000000000001']) {
    const body = `{"name":"operations/o","done":true,"error":{"code":${code},"message":"m"}}`;
    assert.equal(JSON.parse(body).error.code, 1);
    const op = decodeOperation(body);
    assert.deepEqual([op.error.code, op.error.status, op.error.message], [1, 'CANCELLED', 'm'], code);
  }
  // Not an integer to JavaScript either: refused, so the number was really read.
  assert.throws(() => decodeOperation('{"name":"o","done":true,"error":{"code":1.0000000000000005}}'),
    (e) => e instanceof LroError && e.code === 3 && /"code" must be an integer/.test(e.message));
});

test('decodeStatus is decodeError as plain data: same fields, no stack, survives structuredClone', () => {
  const body = JSON.stringify({ error: { code: 429, message: 'Quota "q" exceeded — ü', status: 'RESOURCE_EXHAUSTED', details: [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: JSON.parse('{"service":"s","__proto__":"p"}') },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s' },
  ] } });
  for (const b of [body, '\ufeff  ' + body]) {
    const st = decodeStatus(429, b);
    const e = decodeError(429, b);
    assert.equal(Object.getPrototypeOf(st), Object.prototype);
    assert.equal(st.stack, undefined);
    assert.deepEqual({ ...e, message: e.message }, st);
    assert.deepEqual(structuredClone(st), st);
  }
  const st = decodeStatus(429, body);
  assert.equal(st.message, 'Quota "q" exceeded — ü');
  assert.equal(st.retryDelayMs, 1500);
  assert.equal(st.details[1].retryDelayMs, 1500);
  assert.equal(st.reason, 'RATE_LIMIT_EXCEEDED');
  // Every RetryInfo gets its own delay; the first is the status's, and the record after them
  // (the HTTP status) is still read in its place.
  const two = JSON.stringify({ error: { code: 503, message: 'm', details: [
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.250s' },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
  ] } });
  const many = decodeStatus(503, two);
  assert.deepEqual([many.retryDelayMs, many.httpStatus, many.code], [2000, 503, 14]);
  assert.deepEqual(many.details.map((d) => d.retryDelayMs), [2000, undefined, 250, 7000]);
  // JSON.parse semantics: a "__proto__" member is an own property, not the prototype.
  assert.equal(Object.getOwnPropertyDescriptor(st.details[0].metadata, '__proto__').value, 'p');
  assert.equal(Object.getPrototypeOf(st.metadata), Object.prototype);
  // Offsets after non-ASCII text in the body are counted in UTF-16 units, as slice counts.
  const wide = JSON.stringify({ x: '😀é', error: { message: 'after 😀', details: [{ a: '😀' }] } });
  assert.deepEqual([decodeStatus(400, wide).message, decodeStatus(400, wide).details], ['after 😀', [{ a: '😀' }]]);
  assert.throws(() => decodeStatus('429', body), (x) => x instanceof LroError && x.code === 3);
  assert.throws(() => decodeStatus(429, 5), (x) => x instanceof LroError && x.code === 3);
});

test('decodeError and decodeOperation return plain objects', () => {
  const e = decodeError(404, '{"error":{"code":404,"message":"not here","status":"NOT_FOUND"}}');
  assert.ok(e instanceof LroError);
  assert.equal(e.code, 5);
  assert.equal(e.httpStatus, 404);
  assert.equal(JSON.parse(JSON.stringify(e)).status, 'NOT_FOUND');
  const op = decodeOperation({ name: 'operations/x', done: true, response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } });
  assert.deepEqual(op, { name: 'operations/x', done: true, response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } });
});

test('decodeOperation: members exactly as JSON.parse gives them, offsets in UTF-16 units', () => {
  const text = '{"metadata":{"@type":"t/m","__proto__":{"polluted":true},"n":1e2,"s":"é\\u00e9😀"},'
    + '"name":"operations/😀\\"q","done":true,"error":{"code":"1","message":"stop 😀","details":[{"@type":"t/x","a":[1,{"b":null}]}]}}';
  const op = decodeOperation(text);
  const want = JSON.parse(text);
  assert.deepEqual(op, { name: want.name, done: true, metadata: want.metadata,
    error: { code: 1, status: 'CANCELLED', message: 'stop 😀', details: want.error.details } });
  // A "__proto__" member is an own property, as JSON.parse makes it; no prototype is touched.
  assert.deepEqual(Object.getOwnPropertyDescriptor(op.metadata, '__proto__').value, { polluted: true });
  assert.equal(Object.getPrototypeOf(op.metadata), Object.prototype);
  assert.equal({}.polluted, undefined);
  // The refusals say what was wrong.
  assert.throws(() => decodeOperation('{"done":"yes"}'), (e) => e instanceof LroError && e.code === 3 && /"done" must be a boolean/.test(e.message));
  assert.throws(() => decodeOperation('{"error":{},"response":{}}'), (e) => e instanceof LroError && /oneof/.test(e.message));
});

test('cancelOperation against the fake, through globalThis.fetch', async () => {
  const name = await fresh();
  assert.equal(await cancelOperation(opts(name)), undefined);
  const st = await control('GET', `/_fake/operations/${name}`);
  assert.equal(st.cancelCount, 1);
});

test('a signal that is not an AbortSignal is refused with code 3 before any request', async () => {
  const name = await fresh();
  const noRemove = { aborted: false, addEventListener() {} }; // half an EventTarget
  for (const signal of [noRemove, 'abort', 1, { aborted: true }]) {
    const e = await cancelOperation(opts(name, { signal })).catch((x) => x);
    assert.ok(e instanceof LroError && e.code === 3, `${JSON.stringify(signal)}: ${e?.constructor?.name}: ${e}`);
    assert.match(e.message, /signal/);
  }
  assert.equal((await control('GET', `/_fake/operations/${name}`)).cancelCount, 0);
});

test('errors from the server are LroErrors without the token', async () => {
  const err = await cancelOperation(opts('projects/node/locations/l/operations/missing')).catch((e) => e);
  assert.ok(err instanceof LroError);
  assert.equal(err.code, 5);
  const bad = await cancelOperation(opts(await fresh(), { accessToken: 'not-the-token' })).catch((e) => e);
  assert.equal(bad.code, 16);
  for (const e of [err, bad]) assert.ok(!`${e} ${e.stack} ${JSON.stringify(e)}`.includes(TOKEN));
});

test('getOperation and cancelAndWait', async () => {
  const name = await fresh({ pollsUntilDone: 2 });
  const op = await getOperation(opts(name));
  assert.equal(op.name, name);
  assert.equal(op.done, false);
  const r = await cancelAndWait(opts(name, { pollIntervalMs: 10 }));
  assert.equal(r.outcome, 'cancelled');
  assert.equal(r.operation.error.code, 1);
  assert.equal(r.operation.error.status, 'CANCELLED');
});

test('cancelAndWait: a redirected cancel rejects with its refusal and polls nothing', async () => {
  const name = await fresh();
  await control('POST', '/_fake/faults', { name, faults: [{ kind: 'redirect', to: 'same-origin' }] });
  const e = await cancelAndWait(opts(name, { pollIntervalMs: 10 })).catch((x) => x);
  assert.ok(e instanceof LroError && e.code === 9 && e.httpStatus === 302, String(e));
  assert.match(e.message, /redirect/);
  const seen = (await control('GET', `/_fake/requests?name=${name}`)).map((r) => r.method);
  assert.deepEqual(seen, ['POST']);
});

test('timeout and abort settle promptly in Node too', async () => {
  const name = await fresh();
  await control('POST', '/_fake/faults', { name, faults: [{ kind: 'hang' }, { kind: 'hang' }] });
  let t0 = performance.now();
  const e = await cancelOperation(opts(name, { timeoutMs: 200 })).catch((x) => x);
  assert.equal(e.code, 4);
  assert.ok(performance.now() - t0 < 1200);
  t0 = performance.now();
  const a = await cancelOperation(opts(name, { signal: AbortSignal.timeout(150) })).catch((x) => x);
  assert.equal(a.code, 1);
  assert.ok(performance.now() - t0 < 1200);
});

test('the token never appears in errors, their stacks or console output', async () => {
  const secret = 'test-token';
  const printed = [];
  const saved = {};
  for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    saved[k] = console[k];
    console[k] = (...args) => printed.push(args.map(String).join(' '));
  }
  const errors = [];
  try {
    const name = await fresh();
    // A server that echoes the token back in its message.
    await control('POST', '/_fake/faults', { name, faults: [{ kind: 'status', status: 400, message: `token ${secret} is not welcome here` }] });
    errors.push(await cancelOperation(opts(name)).catch((e) => e));
    // ... and in its details: an ErrorInfo's metadata and a Help link.
    const echo = JSON.stringify({ error: { code: 403, status: 'PERMISSION_DENIED', message: 'denied', details: [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'R', domain: 'd', metadata: { token: secret, header: `Bearer ${secret}` } },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: secret, url: `https://example.com/?t=${secret}` }] } ] } });
    await control('POST', '/_fake/faults', { name, faults: [{ kind: 'body', status: 403, body: echo }] });
    errors.push(await cancelOperation(opts(name, { retry: false })).catch((e) => e));
    errors.push(await cancelOperation(opts('projects/node/locations/l/operations/absent')).catch((e) => e));
    errors.push(await cancelOperation(opts(name, { endpoint: 'http://127.0.0.1:9', retry: false })).catch((e) => e));
    errors.push(await cancelOperation(opts(name, { accessToken: () => { throw new Error(`cannot refresh ${secret}`); } })).catch((e) => e));
    errors.push(await cancelOperation(opts(name, { accessToken: `${secret}\r\nx: y` })).catch((e) => e));
    await control('POST', '/_fake/faults', { name, faults: [{ kind: 'hang' }] });
    errors.push(await getOperation(opts(name, { timeoutMs: 50, retry: false })).catch((e) => e));
  } finally {
    Object.assign(console, saved);
  }
  assert.equal(errors.length, 7);
  for (const e of errors) {
    assert.ok(e instanceof LroError, String(e));
    const all = [e.message, String(e), e.stack, JSON.stringify(e), JSON.stringify(e.details), JSON.stringify(e.metadata)].join('\n');
    assert.ok(!all.includes(secret), `token in: ${all}`);
  }
  assert.match(errors[0].message, /\[redacted\]/);
  assert.equal(errors[1].code, 7);
  assert.equal(errors[1].reason, 'R');
  assert.deepEqual(errors[1].metadata, { token: '[redacted]', header: 'Bearer [redacted]' });
  assert.equal(errors[1].details[1].links[0].url, 'https://example.com/?t=[redacted]');
  assert.ok(!printed.join('\n').includes(secret), 'token printed to the console');
  // No request line the server saw carried it either (it travels only in the Authorization header).
  const seen = await control('GET', '/_fake/requests?name=projects/node/');
  assert.ok(seen.length > 0);
  assert.ok(seen.every((r) => !r.path.includes(secret)), 'token in a request URL');
});
