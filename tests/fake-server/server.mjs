// A fake of Google's long-running-operations REST surface (google.longrunning.Operations over
// HTTP/JSON), for lro-cancel's browser, Node and end-to-end tests and the demo page.
//
// Written from Google's documented wire format (operations.proto, google.rpc.Status / ErrorInfo /
// RetryInfo, AIP-151/158/160, the "JSON error" shape of googleapis.com). It deliberately shares no
// code with the library: it is the independent check of it. Plain Node.js 20, node:http only.
//
//   node tests/fake-server/server.mjs [--port 18787] [--host 127.0.0.1] [--port-file FILE]
//        [--redirect-port PORT] [--seed-demo] [--token TOKEN ...] [--quiet | --verbose]
//
// or, in-process: `const s = await startFakeServer({ port: 0 }); … await s.close();`
//
// Sections: constants · responses · CORS · auth · operations (state machine) · faults ·
// API routing · control endpoint (/_fake/*) · redirect target · demo seed · server · CLI.

import { createServer } from 'node:http';
import { renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// ------------------------------------------------------------------------------- constants

const DEFAULT_TOKENS = ['test-token', 'ya29.fake-demo-token'];
const DEFAULT_SERVICE = 'example'; // label used in @type and ErrorInfo when an op has none
const MAX_BODY = 1024 * 1024; // request bodies above this are refused (413)
const MAX_LOG = 10_000; // request-log entries kept (oldest dropped)
const MAX_OPS = 100_000;
const MAX_FAULTS = 10_000;
const MAX_SEED = 10_000;
const LIST_DEFAULT_PAGE = 50;
const LIST_MAX_PAGE = 1000;

// `/{version}/{rest}`: v1, v1beta, v1beta2, v2alpha, v1p1beta1, …
const VERSION_RE = /^v\d+(?:alpha\d*|beta\d*|p\d+beta\d*)?$/;

// HTTP status → canonical google.rpc.Code name and a default message (as googleapis.com words them).
const STATUS = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  409: ['ABORTED', 'The operation was aborted.'],
  412: ['FAILED_PRECONDITION', 'Precondition check failed.'],
  416: ['OUT_OF_RANGE', 'Out of range.'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  499: ['CANCELLED', 'The operation was cancelled.'],
  500: ['INTERNAL', 'Internal error encountered.'],
  501: ['UNIMPLEMENTED', 'Operation is not implemented, or supported, or enabled.'],
  503: ['UNAVAILABLE', 'The service is currently unavailable.'],
  504: ['DEADLINE_EXCEEDED', 'The request timed out. Please try again.'],
};
const statusName = (http) => STATUS[http]?.[0] ?? 'UNKNOWN';

// Titles of the Google front end's HTML error pages.
const HTML_TITLES = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Request Entity Too Large', 429: 'Too Many Requests', 500: 'Server Error', 502: 'Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

// Query parameters every googleapis.com method accepts ("system parameters").
const SYSTEM_PARAMS = new Set(['$.xgafv', 'access_token', 'alt', 'callback', 'fields', 'key', 'oauth_token', 'prettyPrint', 'quotaUser', 'upload_protocol', 'uploadType']);
const SECRET_PARAMS = ['access_token', 'oauth_token', 'key'];

const OUTCOMES = ['cancelled', 'completed', 'failed', 'done-empty'];
const ON_CANCEL = [...OUTCOMES, 'never'];

// ------------------------------------------------------------------------------- responses

/** Google pretty-prints JSON responses (2 spaces, trailing newline) unless prettyPrint=false. */
const jsonText = (value, pretty = true) => (pretty ? JSON.stringify(value, null, 2) + '\n' : JSON.stringify(value));

/** The googleapis.com JSON error shape: {"error": {code, message, status, details?}}. */
function errorBody(code, message, status = statusName(code), details = []) {
  return { error: { code, message, status, ...(details.length ? { details } : {}) } };
}

function send(res, status, body = '', headers = {}) {
  if (res.writableEnded || res.destroyed) return;
  const buf = Buffer.from(body);
  res.writeHead(status, { ...headers, 'Content-Length': buf.length });
  res.end(buf);
}
const sendJson = (res, status, value, pretty = true, headers = {}) =>
  send(res, status, jsonText(value, pretty), { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
const sendError = (res, code, message, status, details, headers) =>
  sendJson(res, code, errorBody(code, message, status, details), true, headers);

/** A Google-front-end style HTML error page (what an HTTP proxy in front of the API returns). */
function htmlPage(status) {
  const title = `Error ${status} (${HTML_TITLES[status] ?? 'Error'})!!1`;
  const text = status >= 500
    ? 'The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.'
    : 'Your client has issued a malformed or illegal request.';
  return `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n` +
    `  <title>${title}</title>\n  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n` +
    `  <p><b>${status}.</b> <ins>That’s an error.</ins>\n  <p>${text}  <ins>That’s all we know.</ins>\n`;
}
const sendHtml = (res, status, headers = {}) => send(res, status, htmlPage(status), { 'Content-Type': 'text/html; charset=UTF-8', ...headers });

/** RFC 3339 with microseconds, as Google's Timestamp JSON usually reads: 2026-11-23T09:00:00.123000Z. */
const timestamp = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Headers googleapis.com puts on every response. */
function commonHeaders(res) {
  res.setHeader('Server', 'ESF');
  res.setHeader('Cache-Control', 'private');
  res.setHeader('X-XSS-Protection', '0');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** Reads a request body up to MAX_BODY bytes; resolves null when it is larger. */
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (v) => { if (!done) { done = true; resolve(v); } };
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) { chunks.length = 0; finish(null); return; } // keep reading, drop the bytes
      if (!done) chunks.push(c);
    });
    req.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => finish(null));
    req.on('close', () => finish(done ? null : Buffer.concat(chunks).toString('utf8')));
  });
}

