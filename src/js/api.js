// The fast JavaScript edge of lro-cancel: buildCancelRequest, decodeError and decodeStatus.
// Rust decides (which service, whether a name fits, the URL, what an error body means); this
// file only moves bytes. Each call writes its strings into one input area of wasm memory,
// calls one export with numbers, and reads one result record (the "tape", see src/abi.rs).
// Strings come back as slices of the caller's own string where possible, and a body's raw
// members (details, metadata) are materialized by the platform's JSON.parse, exactly as sent.
import { LroError } from './runtime.js';

let w; // the wasm exports
let memory;
let u8, f64, input; // views of memory, renewed when it grows
let inPtr = 0, inCap = 0;
let codeNames = [];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const services = new Map(); // catalogue id → handle (its stable position in the catalogue)
const prefixes = []; // handle → "https://host/version/"

/** Called by the module's start function with its exports and memory. */
export function install(exports, mem) {
  w = exports;
  memory = mem;
  u8 = undefined;
  inCap = 0;
  services.clear();
  prefixes.length = 0;
  const t = tape(w.lro_code_names());
  codeNames = str(t, 1, '').split(',');
}

function views() {
  // Growing the memory detaches its old buffer, which empties every view of it.
  if (u8 === undefined || u8.length === 0) {
    u8 = new Uint8Array(memory.buffer);
    f64 = new Float64Array(memory.buffer);
    input = u8.subarray(inPtr, inPtr + inCap);
  }
}

/** Writes `s` into the input area at byte `at`; returns its UTF-8 length, negated if not ASCII. */
function put(s, at) {
  const need = at + s.length * 3;
  if (need > inCap) {
    inCap = Math.max(need, 256);
    inPtr = w.lro_input(inCap);
    u8 = undefined;
  }
  views();
  const { written } = encoder.encodeInto(s, at === 0 ? input : input.subarray(at));
  return written === s.length ? written : -written;
}

let base = 0; // the text area's address in the current tape
function tape(ptr) {
  views();
  const i = ptr >>> 3;
  base = f64[i];
  return i + 1;
}

/** The string reference at tape slot `i` (see src/abi.rs); `src` is the string passed in. */
function str(i, j, src) {
  const kind = f64[i + j], a = f64[i + j + 1], b = f64[i + j + 2];
  if (kind === 1) return src.slice(a, b);
  if (kind === 2) return JSON.parse(src.slice(a, b));
  if (kind === 3) return decoder.decode(u8.subarray(base + a, base + b));
  return undefined;
}

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  return t === 'object' ? 'an object' : t === 'undefined' ? 'undefined' : (/^[aeiou]/.test(t) ? 'an ' : 'a ') + t;
}

function invalid(message) {
  return new LroError(message, { code: 3, status: 'INVALID_ARGUMENT', message, details: [] });
}

/**
 * The status record at tape slot `i`: `{ code, status, message, details, httpStatus?, reason?,
 * domain?, metadata?, retryDelayMs? }`, the last four lifted from ErrorInfo and RetryInfo.
 */
function status(i, src) {
  const code = f64[i];
  const details = str(i, 4, src) || [];
  const info = f64[i + 7];
  const delays = f64[i + 8];
  let k = i + 9;
  let retryDelayMs;
  for (let n = 0; n < delays; n++, k += 2) {
    const d = details[f64[k]];
    d.retryDelayMs = f64[k + 1];
    if (n === 0) retryDelayMs = d.retryDelayMs;
  }
  const http = f64[k];
  const o = { code, status: codeNames[code], message: str(i, 1, src), details };
  if (http >= 0) o.httpStatus = http;
  if (info >= 0) {
    const e = details[info];
    o.reason = e.reason ?? '';
    o.domain = e.domain ?? '';
    o.metadata = { ...e.metadata };
  }
  if (retryDelayMs !== undefined) o.retryDelayMs = retryDelayMs;
  return o;
}

function fail(i, src) {
  const o = status(i, src);
  return new LroError(o.message, o);
}

