// The JavaScript API of lro-cancel. Rust decides (which service, whether a name fits, the URL,
// what a body means, whether and when to retry, what a polled state means; see src/abi.rs);
// this file moves bytes and does what needs the platform: fetch and timers, the
// caller's token function, callbacks and Promises. Each decision is one call into wasm: the
// strings go into one input area of wasm memory, the export takes numbers, and the answer is
// one record of numbers (the "tape") whose strings are slices of the caller's own string where
// possible; a body's raw members (metadata, response, details) are materialized by the
// platform's JSON.parse, exactly as sent.
//
// The package's entry (src/js/index.js) loads the module and hands it over (`install`); the
// browser tests' Rust wrappers (src/bindings.rs) import this file through wasm-bindgen.

// ------------------------------------------------------------------- the platform: fetch, timers

/** An error from lro-cancel: a google.rpc.Status with the HTTP status and lifted details. */
export class LroError extends Error {
  constructor(message, fields) {
    super(message);
    Object.assign(this, fields);
  }
}
Object.defineProperty(LroError.prototype, 'name', { value: 'LroError', writable: true, configurable: true });
// Its own name, also once minified (consoles print and match `constructor.name`).
Object.defineProperty(LroError, 'name', { value: 'LroError' });

/**
 * Runs `run(signal)` for one call's lifetime: `signal` is an AbortController's, aborted with
 * reason 1 (CANCELLED) by the caller's signal or 4 (DEADLINE_EXCEEDED) after `ms`, whichever
 * comes first, so that either settles the call at once and aborts whatever is in flight.
 */