/** The request path with credentials in the query (access_token=…, key=…) blanked out, for logs. */
function redactPath(raw) {
  const q = raw.indexOf('?');
  if (q < 0) return raw;
  const params = raw.slice(q + 1).split('&').map((kv) => {
    const k = kv.split('=')[0];
    return SECRET_PARAMS.includes(k) ? `${k}=REDACTED` : kv;
  });
  return raw.slice(0, q) + '?' + params.join('&');
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch { return null; }
}

// ------------------------------------------------------------------------------- CORS

// Like googleapis.com: echo the Origin (or *), never Allow-Credentials, expose Retry-After.
function corsHeaders(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin, X-Origin, Referer');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Type, Date, Server, Content-Length');
}

/** OPTIONS preflight: 200, empty, echoes the requested headers. Needs no token. */
function answerPreflight(req, res) {
  res.setHeader('Access-Control-Allow-Methods', 'DELETE,GET,HEAD,PATCH,POST,PUT');
  const asked = req.headers['access-control-request-headers'];
  if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
  res.setHeader('Access-Control-Max-Age', '3600');
  // Chrome's Private Network Access preflight (a public page calling 127.0.0.1).
  if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
  send(res, 200, '', { 'Content-Type': 'text/html; charset=UTF-8' });
}

// ------------------------------------------------------------------------------- auth

/** Reads `Authorization: Bearer <token>`. Returns { hasAuth, authOk }; the token itself goes nowhere. */
function checkAuth(req, tokens) {
  const h = req.headers.authorization;
  if (h === undefined) return { hasAuth: false, authOk: false };
  const m = /^Bearer +(\S+) *$/i.exec(h);
  return { hasAuth: true, authOk: Boolean(m && tokens.has(m[1])) };
}

/** 401 as googleapis.com words it (missing vs. invalid credentials; see the ErrorInfo reasons). */
function sendUnauthenticated(res, { hasAuth }, service, method) {
  const message = hasAuth
    ? STATUS[401][1]
    : 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
  const details = [{
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: hasAuth ? 'ACCESS_TOKEN_TYPE_UNSUPPORTED' : 'CREDENTIALS_MISSING',
    domain: 'googleapis.com',
    metadata: { service: `${service}.googleapis.com`, method: `google.longrunning.Operations.${method}` },
  }];
  const www = 'Bearer realm="https://accounts.google.com/"' + (hasAuth ? ', error="invalid_token"' : '');
  sendError(res, 401, message, 'UNAUTHENTICATED', details, { 'WWW-Authenticate': www });
}

// ------------------------------------------------------------------------------- operations

let opSeq = 0; // creation order; list order and page tokens follow it

/** Validates a control-API op spec and builds the internal operation record. Throws a string. */
function makeOperation(spec, now) {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw 'each operation must be an object';
  const { name } = spec;
  if (typeof name !== 'string' || !name || name.startsWith('/') || name.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw `invalid operation name ${JSON.stringify(name)}`;
  }
  const oneOf = (k, allowed, dflt) => {
    const v = spec[k] ?? dflt;
    if (v !== undefined && !allowed.includes(v)) throw `${k} must be one of ${allowed.join(', ')}`;
    return v;
  };
  const count = (k, dflt) => {
    const v = spec[k] ?? dflt;
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw `${k} must be a non-negative integer`;
    return v;
  };
  if (spec.version !== undefined && !(typeof spec.version === 'string' && VERSION_RE.test(spec.version))) throw 'version must look like v1, v1beta, v1p1beta1';
  // finishWithoutCancel: { afterPolls?, afterMs?, outcome? } — the op ends by itself (no cancel).
  let finishWithoutCancel;
  const f = spec.finishWithoutCancel;
  if (f !== undefined) {
    const bad = 'finishWithoutCancel must be { afterPolls?: n, afterMs?: n, outcome?: ' + OUTCOMES.join('|') + ' }';
    if (!f || typeof f !== 'object') throw bad;
    const n = (v) => v === undefined || (Number.isInteger(v) && v >= 0);
    if (!n(f.afterPolls) || !n(f.afterMs) || !OUTCOMES.includes(f.outcome ?? 'completed')) throw bad;
    finishWithoutCancel = {
      afterPolls: f.afterPolls ?? (f.afterMs === undefined ? 1 : undefined),
      afterMs: f.afterMs,
      outcome: f.outcome ?? 'completed',
    };
  }
  if (spec.createTime !== undefined && !(typeof spec.createTime === 'string' && Number.isFinite(Date.parse(spec.createTime)))) throw 'createTime must be an RFC 3339 timestamp';
  const created = spec.createTime === undefined ? now : Date.parse(spec.createTime);
  const done = spec.done === true;
  return {
    name,
    version: spec.version, // when set, served only under /{version}/
    service: typeof spec.service === 'string' && /^[a-z0-9]+$/.test(spec.service) ? spec.service : DEFAULT_SERVICE,
    state: done ? 'done' : 'running',
    outcome: done ? oneOf('outcome', OUTCOMES, 'completed') : undefined,
    onCancel: oneOf('onCancel', ON_CANCEL, 'cancelled'),
    pollsUntilDone: count('pollsUntilDone', 1),
    doneAfterMs: count('doneAfterMs'),
    unimplemented: spec.unimplemented === true,
    cancelBody: oneOf('cancelBody', ['{}', 'empty'], '{}'),
    finishWithoutCancel,
    verb: typeof spec.verb === 'string' ? spec.verb : 'update',
    target: typeof spec.target === 'string' ? spec.target : undefined,
    response: spec.response && typeof spec.response === 'object' ? spec.response : undefined,
    description: typeof spec.description === 'string' ? spec.description : undefined,
    createTime: created,
    doneTime: done ? Math.max(created, now) : undefined,
    requestedCancellation: false,
    cancelledAt: undefined,
    pollsSinceCancel: 0,
    cancelCount: 0,
    getCount: 0,
    seq: ++opSeq,
  };
}