/** `options.service` → a handle (−2: not given). */
function service(s) {
  if (s === undefined || s === null) return -2;
  let custom = 0;
  if (typeof s === 'string') {
    const h = services.get(s);
    if (h !== undefined) return h;
  } else if (typeof s === 'object' && !Array.isArray(s)) {
    for (const k of ['host', 'version']) {
      if (typeof s[k] !== 'string') {
        throw invalid(`options.service.${k} must be ${k === 'host' ? 'a host name such as "gkehub.googleapis.com"' : 'an API version such as "v1"'}, got ${describe(s[k])}`);
      }
    }
    const t = typeof s.templates === 'string' ? [s.templates] : s.templates;
    if (!Array.isArray(t)) {
      throw invalid(`options.service.templates must be an array of name templates such as ["projects/*/locations/*/operations/*"], got ${describe(s.templates)}`);
    }
    if (!t.every((x) => typeof x === 'string')) throw invalid('options.service.templates must hold only strings');
    custom = 1;
    s = JSON.stringify([s.host, s.version, ...t]);
  } else {
    throw invalid(`options.service must be a service id such as "gkehub", an HTTP rule such as "POST https://host/v1/{name=projects/*/operations/*}:cancel", or { host, version, templates }, got ${describe(s)}`);
  }
  const i = tape(w.lro_service(Math.abs(put(s, 0)), custom));
  if (f64[i] !== 0) throw fail(i, s);
  const h = f64[i + 1];
  if (h >= 0) services.set(s, h);
  return h;
}

const NAME = 'an operation name such as "projects/p/locations/l/operations/o", a full resource name "//host/name" or an operation URL "https://host/version/name"';

function string(v, key, expected) {
  if (typeof v !== 'string') throw invalid(`options.${key} must be ${expected}, got ${describe(v)}`);
}

/**
 * Writes string option `v` at byte `at` (see `put`). A lone UTF-16 surrogate, which no URL can
 * carry and encodeInto would turn into U+FFFD (another name), is refused.
 */
function option(v, key, expected, at) {
  string(v, key, expected);
  const n = put(v, at);
  if (n < 0 && !v.isWellFormed()) {
    throw invalid(`options.${key} contains a lone UTF-16 surrogate, which no URL can carry; expected ${expected}`);
  }
  return n;
}

/** The cancel (or, with `get`, the GetOperation) URL for `{ service, name, endpoint? }`. */
function operationUrl(o, fn, get) {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw invalid(`${fn} expects an options object like { service, name, endpoint? }, got ${describe(o)}`);
  }
  const h = service(o.service);
  const name = o.name;
  const n = option(name, 'name', NAME, 0);
  let e = -1;
  if (o.endpoint !== undefined && o.endpoint !== null) {
    e = Math.abs(option(o.endpoint, 'endpoint', 'a URL such as "https://us-central1-aiplatform.googleapis.com"', Math.abs(n)));
  }
  const cached = h >= 0 && prefixes[h] !== undefined;
  const i = tape(w.lro_url(h, Math.abs(n), e, (n >= 0 ? 1 : 0) | (get ? 2 : 0) | (cached ? 4 : 0)));
  if (f64[i] !== 0) throw fail(i, name);
  if (f64[i + 1] === 1) return str(i, 6, name);
  const key = f64[i + 2];
  const prefix = key < 0 ? str(i, 3, name) : f64[i + 3] === 0 ? prefixes[key] : (prefixes[key] = str(i, 3, name));
  return prefix + str(i, 6, name) + (get ? '' : ':cancel');
}

/** `{ service, name, endpoint? }` → `{ method: 'POST', url, body: '' }`, or throws an LroError. */
export function buildCancelRequest(options) {
  return { method: 'POST', url: operationUrl(options, 'buildCancelRequest', false), body: '' };
}

function decoded(httpStatus, body, fn) {
  if (typeof httpStatus !== 'number' || !Number.isInteger(httpStatus) || httpStatus < 0 || httpStatus > 999) {
    return invalid(`${fn} expects an HTTP status from 0 to 999 as its first argument, got ${describe(httpStatus)}`);
  }
  if (body === undefined || body === null) body = '';
  if (typeof body !== 'string') return invalid(`${fn} expects the body text as its second argument, got ${describe(body)}`);
  const n = put(body, 0);
  return status(tape(w.lro_decode_error(httpStatus, Math.abs(n), n >= 0 ? 1 : 0)), body);
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
  const o = decoded(httpStatus, body, 'decodeError');
  return o instanceof LroError ? o : new LroError(o.message, o);
}