async function within(ms, signal, run) {
  const ctl = new AbortController();
  const cancel = () => ctl.abort(1);
  signal?.aborted ? cancel() : signal?.addEventListener('abort', cancel);
  const timer = setTimeout(() => ctl.abort(4), ms);
  try {
    return await run(ctl.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/**
 * Resolves after `ms`, or as soon as `signal` is aborted: a `within` whose run waits for its own
 * signal, which its deadline or the caller's signal aborts (and which cleans up both).
 */
function sleep(ms, signal) {
  return within(ms, signal, (s) => new Promise((resolve) => (s.aborted ? resolve() : s.addEventListener('abort', resolve))));
}

// ------------------------------------------------------------------------- the edge into wasm

let w; // the wasm exports
let memory;
let u8 = 0, f64, input; // views of memory (0: none yet), renewed when it grows
let inPtr, inCap = 0;
let end; // where the last string written into the input area ends
let ascii; // whether the last string `put` wrote is ASCII (wasm takes it as 1 or 0)
let codeNames = [];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const handles = new Map(); // catalogue id → handle (its stable position in the catalogue)
const prefixes = []; // handle → "https://host/version/"

// Reading a tape: `at` walks it, `src` is the string its slices refer to, `base` the address
// of its text area. A tape is read to the end before the next call into wasm.
let at, base, src;

/** Hands the API the loaded module's exports and memory (the package's init/initSync call it). */
export function install(exports, mem) {
  w = exports;
  memory = mem;
  u8 = 0;
  inCap = 0;
  handles.clear();
  prefixes.length = 0;
  tape(w.lro_code_names()); // (text, kind 3: no source string)
  codeNames = ref().split(',');
}

/**
 * The module's one import (`lro.number`, see src/js/index.js): JavaScript's own correctly
 * rounded `Number` of the JSON number text at `ptr`, for every number the JSON reader needs
 * the value of that is not a plain integer of at most 15 digits.
 */
export function wasmNumber(ptr, len) {
  views();
  return Number(decoder.decode(u8.subarray(ptr, ptr + len)));
}

function views() {
  // Growing the memory detaches its old buffer, which empties every view of it.
  if (!u8.length) {
    u8 = new Uint8Array(memory.buffer);
    f64 = new Float64Array(memory.buffer);
    input = u8.subarray(inPtr, inPtr + inCap);
  }
}

/** Writes `s` into the input area at byte `at` (by default its start); returns its UTF-8 length. */
function put(s, at = 0) {
  const need = at + s.length * 3;
  if (need > inCap) {
    inCap = Math.max(need, 256);
    inPtr = w.lro_input(inCap);
    u8 = 0;
  }
  views();
  const { written } = encoder.encodeInto(s, at ? input.subarray(at) : input); // no view made on the URL's hot path
  ascii = written === s.length;
  end = at + written;
  return written;
}

/** Starts reading the tape at `ptr`; returns its status code (0: OK). */
function tape(ptr, source) {
  views();
  at = ptr >>> 3;
  base = f64[at++];
  src = source;
  return f64[at++];
}

/** Like `tape`, but throws the refusal unless the code is OK. */
function must(ptr, source) {
  const code = tape(ptr, source);
  if (code) throw failed(code);
}

function num() {
  return f64[at++];
}

/** The next string reference (see src/abi.rs). */
function ref() {
  const kind = num(), a = num(), b = num();
  if (kind === 1) return src.slice(a, b);
  if (kind === 2) return JSON.parse(src.slice(a, b));
  if (kind === 3) return decoder.decode(u8.subarray(base + a, base + b));
  return undefined;
}

/** A counted list on the tape, each item read by `read`. */
function list(read = ref) {
  return Array.from({ length: num() }, read);
}

/**
 * What `v` is, for messages: 'null', 'undefined', 'an array', 'a string', 'an object'… (of
 * typeof's names only object and undefined, and our 'array', start with a vowel).
 */
function describe(v) {
  const t = Array.isArray(v) ? 'array' : typeof v;
  return v == null ? '' + v : (/^[ao]/.test(t) ? 'an ' : 'a ') + t;
}

/** The LroError of a status record. */
const toError = (o) => new LroError(o.message, o);

/** A google.rpc.Status: `{ code, status, message, details }`. */
const fields = (code, message, details) => ({ code, status: codeNames[code], message, details });

/** An LroError without details; `http`, the HTTP status, when a response arrived. */
function err(code, message, http) {
  const o = fields(code, message, []);
  if (http !== undefined) o.httpStatus = http;
  return toError(o);
}

/**
 * The status record after its code: `{ code, status, message, details }`, and with `lift` also
 * `httpStatus?, reason?, domain?, metadata?, retryDelayMs?`, the last four lifted from
 * ErrorInfo and RetryInfo.
 */
function status(code, lift) {
  const message = ref();
  const details = ref() || [];
  const info = num();
  // Each RetryInfo detail gets its delay in ms; the first one is the status's.
  let retryDelayMs;
  for (let n = num(); n--; ) {
    const ms = (details[num()].retryDelayMs = num()); // both read for every one: no `??=` here
    retryDelayMs ??= ms;
  }
  const http = num();
  const o = fields(code, message, details);
  if (!lift) return o;
  if (http >= 0) o.httpStatus = http;
  const e = details[info]; // the ErrorInfo detail (none when info is −1)
  if (e) {
    o.reason = e.reason ?? '';
    o.domain = e.domain ?? '';
    o.metadata = { ...e.metadata };
  }
  if (retryDelayMs !== undefined) o.retryDelayMs = retryDelayMs;
  return o;
}

const failed = (code) => toError(status(code, true));

const OUTCOMES = ',cancelled,completed,failed,timeout'.split(',');

/** An operation record: `[{ name, done, metadata?, error?, response? }, outcome number]`. */
function operation() {
  const o = { name: ref() ?? '', done: !!num() }; // (flags are 0 or 1)
  const outcome = num();
  const metadata = ref(), response = ref();
  if (metadata !== undefined) o.metadata = metadata;
  if (num()) o.error = status(num(), false);
  if (response !== undefined) o.response = response;
  return [o, outcome];
}

/** A catalogue entry: `{ id, title?, host, version, templates, scopes, permission? }`. */
function serviceInfo() {
  const o = { id: ref() };
  const title = ref();
  if (title !== undefined) o.title = title;
  o.host = ref();
  o.version = ref();
  o.templates = list();
  o.scopes = list();
  const permission = ref();
  if (permission !== undefined) o.permission = permission;
  return o;
}

/** `options.service` → a handle (−2: not given). */
function service(s) {
  if (!given(s)) return -2;
  let custom; // 1: s is { host, version, templates } (wasm reads undefined as 0)
  if (typeof s === 'string') {
    const h = handles.get(s);
    if (h !== undefined) return h;
  } else if (isObject(s)) {
    string(s.host, 'service.host', 'a host name such as "gkehub.googleapis.com"');
    string(s.version, 'service.version', 'an API version such as "v1"');
    const t = typeof s.templates === 'string' ? [s.templates] : s.templates;
    if (!Array.isArray(t)) {
      throw mustBe(s.templates, 'service.templates', 'an array of name templates such as ["projects/*/locations/*/operations/*"]');
    }
    if (!t.every((x) => typeof x === 'string')) throw invalid('options.service.templates must hold only strings');
    custom = 1;
    s = JSON.stringify([s.host, s.version, ...t]);
  } else {
    throw mustBe(s, 'service', 'a service id such as "gkehub", an HTTP rule such as "POST https://host/v1/{name=projects/*/operations/*}:cancel", or { host, version, templates }');
  }
  must(w.lro_service(put(s), custom), s);
  const h = num();
  if (h >= 0) handles.set(s, h);
  return h;
}

const NAME = 'an operation name such as "projects/p/locations/l/operations/o", a full resource name "//host/name" or an operation URL "https://host/version/name"';
const ENDPOINT = 'a URL such as "https://us-central1-aiplatform.googleapis.com"';
const MAX_MS = 2 ** 31 - 1; // setTimeout's largest delay

/**
 * Asks wasm for the URL of operation `name` at service handle `h` (`flags`, see `lro_url`) and
 * leaves the tape after its OK code; throws the refusal.
 */
function locate(name, endpoint, h, flags, key = 'name') {
  const n = option(name, key, NAME, 0);
  const e = optional(endpoint, 'endpoint', ENDPOINT);
  // Bit 2: the prefix of handle h is cached here (never for a handle below 0).
  must(w.lro_url(h, n, e, flags | ((h in prefixes) << 2)), name);
}

/** The cancel (or, with `get`, the GetOperation) URL of operation `name`. */
function url(name, endpoint, h, get, key) {
  locate(name, endpoint, h, get * 2, key);
  if (num()) {
    at += 4;
    return ref();
  }
  const slot = num();
  const p = ref();
  const prefix = slot < 0 ? p : p === undefined ? prefixes[slot] : (prefixes[slot] = p);
  return prefix + ref() + (get ? '' : ':cancel');
}

/** `{ service, name, endpoint? }` → `{ method: 'POST', url, body: '' }`, or throws an LroError. */
export function buildCancelRequest(o) {
  options(o, 'buildCancelRequest', '{ service, name, endpoint? }');
  return { method: 'POST', url: url(o.name, o.endpoint, service(o.service), false), body: '' };
}

/**
 * `{ service?, name, endpoint? }` → `{ service, name, url }`: which service a pasted name (plain,
 * `//host/name` or an operation URL) designates, the plain name, and the cancel URL.
 */
export function resolveName(o) {
  options(o, 'resolveName', '{ service?, name }');
  locate(o.name, o.endpoint, service(o.service), 8);
  at += 5;
  const u = ref(), name = ref();
  return { service: serviceInfo(), name, url: u };
}

/**
 * The service catalogue: `[{ id, title?, host, version, templates, scopes, permission? }]`; with
 * a query, only the services whose id, title or host contains it (ignoring case).
 */
export function services(query) {
  const q = typeof query === 'string' ? query : '';
  tape(w.lro_services(put(q)), q);
  return list(serviceInfo);
}

/** Adds the generated catalogue (the `lro-cancel/catalogue` entry); returns how many services are known. */
export function registerCatalogue(table) {
  if (typeof table !== 'string') {
    throw invalid(`registerCatalogue expects the catalogue text from lro-cancel/catalogue, got ${describe(table)}`);
  }
  must(w.lro_register(put(table)), table);
  return num();
}

/** Decodes a `google.longrunning.Operation` from JSON text or a parsed object. */
export function decodeOperation(input_) {
  let body = input_;
  if (typeof input_ !== 'string') {
    if (!input_ || typeof input_ !== 'object') {
      throw invalid(`decodeOperation expects JSON text or an object, got ${describe(input_)}`);
    }
    try {
      body = JSON.stringify(input_);
    } catch {
      // body stays the object
    }
    if (typeof body !== 'string') throw invalid('decodeOperation could not serialize its argument to JSON');
  }
  must(w.lro_operation(put(body), ascii, false), body);
  return operation()[0];
}

/**
 * Decodes a 2xx answer `text` as an Operation (or with `list`, a ListOperationsResponse, `what`
 * the message's name for it), leaving the tape after its OK code; throws UNKNOWN otherwise.
 */
function answer(text, list, what) {
  const code = tape(w.lro_operation(put(text), ascii, list), text);
  if (code) throw err(2, `the server's answer is not a ${what}: ${status(code).message}`, 200);
}

function decoded(httpStatus, body, fn) {
  if (!Number.isInteger(httpStatus) || httpStatus < 0 || httpStatus > 999) {
    return invalid(`${fn} expects an HTTP status from 0 to 999 as its first argument, got ${describe(httpStatus)}`);
  }
  body ??= '';
  if (typeof body !== 'string') return invalid(`${fn} expects the body text as its second argument, got ${describe(body)}`);
  return status(tape(w.lro_decode_error(httpStatus, put(body), ascii), body), true);
}

/**
 * Decodes an HTTP error response (status and body text) into a google.rpc.Status as plain data:
 * `{ code, status, message, details, httpStatus, reason?, domain?, metadata?, retryDelayMs? }`.
 * Cheap, and structured-clone safe (it can cross postMessage).
 */
export function decodeStatus(httpStatus, body) {
  const o = decoded(httpStatus, body, 'decodeStatus');
  if (o instanceof LroError) throw o;
  return o;
}

/** Decodes an HTTP error response into an LroError (returned, not thrown). */
export function decodeError(httpStatus, body) {
  // A refusal is an LroError already; toError copies it into an equal one.
  return toError(decoded(httpStatus, body, 'decodeError'));
}

// Checking arguments and options (the network calls below use these too).

const invalid = (message) => err(3, message);
const mustBe = (v, key, expected) => invalid(`options.${key} must be ${expected}, got ${describe(v)}`);
const given = (v) => v !== undefined && v !== null;

/** Whether `v` is an object but not an array nor null. */
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Throws unless `o`, the options of API function `fn`, is an object. */
function options(o, fn, shape) {
  if (!isObject(o)) {
    throw invalid(`${fn} expects an options object like ${shape}, got ${describe(o)}`);
  }
}

function string(v, key, expected) {
  if (typeof v !== 'string') throw mustBe(v, key, expected);
}

/**
 * Writes string option `v` at byte `at`; returns its UTF-8 length. A lone UTF-16 surrogate,
 * which no URL can carry and encodeInto would turn into U+FFFD (another name), is refused.
 */
function option(v, key, expected, at) {
  string(v, key, expected);
  const n = put(v, at);
  if (!ascii && !v.isWellFormed()) {
    throw invalid(`options.${key} contains a lone UTF-16 surrogate, which no URL can carry; expected ${expected}`);
  }
  return n;
}

/**
 * An optional string option written at byte `at`, by default where the last one ended: its byte
 * length, or −1 when not given.
 */
function optional(v, key, expected, at = end) {
  if (given(v)) return option(v, key, expected, at);
  end = at;
  return -1;
}

/** Number option `o[key]` in `min..=max`, or `fallback` when not given. */
function number(o, key, fallback, min, max) {
  const v = o[key];
  if (!given(v)) return fallback;
  if (typeof v === 'number' && v >= min && v <= max) return v;
  throw invalid(`options.${key} must be a number from ${min} to ${max}, got ${typeof v === 'number' ? v : describe(v)}`);
}

function callback(o, key) {
  const v = o[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'function') throw mustBe(v, key, 'a function');
  return v;
}

// ------------------------------------------------------------------------------ the network

/** `retry`: the policy as `lro_retry` takes it (NaN: Rust's default). */
function retryOf(v) {
  if (!given(v) || v === true) v = {};
  if (v === false) v = { maxAttempts: 1 };
  if (typeof v !== 'object') throw mustBe(v, 'retry', 'false, true or { maxAttempts, initialDelayMs, maxDelayMs, multiplier }');
  return [
    Math.trunc(number(v, 'maxAttempts', NaN, 1, 100)),
    number(v, 'initialDelayMs', NaN, 0, MAX_MS),
    number(v, 'maxDelayMs', NaN, 0, MAX_MS),
    number(v, 'multiplier', NaN, 1, 100),
  ];
}

const TOKEN = 'an OAuth 2 access token string, or a function returning one (or a Promise of one)';

/** `accessToken`: a string, or a function returning a string or a Promise of one. */
async function tokenOf(v) {
  if (typeof v === 'function') {
    let called;
    try {
      called = v();
      v = await called;
    } catch {
      throw err(16, `options.accessToken function${called ? "'s Promise was rejected" : ' threw instead of returning a token'}`);
    }
  }
  string(v, 'accessToken', TOKEN);
  const token = v.trim();
  if (!token) throw err(16, `options.accessToken is empty; expected ${TOKEN}`);
  const bad = token.search(/[^!-~]/); // [!-~]: visible ASCII, 0x21 to 0x7E
  if (bad >= 0) {
    throw invalid(`options.accessToken has a character that cannot be sent in an HTTP header at position ${bad}; expected a bare token without "Bearer ", spaces or line breaks`);
  }
  return token;
}

/**
 * The options every network call shares, checked in this order; the token is resolved last.
 * `[token, headers, timeoutMs, signal, retry]`.
 */
async function callOptions(o) {
  const userProject = o.userProject;
  if (given(userProject)) {
    // Also refuses a lone UTF-16 surrogate, which no header can carry.
    string(userProject, 'userProject', 'a project id');
    if (!/^[!-~]+$/.test(userProject)) {
      throw invalid('options.userProject must be a project id or number (visible ASCII, no spaces)');
    }
  }
  const timeoutMs = number(o, 'timeoutMs', 60000, 1, MAX_MS);
  const signal = o.signal; // null is kept: `within` ignores it like undefined
  if (given(signal) && (typeof signal !== 'object' || typeof signal.addEventListener !== 'function' || typeof signal.removeEventListener !== 'function')) {
    throw mustBe(signal, 'signal', 'an AbortSignal');
  }
  const retry = retryOf(o.retry);
  const token = await tokenOf(o.accessToken);
  return [token, { authorization: 'Bearer ' + token, ...(userProject && { 'x-goog-user-project': userProject }) }, timeoutMs, signal, retry];
}

const CANCELLED = 'the call was cancelled by its AbortSignal';

/** Throws when the call was stopped: by the caller's signal, or by its deadline. */
function stopped(signal, timeoutMs) {
  const cause = signal.reason;
  if (cause) throw err(cause, cause === 1 ? CANCELLED : `the call did not finish within timeoutMs (${timeoutMs} ms)`);
}

/**
 * One logical call: sends, and retries as `lro_retry` decides; resolves to the 2xx body text.
 * Every failure is an LroError: network failures UNAVAILABLE, the deadline DEADLINE_EXCEEDED,
 * the caller's signal CANCELLED, HTTP errors decoded by Rust, a redirect refused and never
 * followed. The access token is never part of any message.
 */
function send([token, headers, timeoutMs, callerSignal, retry], method, u) {
  return within(timeoutMs, callerSignal, async (signal) => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      stopped(signal, timeoutMs);
      let res, http, body, o;
      try {
        res = await fetch(u, {
          method,
          headers,
          signal,
          credentials: 'omit', // never send cookies along with a bearer token
          redirect: 'manual', // never follow: a token must not reach another origin
          referrerPolicy: 'no-referrer',
          cache: 'no-store',
        });
        // A browser reports a redirect it did not follow as status 0, type 'opaqueredirect'.
        http = res.type === 'opaqueredirect' ? 302 : res.status;
        body = (http / 100 | 0) === 3 ? '' : await res.text(); // (a status's class: its hundreds)
      } catch (e) {
        o = fields(14, `network error: could not reach ${u.split('/', 3).join('/')} (${typeof e?.message === 'string' ? e.message : 'unknown error'}); the server may be down or unreachable, or it refused this page's origin (CORS)`, []);
      }
      stopped(signal, timeoutMs);
      let header = -1; // the Retry-After header's length in the input area
      if (!o) {
        if ((http / 100 | 0) === 2) return body;
        if ((http / 100 | 0) === 3) {
          throw err(9, `HTTP ${http}: ${u} answered with a redirect, which lro-cancel never follows so that the access token cannot reach another origin; check the endpoint`, http);
        }
        // A server could echo the token back anywhere: in the message, the details, their metadata.
        o = decoded(http, body.split(token).join('[redacted]'));
        if (o.code === 12) o.message = `this server does not support cancelling this operation (UNIMPLEMENTED)${o.message ? ': ' + o.message : ''}`;
        const retryAfter = res.headers.get('retry-after');
        if (o.retryDelayMs === undefined && retryAfter !== null) header = put(retryAfter);
      }
      const next = w.lro_retry(attempt, o.code, Math.random(), o.retryDelayMs ?? NaN, header, timeoutMs - (Date.now() - started), ...retry);
      if (next >= 0) {
        await sleep(next, signal);
        continue;
      }
      if (next === -2 && attempt > 1) o.message += ` (gave up after ${attempt} attempts)`;
      if (next <= -3) o.message += ` (not retried: the next attempt, ${-3 - next} ms away, would pass the deadline)`;
      o.message = o.message.split(token).join('[redacted]'); // a network error's text, too
      throw toError(o);
    }
  });
}

/** POSTs a cancel; a 2xx answer must be empty or a JSON object. */
async function postCancel(c, u) {
  const body = (await send(c, 'POST', u)).trim();
  try {
    if (!body || isObject(JSON.parse(body))) return;
  } catch {
    // not JSON
  }
  throw err(2, 'the cancel call succeeded but its body is neither empty nor a JSON object; is the endpoint a Google API?', 200);
}

/** GETs an operation: `[operation, outcome number]`. */
async function fetchOperation(c, u) {
  answer(await send(c, 'GET', u), false, 'google.longrunning.Operation');
  return operation();
}

const CALL = '{ service, name, accessToken }';

/** `cancelOperation({ service, name, accessToken, endpoint?, userProject?, timeoutMs?, signal?, retry? })`. */
export async function cancelOperation(o) {
  options(o, 'cancelOperation', CALL);
  const u = url(o.name, o.endpoint, service(o.service), false);
  await postCancel(await callOptions(o), u);
}

/** `getOperation(options)` → the `Operation`. */
export async function getOperation(o) {
  options(o, 'getOperation', CALL);
  const u = url(o.name, o.endpoint, service(o.service), true);
  return (await fetchOperation(await callOptions(o), u))[0];
}

/**
 * `cancelAndWait(options & { pollIntervalMs?, maxWaitMs?, onPoll? })` →
 * `{ outcome: 'cancelled' | 'completed' | 'failed' | 'timeout', operation }`.
 */
export async function cancelAndWait(o) {
  options(o, 'cancelAndWait', CALL);
  const h = service(o.service);
  const cancelUrl = url(o.name, o.endpoint, h, false);
  const getUrl = url(o.name, o.endpoint, h, true);
  const interval = number(o, 'pollIntervalMs', 1000, 1, MAX_MS);
  const maxWait = number(o, 'maxWaitMs', 300000, 0, MAX_MS);
  const onPoll = callback(o, 'onPoll');
  const c = await callOptions(o);
  const started = Date.now();
  try {
    await postCancel(c, cancelUrl);
  } catch (e) {
    // The operation may have finished already; its state says more than the refusal.
    if (!(e instanceof LroError && e.code === 9 && e.httpStatus >= 400)) throw e; // (not a redirect)
  }
  return within(maxWait, c[3], async (waiter) => {
    for (let n = 1; ; n++) {
      await sleep(w.lro_poll_delay(interval, n), waiter);
      if (waiter.reason === 1) throw err(1, CANCELLED);
      const timedOut = waiter.reason === 4;
      const [op, outcome] = await fetchOperation(c, getUrl);
      if (outcome || timedOut) return { outcome: OUTCOMES[outcome || 4], operation: op };
      try {
        // (`?.(` builds the event only when there is a callback)
        onPoll?.({ poll: n, operation: op, elapsedMs: Date.now() - started, nextPollMs: w.lro_poll_delay(interval, n + 1) });
      } catch {
        // A throwing callback must not break the wait.
      }
    }
  });
}

/**
 * `listOperations({ service, name: parent, filter?, pageSize?, pageToken?, accessToken, ... })` →
 * `{ operations, nextPageToken?, unreachable? }` (operations.proto `ListOperations`, AIP-158
 * paging, AIP-217 unreachable locations).
 */
export async function listOperations(o) {
  options(o, 'listOperations', '{ service, name: parent, accessToken }');
  const h = service(o.service);
  if (h === -2) throw mustBe(undefined, 'service', 'the service whose operations to list');
  const parent = optional(o.name, 'name', 'the parent such as "projects/p/locations/l"', 0);
  const filter = optional(o.filter, 'filter', 'a filter such as "done=false"');
  const pageSize = Math.trunc(number(o, 'pageSize', 0, 1, 1000));
  const pageToken = optional(o.pageToken, 'pageToken', 'the nextPageToken of the previous page');
  const endpoint = optional(o.endpoint, 'endpoint', ENDPOINT);
  must(w.lro_list_url(h, parent, filter, pageToken, endpoint, pageSize), '');
  const u = ref();
  answer(await send(await callOptions(o), 'GET', u), true, 'ListOperationsResponse');
  const r = { operations: list(() => operation()[0]) };
  const next = ref();
  if (next !== undefined) r.nextPageToken = next;
  const unreachable = list();
  if (unreachable.length) r.unreachable = unreachable;
  return r;
}

/**
 * `cancelMany({ service?, names, concurrency? = 8, onProgress?, accessToken, ... })` → one
 * `{ name, ok: true } | { name, ok: false, error }` per name, in input order. One bad name or
 * failed call never rejects the batch; the caller's signal stops what has not started (those
 * report CANCELLED) and aborts what is in flight.
 */
export async function cancelMany(o) {
  options(o, 'cancelMany', '{ service?, names, accessToken }');
  const names = o.names;
  if (!Array.isArray(names)) throw mustBe(names, 'names', 'an array of operation names');
  if (names.length > 10000) throw invalid('options.names has more than 10,000 names; split the batch');
  const concurrency = Math.trunc(number(o, 'concurrency', 8, 1, 64));
  const onProgress = callback(o, 'onProgress');
  const h = service(o.service);
  const endpoint = o.endpoint;
  const e = optional(endpoint, 'endpoint', ENDPOINT, 0);
  if (e >= 0) must(w.lro_endpoint(e), endpoint);
  // Every URL now, before anything awaits: a service made from a rule lives in wasm only until
  // the next call makes another.
  // Array.from, not map: a hole in a sparse array is a missing name (refused), not skipped.
  const urls = Array.from(names, (raw) => {
    try {
      return url(raw, endpoint, h, false, 'names[]');
    } catch (e) {
      return e;
    }
  });
  const c = await callOptions(o);
  const total = names.length;
  const results = [];
  let next = 0, done = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      let error;
      try {
        if (typeof urls[i] !== 'string') throw urls[i];
        await postCancel(c, urls[i]);
      } catch (e) {
        error = e;
      }
      const r = (results[i] = { name: names[i], ok: !error, ...(error && { error }) });
      try {
        onProgress?.({ done: ++done, total, ...r });
      } catch {
        // A throwing callback must not break the batch.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