function finish(op, outcome, now) {
  op.state = 'done';
  op.outcome = outcome;
  op.doneTime = now;
}

/**
 * The state machine, evaluated lazily whenever an operation is read. `poll` is true for a GET of
 * the operation (it counts towards pollsUntilDone / finishWithoutCancel.afterPolls); a list or a
 * control read only applies time-based transitions.
 */
function advance(op, now, poll) {
  if (op.state === 'done') return;
  if (op.requestedCancellation) {
    if (op.onCancel === 'never') return;
    if (op.doneAfterMs !== undefined) {
      if (now - op.cancelledAt >= op.doneAfterMs) finish(op, op.onCancel, now);
    } else {
      if (poll) op.pollsSinceCancel += 1;
      if (op.pollsSinceCancel >= op.pollsUntilDone) finish(op, op.onCancel, now);
    }
    return;
  }
  const f = op.finishWithoutCancel;
  if (f && ((f.afterPolls !== undefined && op.getCount >= f.afterPolls) || (f.afterMs !== undefined && now - op.createTime >= f.afterMs))) {
    finish(op, f.outcome, now);
  }
}

/** CancelOperation on a record (auth and existence already checked). */
function cancelOperation(op, now) {
  op.cancelCount += 1;
  if (op.state === 'done' || op.requestedCancellation) return; // idempotent; done ops are untouched
  op.requestedCancellation = true;
  op.cancelledAt = now;
  op.pollsSinceCancel = 0;
  if (op.onCancel === 'never') return;
  if (op.doneAfterMs === 0 || (op.doneAfterMs === undefined && op.pollsUntilDone === 0)) finish(op, op.onCancel, now);
}

/** The google.longrunning.Operation JSON of a record, as served under `version`. */
function renderOperation(op, version) {
  const v = op.version ?? version;
  const parent = op.name.includes('/operations/') ? op.name.slice(0, op.name.lastIndexOf('/operations/')) : op.name.split('/').slice(0, -1).join('/');
  const metadata = {
    '@type': `type.googleapis.com/google.cloud.${op.service}.${v}.OperationMetadata`,
    createTime: timestamp(op.createTime),
    ...(op.state === 'done' ? { endTime: timestamp(op.doneTime) } : {}),
    target: op.target ?? `${parent}/resources/${op.name.split('/').pop()}`,
    verb: op.verb,
    requestedCancellation: op.requestedCancellation,
    apiVersion: v,
  };
  const out = { name: op.name, metadata };
  if (op.state !== 'done') return out; // Google omits `done` while it is false
  out.done = true;
  switch (op.outcome) {
    case 'cancelled': out.error = { code: 1, message: 'Operation was cancelled.' }; break;
    case 'completed': out.response = op.response ?? { '@type': 'type.googleapis.com/google.protobuf.Empty' }; break;
    case 'failed': out.error = {
      code: 13,
      message: 'Internal error encountered while processing the operation.',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'INTERNAL_ERROR', domain: 'googleapis.com' }],
    }; break;
    default: break; // 'done-empty': done with neither error nor response
  }
  return out;
}

/** The internal record, for GET /_fake/operations/<name>. */
function describeOperation(op) {
  const { seq, createTime, doneTime, cancelledAt, ...rest } = op;
  return {
    ...rest,
    createTime: timestamp(createTime),
    doneTime: doneTime === undefined ? undefined : timestamp(doneTime),
    cancelledAt: cancelledAt === undefined ? undefined : timestamp(cancelledAt),
    operation: renderOperation(op, op.version ?? 'v1'),
  };
}

// ------------------------------------------------------------------------------- faults

const FAULT_KINDS = ['status', 'html', 'hang', 'drop', 'redirect', 'delay', 'body'];

/** Validates one fault spec (throws a string). */
function checkFault(f) {
  if (!f || typeof f !== 'object' || !FAULT_KINDS.includes(f.kind)) throw `each fault needs kind: ${FAULT_KINDS.join(' | ')}`;
  if (f.times !== undefined && !(Number.isInteger(f.times) && f.times >= 1)) throw 'times must be a positive integer';
  if ((f.kind === 'status' || f.kind === 'html') && f.status !== undefined && !(Number.isInteger(f.status) && f.status >= 400 && f.status <= 599)) throw 'status must be 400..599';
  if (f.kind === 'status' && f.status === undefined) throw 'a status fault needs status';
  if (f.kind === 'delay' && !(Number.isInteger(f.ms) && f.ms >= 0 && f.ms <= 600_000)) throw 'a delay fault needs ms (0..600000)';
  if (f.kind === 'redirect' && f.status !== undefined && ![301, 302, 303, 307, 308].includes(f.status)) throw 'redirect status must be 301, 302, 303, 307 or 308';
  if (f.kind === 'body' && typeof f.body !== 'string') throw 'a body fault needs body (a string)';
}

/** Takes the first queued fault whose `name` occurs in the decoded request path (or has no name). */
function takeFault(state, decodedPath) {
  const i = state.faults.findIndex((q) => q.name === undefined || decodedPath.includes(q.name));
  if (i < 0) return undefined;
  const q = state.faults[i];
  q.remaining -= 1;
  if (q.remaining <= 0) state.faults.splice(i, 1);
  return q.fault;
}

/** A Google-shaped error for a `status` fault, with the details a real server adds. */
function faultError(f, ctx) {
  const code = f.status;
  const svc = `${ctx.service}.googleapis.com`;
  const details = [];
  let message = f.message;
  if (code === 429) {
    message ??= `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service '${svc}' for consumer 'project_number:123456789012'.`;
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'RATE_LIMIT_EXCEEDED',
      domain: 'googleapis.com',
      metadata: { service: svc, consumer: 'projects/123456789012', quota_metric: `${svc}/requests`, quota_limit: 'RequestsPerMinutePerProject', quota_limit_value: '600' },
    }, {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [{ description: 'Request a higher quota limit.', url: 'https://cloud.google.com/docs/quotas/help/request_increase' }],
    });
  } else if (code === 403) {
    const permission = `${ctx.service}.operations.${ctx.kind === 'cancel' ? 'cancel' : ctx.kind === 'list' ? 'list' : 'get'}`;
    message ??= `Permission '${permission}' denied on resource '//${svc}/${ctx.name ?? ''}' (or it may not exist).`;
    details.push({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com', metadata: { permission } });
  }
  if (typeof f.retryDelay === 'string') details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: f.retryDelay });
  if (Array.isArray(f.details)) details.push(...f.details);
  return errorBody(code, message ?? STATUS[code]?.[1] ?? `HTTP ${code}`, f.statusName ?? statusName(code), details);
}

// ------------------------------------------------------------------------------- API routing

/**
 * Maps a raw request path to { kind: 'cancel'|'get'|'list', version, name | parent } or
 * { error: [httpStatus, message] }. Parsed by hand (not new URL) so dot segments and percent
 * escapes are seen exactly as sent.
 */
function route(method, rawPath) {
  const m = /^\/([^/]+)\/(.*)$/.exec(rawPath);
  if (!m || !VERSION_RE.test(m[1]) || !m[2]) return { error: [404, 'Method not found.'] };
  const version = m[1];
  let rest = m[2];
  let verb;
  const last = rest.slice(rest.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon >= 0) { verb = last.slice(colon + 1); rest = rest.slice(0, rest.length - last.length + colon); }
  const segments = rest.split('/').map(safeDecode);
  if (segments.some((s) => s === null)) return { error: [400, 'Invalid request: malformed percent-encoding in the URL path.'] };
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return { error: [400, `Invalid resource name in the URL path: "${rest}".`] };
  const name = segments.join('/');
  if (method === 'POST' && verb === 'cancel') return { kind: 'cancel', version, name };
  if (method === 'GET' && verb === undefined) {
    if (name === 'operations' || name.endsWith('/operations')) return { kind: 'list', version, name: name.slice(0, -'operations'.length).replace(/\/$/, '') };
    return { kind: 'get', version, name };
  }
  if (!['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'].includes(method)) return { error: [405, 'Method not allowed.'] };
  return { error: [404, 'Method not found.'] };
}

/** Finds the record a path names, honouring a version-restricted op. */
function lookup(state, name, version) {
  const op = state.operations.get(name);
  return op && (op.version === undefined || op.version === version) ? op : undefined;
}

/** Query parameters a method may take; anything else is a 400, as on googleapis.com. */
function checkQuery(params, allowed) {
  for (const k of params.keys()) {
    if (!allowed.includes(k) && !SYSTEM_PARAMS.has(k)) {
      return `Invalid JSON payload received. Unknown name "${k}": Cannot bind query parameter. Field '${k}' could not be found in request message.`;
    }
  }
  return undefined;
}

const LIST_FILTER_RE = /^\s*done\s*(=|:|!=)\s*(true|false)\s*$/;

/** ListOperations (operations.proto; AIP-158 paging, AIP-160 filter subset `done=true|false`). */
function listOperations(state, r, params, res, pretty, now) {
  const filterRaw = params.get('filter') ?? '';
  let wantDone;
  if (filterRaw.trim() !== '') {
    const f = LIST_FILTER_RE.exec(filterRaw);
    if (!f) return sendError(res, 400, `Invalid filter: "${filterRaw}". Only "done=true" and "done=false" are supported.`);
    wantDone = (f[2] === 'true') !== (f[1] === '!=');
  }
  const sizeRaw = params.get('pageSize');
  let pageSize = LIST_DEFAULT_PAGE;
  if (sizeRaw !== null && sizeRaw !== '') {
    if (!/^-?\d+$/.test(sizeRaw)) return sendError(res, 400, `Invalid value at 'page_size' (TYPE_INT32), "${sizeRaw}"`);
    const n = Number(sizeRaw);
    if (n < 0) return sendError(res, 400, 'page_size must not be negative.');
    pageSize = n === 0 ? LIST_DEFAULT_PAGE : Math.min(n, LIST_MAX_PAGE);
  }
  // The page token is opaque to clients: base64url of {after: creation seq, filter, parent}.
  const filterKey = wantDone === undefined ? '' : `done=${wantDone}`;
  let after = 0;
  const tokenRaw = params.get('pageToken');
  if (tokenRaw) {
    let t;
    try { t = JSON.parse(Buffer.from(tokenRaw, 'base64url').toString('utf8')); } catch { t = null; }
    if (!t || !Number.isInteger(t.after) || t.parent !== r.name || t.filter !== filterKey) return sendError(res, 400, 'The page token is invalid, or does not belong to this request.');
    after = t.after;
  }
  // `locations/-` lists every location of the parent's project/organization.
  const wildcard = /^(.*\/locations)\/-$/.exec(r.name);
  const base = wildcard ? wildcard[1] + '/' : (r.name ? r.name + '/' : '');
  const unreachable = wildcard ? state.unreachable.filter((u) => u.startsWith(base)) : [];
  const matches = (op) => {
    if (!op.name.startsWith(base + (wildcard ? '' : 'operations/'))) return false;
    if (wildcard) {
      const tail = op.name.slice(base.length).split('/');
      if (tail[1] !== 'operations' || unreachable.includes(base + tail[0])) return false;
    }
    return op.version === undefined || op.version === r.version;
  };
  const page = [];
  let more = false;
  for (const op of state.operations.values()) { // Map order = insertion order = seq order
    if (op.seq <= after || !matches(op)) continue;
    advance(op, now, false);
    if (wantDone !== undefined && (op.state === 'done') !== wantDone) continue;
    if (page.length === pageSize) { more = true; break; }
    page.push(op);
  }
  const body = {};
  if (page.length) body.operations = page.map((op) => renderOperation(op, r.version));
  if (more) body.nextPageToken = Buffer.from(JSON.stringify({ after: page[page.length - 1].seq, filter: filterKey, parent: r.name })).toString('base64url');
  if (unreachable.length) body.unreachable = unreachable;
  sendJson(res, 200, body, pretty);
}

/** Handles one request to the Google-like API (everything not under /_fake/). */
async function handleApi(ctx, req, res) {
  const { state, tokens } = ctx;
  const raw = req.url;
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const pretty = params.get('prettyPrint') !== 'false';
  const r = route(req.method, rawPath);
  const auth = checkAuth(req, tokens);
  const decodedPath = safeDecode(rawPath) ?? rawPath;
  const service = (r.name !== undefined && state.operations.get(r.name)?.service) || DEFAULT_SERVICE;

  // Log and count (never the token: only whether there was one and whether it was good).
  const entry = {
    t: Date.now(), method: req.method, path: redactPath(raw), name: r.name ?? null, kind: r.kind ?? null,
    hasAuth: auth.hasAuth, authOk: auth.authOk, origin: req.headers.origin ?? null, status: null,
  };
  pushBounded(state.requests, entry);
  state.stats.requests += 1;
  state.stats.byMethod[req.method] = (state.stats.byMethod[req.method] ?? 0) + 1;
  if (r.kind) state.stats[{ cancel: 'cancels', get: 'gets', list: 'lists' }[r.kind]] += 1;
  res.on('finish', () => { entry.status = res.statusCode; });

  const body = await readBody(req);

  // Faults come first: they stand for the network and Google's front end.
  const fault = takeFault(state, decodedPath);
  if (fault) {
    entry.fault = fault.kind;
    if (fault.kind === 'delay') {
      const ran = await sleep(state, fault.ms);
      if (!ran) { req.socket.destroy(); return; } // reset/close while waiting: a network error
      if (res.destroyed) return; // the client went away
    } else {
      return applyFault(ctx, fault, req, res, { service, kind: r.kind, name: r.name });
    }
  }
  if (body === null) return sendHtml(res, 413, { Connection: 'close' });
  if (r.error) {
    const [code, message] = r.error;
    return code === 405 ? sendHtml(res, 405) : sendError(res, code, message);
  }
  const method = { cancel: 'CancelOperation', get: 'GetOperation', list: 'ListOperations' }[r.kind];
  if (!auth.authOk) return sendUnauthenticated(res, auth, service, method);
  const bad = checkQuery(params, r.kind === 'list' ? ['filter', 'pageSize', 'pageToken', 'returnPartialSuccess'] : []);
  if (bad) return sendError(res, 400, bad);

  const now = Date.now();
  if (r.kind === 'list') return listOperations(state, r, params, res, pretty, now);

  const op = lookup(state, r.name, r.version);
  if (!op) return sendError(res, 404, `Operation "${r.name}" not found.`);

  if (r.kind === 'get') {
    op.getCount += 1;
    advance(op, now, true);
    return sendJson(res, 200, renderOperation(op, r.version), pretty);
  }

  // cancel: the body is empty or a CancelOperationRequest ({} or {"name": …}).
  if (body.trim() !== '') {
    let parsed;
    try { parsed = JSON.parse(body); } catch { return sendError(res, 400, 'Invalid JSON payload received. Unexpected token.'); }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return sendError(res, 400, 'Invalid JSON payload received. Root element must be a message.');
    const unknown = Object.keys(parsed).find((k) => k !== 'name');
    if (unknown) return sendError(res, 400, `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`);
  }
  if (op.unimplemented) {
    op.cancelCount += 1;
    return sendError(res, 501, 'Operation cancellation is not supported for this operation.', 'UNIMPLEMENTED');
  }
  cancelOperation(op, now);
  if (op.cancelBody === 'empty') return send(res, 200, '', { 'Content-Type': 'application/json; charset=UTF-8' });
  return sendJson(res, 200, {}, pretty);
}

/** A tracked timer (cleared on reset/close); resolves true when it ran, false when cleared. */
function sleep(state, ms) {
  return new Promise((resolve) => {
    const t = setTimeout(() => { state.timers.delete(t); resolve(true); }, ms);
    state.timers.set(t, resolve);
  });
}
function clearTimers(state) {
  for (const [t, resolve] of state.timers) { clearTimeout(t); resolve(false); }
  state.timers.clear();
}

/** Answers (or deliberately does not answer) a request with a non-delay fault. */
function applyFault(ctx, f, req, res, info) {
  const { state } = ctx;
  switch (f.kind) {
    case 'status': {
      const headers = {};
      if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
      if (f.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="https://accounts.google.com/"';
      sendJson(res, f.status, faultError(f, info), true, headers);
      break;
    }
    case 'html':
      sendHtml(res, f.status ?? 502, f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {});
      break;
    case 'body':
      send(res, f.status ?? 200, f.body, { 'Content-Type': f.contentType ?? 'application/json; charset=UTF-8' });
      break;
    case 'hang': {
      // Never answer. Tracked so that reset/close can destroy the socket.
      const socket = req.socket;
      state.hanging.add(socket);
      socket.once('close', () => state.hanging.delete(socket));
      break;
    }
    case 'drop':
      req.socket.destroy();
      break;
    case 'redirect': {
      const to = f.to ?? 'cross-origin';
      const location = to === 'cross-origin' ? `${ctx.redirectTargetUrl}${req.url}`
        : to === 'same-origin' ? `http://${req.headers.host}${req.url}` : to;
      const status = f.status ?? 302;
      const body = `<HTML><HEAD><meta http-equiv="content-type" content="text/html;charset=utf-8">\n<TITLE>${status} Moved</TITLE></HEAD><BODY>\n<H1>${status} Moved</H1>\nThe document has moved\n<A HREF="${location.replace(/"/g, '&quot;')}">here</A>.\r\n</BODY></HTML>\r\n`;
      send(res, status, body, { Location: location, 'Content-Type': 'text/html; charset=UTF-8' });
      break;
    }
    default:
      break;
  }
}

// ------------------------------------------------------------------------------- control endpoint

function pushBounded(list, item) {
  list.push(item);
  if (list.length > MAX_LOG) list.splice(0, list.length - MAX_LOG);
}

/** POST /_fake/operations: { operations: [...] } | a single op | { seed: {...} } | { unreachable: [...] }. */
function createOperations(state, body, now) {
  const specs = [];
  if (Array.isArray(body.operations)) specs.push(...body.operations);
  else if (typeof body.name === 'string') specs.push(body);
  if (body.seed !== undefined) {
    const { parent, count, prefix = 'op-', doneEvery, ...common } = body.seed ?? {};
    if (typeof parent !== 'string' || !parent) throw 'seed.parent must be a resource name such as projects/p/locations/l';
    if (!Number.isInteger(count) || count < 1 || count > MAX_SEED) throw `seed.count must be 1..${MAX_SEED}`;
    if (typeof prefix !== 'string') throw 'seed.prefix must be a string';
    if (doneEvery !== undefined && !(Number.isInteger(doneEvery) && doneEvery >= 1)) throw 'seed.doneEvery must be a positive integer';
    const width = Math.max(4, String(count).length);
    for (let i = 1; i <= count; i++) {
      const done = doneEvery !== undefined && i % doneEvery === 0;
      specs.push({ ...common, name: `${parent}/operations/${prefix}${String(i).padStart(width, '0')}`, ...(done ? { done: true } : {}) });
    }
  }
  if (body.unreachable !== undefined) {
    if (!Array.isArray(body.unreachable) || body.unreachable.some((u) => typeof u !== 'string')) throw 'unreachable must be a list of location names';
    state.unreachable.push(...body.unreachable);
  }
  if (!specs.length && body.unreachable === undefined) throw 'expected { operations: [...] }, an operation object with a name, or { seed: {...} }';
  if (state.operations.size + specs.length > MAX_OPS) throw `at most ${MAX_OPS} operations`;
  const ops = specs.map((s) => makeOperation(s, now)); // validate all before storing any
  for (const op of ops) {
    state.operations.delete(op.name); // re-creating a name starts it afresh (and moves it last)
    state.operations.set(op.name, op);
  }
  return ops.map((op) => op.name);
}

/** POST /_fake/faults: { name?, faults: [fault, ...] } (or a single { name?, fault }). */
function queueFaults(state, body) {
  const list = Array.isArray(body.faults) ? body.faults : body.fault ? [body.fault] : null;
  if (!list || !list.length) throw 'expected { name?, faults: [ { kind, ... }, ... ] }';
  if (body.name !== undefined && (typeof body.name !== 'string' || !body.name)) throw 'name must be a non-empty string';
  list.forEach(checkFault);
  if (state.faults.length + list.length > MAX_FAULTS) throw `at most ${MAX_FAULTS} queued faults`;
  for (const fault of list) state.faults.push({ name: body.name, fault, remaining: fault.times ?? 1 });
  return state.faults.length;
}

/** Handles /_fake/*: no token needed, JSON in and out. */
async function handleControl(ctx, req, res) {
  const { state } = ctx;
  const raw = req.url;
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const ok = (value, status = 200) => sendJson(res, status, value);
  const fail = (status, message) => sendError(res, status, message);
  const text = await readBody(req);
  if (text === null) return sendHtml(res, 413, { Connection: 'close' });
  let body = {};
  if (req.method === 'POST' && text.trim()) {
    try { body = JSON.parse(text); } catch { return fail(400, 'control body is not JSON'); }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'control body must be a JSON object');
  }
  const now = Date.now();
  const key = `${req.method} ${path}`;
  try {
    switch (key) {
      case 'GET /_fake/health': return ok({ ok: true });
      case 'POST /_fake/reset': ctx.reset(); return ok({ ok: true });
      case 'POST /_fake/operations': return ok({ names: createOperations(state, body, now) });
      case 'GET /_fake/operations': return ok({ names: [...state.operations.keys()] });
      case 'POST /_fake/faults': return ok({ queued: queueFaults(state, body) });
      case 'GET /_fake/faults': return ok({ faults: state.faults.map(({ name, fault, remaining }) => ({ name, fault, remaining })) });
      case 'DELETE /_fake/faults': state.faults.length = 0; return ok({ ok: true });
      case 'GET /_fake/requests': {
        const sub = params.get('name');
        return ok(sub ? state.requests.filter((e) => (e.name ?? '').includes(sub) || (safeDecode(e.path) ?? e.path).includes(sub)) : state.requests);
      }
      case 'GET /_fake/redirect-target/requests': return ok(state.redirectRequests);
      case 'GET /_fake/stats': return ok(state.stats);
      case 'GET /_fake/demo': return ok(state.demo);
      case 'POST /_fake/demo': seedDemo(state, now); return ok(state.demo);
      default: break;
    }
    if (path.startsWith('/_fake/operations/') && (req.method === 'GET' || req.method === 'DELETE')) {
      const name = path.slice('/_fake/operations/'.length).split('/').map(safeDecode).join('/');
      const op = state.operations.get(name);
      if (!op) return fail(404, `Operation "${name}" not found.`);
      if (req.method === 'DELETE') { state.operations.delete(name); return ok({ ok: true }); }
      advance(op, now, false);
      return ok(describeOperation(op));
    }
    return fail(404, `No control endpoint ${key}.`);
  } catch (e) {
    if (typeof e === 'string') return fail(400, e);
    throw e;
  }
}

// ------------------------------------------------------------------------------- redirect target

// A second server on another port (so another origin): logs what reaches it, answers 200 {}.
// A redirect fault points here; a client that followed it with the token shows up as hasAuth.
function redirectTargetHandler(ctx) {
  return (req, res) => {
    commonHeaders(res);
    corsHeaders(req, res);
    const entry = { t: Date.now(), method: req.method, path: redactPath(req.url), hasAuth: req.headers.authorization !== undefined, origin: req.headers.origin ?? null };
    pushBounded(ctx.state.redirectRequests, entry);
    ctx.logLine(`redirect-target ${req.method} ${entry.path} auth=${entry.hasAuth ? 'present' : 'none'}`);
    req.resume();
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    sendJson(res, 200, {});
  };
}

// ------------------------------------------------------------------------------- demo seed

/** 32-bit FNV-1a, for deterministic Google-looking operation ids. */
function fnv(s) {
  let h = 0x811c9dc5;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
  return h;
}
/** operation-<ms>-<13 hex>-<8 hex>-<8 hex>, the shape of ids Google's LRO services generate. */
function opId(i) {
  const hex = (k) => fnv(`${i}/${k}`).toString(16).padStart(8, '0');
  return `operation-${1732350000000 + i * 104729}-${(hex('a') + hex('b')).slice(0, 13)}-${hex('c')}-${hex('d')}`;
}

/** Realistic running operations for the five services the demo offers; GET /_fake/demo lists them. */
function seedDemo(state, now) {
  const P = 'projects/demo-project/locations';
  const seeds = {
    gkehub: [
      { name: `${P}/global/operations/${opId(1)}`, version: 'v1beta', pollsUntilDone: 2, target: `${P}/global/memberships/prod-cluster`, description: 'cancelled after 2 polls' },
      { name: `${P}/us-central1/operations/${opId(2)}`, version: 'v1beta', doneAfterMs: 1500, target: `${P}/us-central1/features/configmanagement`, description: 'cancelled 1.5 s after the cancel' },
    ],
    vault: [
      { name: 'operations/matter-1234/export-abc', version: 'v1', verb: 'create', target: 'matters/matter-1234/exports/export-abc', description: 'cancelled' },
      { name: `operations/matter-5678/export-${opId(3).slice(10, 23)}`, version: 'v1', verb: 'create', pollsUntilDone: 3, description: 'cancelled after 3 polls' },
    ],
    clouddeploy: [
      { name: `${P}/us-central1/operations/${opId(4)}`, version: 'v1', verb: 'create', target: `${P}/us-central1/deliveryPipelines/web/releases/rel-42`, description: 'cancelled' },
      { name: `${P}/us-central1/operations/${opId(5)}`, version: 'v1', verb: 'create', onCancel: 'completed', target: `${P}/us-central1/deliveryPipelines/web/releases/rel-43`, description: 'finishes despite the cancel' },
    ],
    beyondcorp: [
      { name: `organizations/123456789012/locations/global/operations/${opId(6)}`, version: 'v1', target: 'organizations/123456789012/locations/global/partnerTenants/tenant-1', description: 'cancelled' },
      { name: `${P}/us-central1/operations/${opId(7)}`, version: 'v1', verb: 'create', target: `${P}/us-central1/appConnectors/connector-1`, description: 'cancelled' },
    ],
    cloudaicompanion: [
      { name: `${P}/global/operations/${opId(8)}`, version: 'v1', target: `${P}/global/codeRepositoryIndexes/main`, description: 'cancelled' },
      { name: `${P}/global/operations/${opId(9)}`, version: 'v1', unimplemented: true, description: 'cannot be cancelled (UNIMPLEMENTED)' },
      { name: `${P}/global/operations/${opId(10)}`, version: 'v1', onCancel: 'failed', description: 'fails after the cancel' },
    ],
  };
  const all = [];
  for (const [service, list] of Object.entries(seeds)) for (const s of list) all.push({ service, ...s });
  // 30 more in us-central1 for the list view: every 4th completed, every 7th cancelled-and-done.
  const listParent = `${P}/us-central1`;
  for (let i = 0; i < 30; i++) {
    const k = i + 1;
    const done = k % 4 === 0 ? { done: true, outcome: 'completed' } : k % 7 === 0 ? { done: true, outcome: 'cancelled' } : {};
    const createTime = new Date(now - (30 - i) * 7 * 60_000).toISOString(); // one every 7 minutes
    all.push({ service: 'clouddeploy', name: `${listParent}/operations/${opId(100 + i)}`, verb: k % 3 ? 'update' : 'create', createTime, ...done });
  }
  createOperations(state, { operations: all }, now);
  state.demo = {
    services: Object.fromEntries(Object.entries(seeds).map(([svc, list]) => [svc, list.map((s) => s.name)])),
    operations: all.slice(0, all.length - 30).map(({ service, name, description }) => ({ service, name, description })),
    listParent,
  };
}

// ------------------------------------------------------------------------------- server

function freshState() {
  return {
    operations: new Map(), // name → record, in creation order
    faults: [], // [{ name?, fault, remaining }]
    requests: [], // API request log
    redirectRequests: [], // redirect-target request log
    unreachable: [], // location names reported as unreachable by `locations/-` lists
    stats: { requests: 0, byMethod: {}, cancels: 0, gets: 0, lists: 0, preflights: 0 },
    demo: { services: {} },
    hanging: new Set(), // sockets of `hang` faults
    timers: new Map(), // `delay` faults in flight: timer → resolve
  };
}

/**
 * Starts the fake. Options: port (0 = free), host, tokens, seedDemo, redirectTargetPort
 * (default port+1, or a free one when port is 0), redirectHost (host name used in redirect
 * Locations, default "localhost"), quiet (default true in-process).
 * Resolves { url, port, redirectTargetUrl, redirectTargetPort, close(), reset(), state }.
 */
export async function startFakeServer({
  port = 18787, host = '127.0.0.1', tokens = DEFAULT_TOKENS, seedDemo: demo = false,
  redirectTargetPort, redirectHost = 'localhost', quiet = true,
} = {}) {
  const state = freshState();
  const ctx = {
    state,
    tokens: new Set(tokens),
    redirectTargetUrl: '',
    logLine: quiet ? () => {} : (s) => process.stderr.write(`[fake-google] ${s}\n`),
    reset() {
      for (const s of state.hanging) s.destroy();
      clearTimers(state);
      const { hanging, timers } = state; // keep the same collections (in-flight handlers hold them)
      Object.assign(state, freshState(), { hanging, timers });
      if (demo) seedDemo(state, Date.now());
    },
  };

  const main = createServer(async (req, res) => {
    const t0 = Date.now();
    commonHeaders(res);
    corsHeaders(req, res);
    const control = req.url.startsWith('/_fake/') || req.url === '/_fake';
    res.on('close', () => ctx.logLine(`${req.method} ${redactPath(req.url)} → ${res.writableFinished ? res.statusCode : 'no response'} (${Date.now() - t0} ms)`));
    try {
      if (req.method === 'OPTIONS') {
        if (!control) { state.stats.requests += 1; state.stats.byMethod.OPTIONS = (state.stats.byMethod.OPTIONS ?? 0) + 1; state.stats.preflights += 1; }
        req.resume();
        return answerPreflight(req, res);
      }
      if (control) return await handleControl(ctx, req, res);
      return await handleApi(ctx, req, res);
    } catch (e) {
      process.stderr.write(`[fake-google] internal error: ${e?.stack ?? e}\n`);
      sendError(res, 500, 'Internal error in the fake server.');
    }
  });
  const target = createServer(redirectTargetHandler(ctx));

  const listen = (srv, p) => new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(p, host, () => { srv.off('error', reject); resolve(srv.address().port); });
  });
  const bound = await listen(main, port);
  let targetPort;
  try {
    targetPort = await listen(target, redirectTargetPort ?? (port === 0 ? 0 : port + 1));
  } catch (e) {
    main.closeAllConnections();
    await new Promise((r) => main.close(r));
    throw e;
  }
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  ctx.redirectTargetUrl = `http://${redirectHost}:${targetPort}`;
  if (demo) seedDemo(state, Date.now());

  let closing;
  const close = () => {
    closing ??= (async () => {
      for (const s of state.hanging) s.destroy();
      clearTimers(state);
      const stop = (srv) => new Promise((r) => { srv.close(() => r()); srv.closeAllConnections(); });
      await Promise.all([stop(main), stop(target)]);
    })();
    return closing;
  };
  return {
    url: `http://${hostInUrl}:${bound}`, port: bound,
    redirectTargetUrl: ctx.redirectTargetUrl, redirectTargetPort: targetPort,
    close, reset: () => ctx.reset(), state,
  };
}

// ------------------------------------------------------------------------------- CLI

const USAGE = `usage: node tests/fake-server/server.mjs [--port 18787] [--host 127.0.0.1] [--port-file FILE]
       [--redirect-port PORT] [--seed-demo] [--token TOKEN ...] [--quiet | --verbose]`;

function parseArgs(argv) {
  const o = { port: 18787, host: '127.0.0.1', tokens: [], quiet: process.env.CI === 'true' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const num = (v) => {
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`${a}: not a port: ${v}`);
      return Number(v);
    };
    switch (a) {
      case '--port': o.port = num(val()); break;
      case '--redirect-port': o.redirectTargetPort = num(val()); break;
      case '--host': o.host = val(); break;
      case '--port-file': o.portFile = val(); break;
      case '--token': o.tokens.push(val()); break;
      case '--seed-demo': o.seedDemo = true; break;
      case '--quiet': o.quiet = true; break;
      case '--verbose': o.quiet = false; break;
      case '--help': case '-h': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  if (!o.tokens.length) o.tokens = DEFAULT_TOKENS;
  return o;
}

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  let server;
  try {
    server = await startFakeServer(o);
  } catch (e) {
    process.stderr.write(`fake-google: cannot listen: ${e.message}\n`);
    process.exit(1);
  }
  if (o.portFile) { // atomically, so a watcher never reads a half-written file
    writeFileSync(`${o.portFile}.tmp`, String(server.port));
    renameSync(`${o.portFile}.tmp`, o.portFile);
  }
  process.stdout.write(`fake-google listening on ${server.url}\n`);
  process.stdout.write(`fake-google redirect target on ${server.redirectTargetUrl}\n`);
  const stop = async () => { await server.close(); process.exit(0); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
