// The lro-cancel demo console: one ES module, no framework, no build step.
//
// Rules this file keeps:
// - Everything from a server (or from the user) reaches the DOM through textContent, element
//   properties or <a href> after an http(s) check; never innerHTML.
// - The access token lives in the `token` variable and in the password input's own value; it is
//   never written to an attribute, storage, the URL or any visible text (previews mask it).
// - No inline styles: the CSP forbids them; state is shown with classes, data-* attributes and
//   the `hidden` property.

const PKG = '/pkg/index.js';
const DEFAULT_FAKE = 'http://127.0.0.1:18787';
const DEMO_TOKEN = 'ya29.fake-demo-token';
const CUSTOM = '__custom__';

const $ = (id) => document.getElementById(id);
const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (n) => `${nf.format(Math.max(0, Math.round(Number(n) || 0)))} ms`;

/** Creates an element: h('p', { class: 'x', text: 'hi' }, child, 'text', …). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'scope') el.setAttribute(k, String(v));
    else el[k] = v;
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

// ---------------------------------------------------------------------------------------------
// Which fake server: ?fake=<url>, loopback only (a link must not be able to send a token away).

function fakeFromQuery() {
  const raw = new URLSearchParams(location.search).get('fake');
  if (!raw) return { url: DEFAULT_FAKE, warning: '' };
  try {
    const u = new URL(raw);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && loopback && !u.username && !u.password) {
      return { url: (u.origin + u.pathname).replace(/\/+$/, ''), warning: '' };
    }
  } catch { /* fall through */ }
  return { url: DEFAULT_FAKE, warning: `Ignored ?fake=${raw}: the fake server must be an http(s) URL on this machine (127.0.0.1, localhost or [::1]).` };
}

const FAKE = fakeFromQuery();

// ---------------------------------------------------------------------------------------------
// State.

let lib = null; // the lro-cancel module once init() succeeded
let catalogue = []; // services()
let token = ''; // the access token: memory only
let backend = 'fake';
let running = null; // the AbortController of the call in flight
let seeds = null; // { services: { id: [name | {name, …}] } } from GET /_fake/demo, or an Error

const endpoint = () => (backend === 'fake' ? FAKE.url : undefined);
const isCustom = () => $('service').value === CUSTOM;
const serviceValue = () => (isCustom() ? $('custom-rule').value.trim() : $('service').value);
const currentService = () => catalogue.find((s) => s.id === $('service').value);
const nameValue = () => $('name').value.trim();
const userProject = () => $('user-project').value.trim();

/** An input's number, `undefined` when empty, or the raw text so that the library explains. */
function numberField(id) {
  const el = $(id);
  if (el.value.trim() === '') return undefined;
  const n = el.valueAsNumber;
  return Number.isFinite(n) ? n : el.value;
}

// ---------------------------------------------------------------------------------------------
// Backend switch.

function setBackend(which) {
  backend = which === 'google' ? 'google' : 'fake';
  $('backend-fake').checked = backend === 'fake';
  $('backend-google').checked = backend === 'google';
  const pill = $('backend-pill');
  pill.dataset.backend = backend;
  $('backend-pill-text').textContent = backend === 'fake' ? 'Local fake server' : 'Google APIs';
  const note = $('backend-note');
  note.replaceChildren();
  if (backend === 'fake') {
    note.append('Requests go to the local fake Google API at ', h('code', { text: FAKE.url }), '. No real operation is touched.');
    if (FAKE.warning) note.append(h('span', { class: 'warn-text', text: ' ' + FAKE.warning }));
    $('token-hint').textContent = 'Any token the fake knows works; it is kept in this page\'s memory only.';
  } else {
    note.append('Requests go to ', h('code', { text: 'https://*.googleapis.com' }),
      ' with your OAuth access token. Cancelling a real operation cannot be undone.');
    $('token-hint').replaceChildren('Paste the output of ', h('code', { text: 'gcloud auth print-access-token' }),
      '. It is kept in this page\'s memory only: never stored, never shown.');
  }
  $('token-demo').hidden = backend !== 'fake';
  if (backend === 'fake' && seeds instanceof Error && lib) loadSeeds();
  renderSeeds();
  refresh();
}

// ---------------------------------------------------------------------------------------------
// Service picker.

function fillServices() {
  const sel = $('service');
  sel.replaceChildren();
  for (const s of catalogue) {
    const label = `${s.title ? `${s.title} (${s.id})` : s.id} — ${s.host}/${s.version}`;
    sel.append(h('option', { value: s.id, text: label }));
  }
  sel.append(h('option', { value: CUSTOM, text: 'Custom HTTP rule…' }));
  sel.disabled = false;
}

/** `POST https://host/v1/{name=projects/*}:cancel` → its parts, for hints only (the library decides). */
function parseRule(rule) {
  const m = /^\s*([A-Za-z]+)\s+https:\/\/([^/\s]+)\/([^/\s]+)\/\{name=([^}]+)\}(\S*)\s*$/.exec(rule);
  return m ? { method: m[1], host: m[2], version: m[3], template: m[4], verb: m[5] } : null;
}

function renderServiceInfo() {
  const info = $('service-info');
  const hint = $('name-hint');
  info.replaceChildren();
  hint.replaceChildren();
  $('custom-rule-field').hidden = !isCustom();
  const row = (k, ...v) => info.append(h('div', { class: 'info-row' }, h('span', { class: 'info-k', text: k }), h('span', { class: 'info-v' }, ...v)));
  let templates = [];
  if (isCustom()) {
    const p = parseRule($('custom-rule').value);
    if (p) {
      row('Endpoint', h('code', { text: `https://${p.host}/${p.version}/` }));
      templates = [p.template];
    }
    row('OAuth scope', h('code', { text: 'https://www.googleapis.com/auth/cloud-platform' }), h('span', { class: 'muted', text: ' (usual for Cloud APIs)' }));
  } else {
    const s = currentService();
    if (!s) return;
    row('Endpoint', h('code', { text: `https://${s.host}/${s.version}/` }));
    const scopes = s.scopes ?? [];
    row(scopes.length > 1 ? 'OAuth scopes' : 'OAuth scope', ...(scopes.length ? scopes.flatMap((x, i) => [i ? ' ' : '', h('code', { text: x })]) : [h('span', { class: 'muted', text: 'none listed' })]));
    if (s.permission) row('IAM permission', h('code', { text: s.permission }));
    templates = s.templates ?? [];
  }
  if (templates.length) {
    hint.append(templates.length > 1 ? 'Accepted forms: ' : 'Format: ');
    templates.forEach((t, i) => hint.append(i ? ' or ' : '', h('code', { text: t })));
  } else if (isCustom()) {
    hint.append('The name must match the rule\'s ', h('code', { text: '{name=…}' }), ' template.');
  }
}

// ---------------------------------------------------------------------------------------------
// Live validation and the request preview.

/** Whether the custom rule itself is acceptable: the library checks the service before the name. */
function ruleError() {
  if (!isCustom()) return null;
  const rule = $('custom-rule').value.trim();
  if (!rule) return null;
  try {
    lib.buildCancelRequest({ service: rule, name: undefined });
  } catch (e) {
    if (!/^options\.name\b/.test(e?.message ?? '')) return e;
  }
  return null;
}

function setFieldError(input, errEl, message) {
  errEl.textContent = message ?? '';
  errEl.hidden = !message;
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Validates on every keystroke and redraws the preview. */
function refresh() {
  if (!lib) return;
  renderServiceInfo();
  const ruleErr = ruleError();
  setFieldError($('custom-rule'), $('custom-rule-error'), ruleErr?.message);

  let req = null;
  let err = null;
  const name = nameValue();
  const ruleMissing = isCustom() && !$('custom-rule').value.trim();
  if (name && !ruleMissing && !ruleErr) {
    try {
      req = lib.buildCancelRequest({ service: serviceValue(), name, endpoint: endpoint() });
    } catch (e) {
      err = e;
    }
  }
  setFieldError($('name'), $('name-error'), err ? err.message : '');
  $('name-ok').hidden = !req;
  $('name').classList.toggle('is-valid', !!req);
  renderPreview(req);
  renderSeeds();
  setBusy(!!running);
}

function maskedToken() {
  if (!token) return '<access token>';
  return `${token.startsWith('ya29.') ? 'ya29.' : ''}…(masked)`;
}

const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function renderPreview(req) {
  const headers = [`Authorization: Bearer ${maskedToken()}`];
  if (userProject()) headers.push(`x-goog-user-project: ${userProject()}`);
  $('preview-headers').textContent = headers.join('\n');
  if (!req) {
    $('preview-method').textContent = 'POST';
    $('preview-url').textContent = '—';
    $('preview-url').classList.add('muted');
    $('curl').textContent = nameValue() ? '# fix the operation name to see the request' : '# enter an operation name to see the request';
    $('curl').classList.add('muted');
    $('btn-copy').disabled = true;
    return;
  }
  $('preview-method').textContent = req.method;
  $('preview-url').textContent = req.url;
  $('preview-url').classList.remove('muted');
  const parts = [`curl -X ${req.method}`, '-H "Authorization: Bearer $(gcloud auth print-access-token)"'];
  if (userProject()) parts.push(`-H ${shq(`x-goog-user-project: ${userProject()}`)}`);
  parts.push("-d ''", shq(req.url));
  const curl = parts.join(' ');
  if ($('curl').textContent !== curl) $('copy-status').textContent = '';
  $('curl').textContent = curl;
  $('curl').classList.remove('muted');
  $('btn-copy').disabled = false;
}

async function copyCurl() {
  const text = $('curl').textContent;
  const status = $('copy-status');
  let ok = false;
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      ok = true;
    }
  } catch { /* fall back below */ }
  if (!ok) {
    const ta = h('textarea', { class: 'offscreen', value: text, readOnly: true, 'aria-hidden': 'true', tabIndex: -1 });
    document.body.append(ta);
    ta.select();
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
  }
  if (!ok) {
    // Last resort: select the command so that Ctrl+C / ⌘C copies it.
    const range = document.createRange();
    range.selectNodeContents($('curl'));
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    $('curl').focus();
  }
  status.textContent = ok ? 'Copied' : 'Selected — press Ctrl+C to copy';
  status.dataset.state = ok ? 'ok' : 'warn';
  clearTimeout(copyCurl.timer);
  copyCurl.timer = setTimeout(() => { status.textContent = ''; }, 2500);
}

// ---------------------------------------------------------------------------------------------
// Seeded demo operations (fake only): GET /_fake/demo.

async function loadSeeds() {
  try {
    const r = await fetch(`${FAKE.url}/_fake/demo`, { cache: 'no-store', credentials: 'omit' });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const body = await r.json();
    seeds = body && typeof body === 'object' ? body : {};
  } catch (e) {
    seeds = e instanceof Error ? e : new Error(String(e));
  }
  renderSeeds();
}

/** A seed entry is a name (its description, if any, is in seeds.operations) or { name, description }. */
function seedEntry(x) {
  const name = typeof x === 'string' ? x : typeof x?.name === 'string' ? x.name : null;
  if (!name) return null;
  const listed = Array.isArray(seeds.operations) ? seeds.operations.find((o) => o?.name === name) : undefined;
  const about = [x?.description, listed?.description].find((v) => typeof v === 'string' && v) ?? '';
  return { name, about };
}

function renderSeeds() {
  const wrap = $('seeds-wrap');
  const list = $('seeds');
  const dl = $('seed-names');
  if (backend !== 'fake' || isCustom() || seeds === null) {
    wrap.hidden = true;
    dl.replaceChildren();
    return;
  }
  if (seeds instanceof Error) {
    wrap.hidden = false;
    $('seeds-title').replaceChildren(h('span', { class: 'warn-text', text: `The fake server at ${FAKE.url} did not answer (${seeds.message}). ` }),
      'Start it with ', h('code', { text: 'bash scripts/demo.sh' }), '.');
    list.replaceChildren();
    dl.replaceChildren();
    return;
  }
  const id = $('service').value;
  const entries = (Array.isArray(seeds.services?.[id]) ? seeds.services[id] : []).map(seedEntry).filter(Boolean);
  wrap.hidden = entries.length === 0;
  $('seeds-title').textContent = 'Demo operations on the fake server — pick one:';
  const current = nameValue();
  const same = list.childElementCount === entries.length && list.dataset.service === id;
  if (!same) {
    list.dataset.service = id;
    list.replaceChildren(...entries.map((e) => {
      const short = e.name.split('/').pop();
      const b = h('button', { type: 'button', class: 'chip', title: e.name, 'data-name': e.name, 'aria-label': `${e.about ? `${e.about}: ` : ''}${e.name}` },
        e.about ? h('span', { class: 'chip-about', text: e.about }) : null,
        h('span', { class: 'chip-name', text: short }));
      b.addEventListener('click', () => {
        $('name').value = e.name;
        refresh();
      });
      return h('li', {}, b);
    }));
    dl.replaceChildren(...entries.map((e) => h('option', { value: e.name })));
  }
  for (const b of list.querySelectorAll('button.chip')) b.setAttribute('aria-pressed', String(b.dataset.name === current));
}

// ---------------------------------------------------------------------------------------------
// Calls.

function setBusy(busy) {
  for (const id of ['btn-cancel', 'btn-get', 'btn-wait']) $(id).disabled = busy || !lib;
  $('btn-abort').disabled = !busy;
  $('result').setAttribute('aria-busy', String(busy));
  document.body.classList.toggle('is-busy', busy);
}

function callOptions(signal) {
  const o = { service: serviceValue(), name: nameValue(), accessToken: token, signal };
  if (endpoint()) o.endpoint = endpoint();
  if (userProject()) o.userProject = userProject();
  return o;
}

async function run(kind) {
  if (running || !lib) return;
  const ctl = new AbortController();
  running = ctl;
  setBusy(true);
  const started = performance.now();
  const opts = callOptions(ctl.signal);
  const verb = { cancel: 'Cancelling', get: 'Getting', wait: 'Cancelling and waiting for' }[kind];
  clearResult();
  setOutcome('running', `${verb} ${opts.name || 'the operation'}…`);
  $('result-sub').textContent = kind === 'wait' ? 'Polls appear in the timeline below. Press Abort to stop waiting.' : '';
  let lastPoll = 0;
  // On a phone the result is below the form: bring it into view.
  if (matchMedia('(max-width: 960px)').matches) {
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    $('result-card').scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
  if (kind === 'wait') {
    $('timeline').replaceChildren();
    $('timeline-wrap').hidden = false;
    addTimeline({ kind: 'start', label: 'Cancel requested', elapsed: 0, state: 'POST …:cancel' });
  } else {
    $('timeline-wrap').hidden = true;
  }
  try {
    if (kind === 'cancel') {
      await lib.cancelOperation(opts);
      renderCancelled(opts, performance.now() - started);
    } else if (kind === 'get') {
      const op = await lib.getOperation(opts);
      renderOperation('get', op, performance.now() - started);
    } else {
      const result = await lib.cancelAndWait({
        ...opts,
        pollIntervalMs: numberField('poll-interval'),
        maxWaitMs: numberField('max-wait'),
        onPoll: (e) => {
          lastPoll = e.poll;
          addTimeline({ kind: 'poll', poll: e.poll, elapsed: e.elapsedMs, op: e.operation, next: e.nextPollMs });
        },
      });
      addTimeline({ kind: 'final', poll: lastPoll + 1, elapsed: performance.now() - started, op: result.operation, outcome: result.outcome });
      renderOperation(result.outcome, result.operation, performance.now() - started);
    }
  } catch (e) {
    const aborted = ctl.signal.aborted;
    if (kind === 'wait') addTimeline({ kind: 'error', elapsed: performance.now() - started, label: aborted ? 'Aborted' : 'Stopped', state: errorTitle(e) });
    renderError(e, aborted);
  } finally {
    running = null;
    setBusy(false);
  }
}

// ---------------------------------------------------------------------------------------------
// The result panel.

function clearResult() {
  $('result-fields').replaceChildren();
  $('result-fields').hidden = true;
  $('result-details').replaceChildren();
  $('operation-details').hidden = true;
  $('operation').textContent = '';
}

function setOutcome(outcome, title) {
  const b = $('outcome');
  b.dataset.outcome = outcome;
  b.textContent = outcome;
  $('result-title').textContent = title;
}

function setFields(rows) {
  const dl = $('result-fields');
  dl.replaceChildren();
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(h('dt', { text: k }), h('dd', {}, v instanceof Node ? v : String(v)));
  }
  dl.hidden = dl.childElementCount === 0;
}

function showOperationJson(op) {
  $('operation').textContent = JSON.stringify(op, null, 2);
  $('operation-details').hidden = false;
}

const CODE_NAMES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL',
  'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];
const statusName = (e) => (typeof e?.status === 'string' && e.status) || CODE_NAMES[e?.code] || '';

const codeLabel = (code, status) => h('span', { class: 'code-pill' }, h('strong', { text: String(code) }), ' ', h('span', { text: status ?? '' }));

function renderCancelled(opts, elapsed) {
  setOutcome('success', 'Cancel request accepted');
  $('result-sub').textContent = 'The service accepted the cancellation. It is best effort: use Get or Cancel and wait to see how the operation ends.';
  setFields([['Operation', h('code', { text: opts.name })], ['Took', ms(elapsed)]]);
}

const TITLES = {
  cancelled: 'Operation cancelled',
  completed: 'Operation completed before it could be cancelled',
  failed: 'Operation failed',
  timeout: 'Still running — stopped waiting',
};

function renderOperation(outcome, op, elapsed) {
  const done = op?.done === true;
  const e = op?.error;
  let state = 'running';
  if (done) state = e ? (e.code === 1 ? 'cancelled' : 'failed') : 'completed';
  if (outcome === 'get') {
    setOutcome('success', done ? `Operation is done (${state})` : 'Operation is running');
    $('result-sub').textContent = done ? '' : 'It has not finished yet. Cancel and wait polls until it does.';
  } else {
    setOutcome(outcome, TITLES[outcome] ?? outcome);
    $('result-sub').textContent = outcome === 'timeout'
      ? `The operation was not done after the wait limit (${ms(numberField('max-wait') ?? 300000)}). The cancel request stands; check again later.`
      : outcome === 'completed' ? 'The cancel request arrived too late or was ignored; the operation has a response.' : '';
  }
  const metaState = op?.metadata && typeof op.metadata === 'object' ? (op.metadata.state ?? op.metadata.status) : undefined;
  setFields([
    ['Operation', h('code', { text: op?.name ?? '' })],
    ['Done', String(done)],
    ['State', typeof metaState === 'string' ? `${state} (metadata.state ${metaState})` : state],
    ['Code', e ? codeLabel(e.code, statusName(e)) : undefined],
    ['Message', e?.message],
    ['Took', ms(elapsed)],
  ]);
  if (e && Array.isArray(e.details)) renderDetails(e.details);
  showOperationJson(op);
}

const ADVICE = {
  1: 'The call was cancelled before it finished.',
  3: 'The request was refused before anything was sent, or the server rejected an argument.',
  4: 'No answer before the deadline.',
  5: 'No operation with this name (or you may not see it). Check the project, location and operation id.',
  7: 'The token\'s principal lacks permission to cancel this operation.',
  8: 'Quota or rate limit reached; wait and retry.',
  9: 'The operation is probably already done; Get shows its final state.',
  12: 'This operation cannot be cancelled: the service does not implement cancellation for it.',
  14: 'The service is unavailable right now; the library retried before giving up.',
  16: 'The access token is missing, expired or not valid for this API.',
};

function errorTitle(e) {
  return e && typeof e === 'object' && 'code' in e ? `${e.code} ${e.status ?? ''}`.trim() : 'error';
}

function renderError(e, aborted) {
  const isLro = e && typeof e === 'object' && e.name === 'LroError';
  if (aborted) setOutcome('aborted', 'Aborted');
  else setOutcome('error', isLro ? [statusName(e) || 'ERROR', e.reason].filter(Boolean).join(' · ') : 'Unexpected error');
  let sub = aborted ? 'You pressed Abort; the request in flight was stopped.' : ADVICE[e?.code] ?? '';
  if (!aborted && e?.code === 7 && currentService()?.permission) sub += ` It needs ${currentService().permission}.`;
  $('result-sub').textContent = sub;
  setFields([
    ['Code', isLro ? codeLabel(e.code, e.status) : undefined],
    ['Message', e?.message ?? String(e)],
    ['HTTP status', e?.httpStatus],
  ]);
  if (isLro && Array.isArray(e.details)) renderDetails(e.details);
}

// ---------------------------------------------------------------------------------------------
// google.rpc error details.

function safeHref(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function table(headers, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', text: x })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c instanceof Node ? c : String(c ?? ''))))))));
}

function duration(v) {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return `${Number(v.seconds ?? 0) + Number(v.nanos ?? 0) / 1e9}s`;
  return '';
}

const pretty = (v) => h('pre', { class: 'code code-json', tabIndex: 0, text: JSON.stringify(v, null, 2) });

function renderDetail(d) {
  const type = typeof d?.['@type'] === 'string' ? d['@type'] : '';
  const short = type.split('/').pop() || 'detail';
  const box = h('section', { class: 'detail', 'data-type': short }, h('h4', { class: 'detail-title', text: short }));
  const arr = (k) => (Array.isArray(d[k]) ? d[k] : []);
  switch (short) {
    case 'google.rpc.ErrorInfo': {
      box.append(h('dl', { class: 'kv kv-tight' },
        h('dt', { text: 'Reason' }), h('dd', {}, h('code', { text: d.reason ?? '' })),
        h('dt', { text: 'Domain' }), h('dd', {}, h('code', { text: d.domain ?? '' }))));
      const meta = d.metadata && typeof d.metadata === 'object' ? Object.entries(d.metadata) : [];
      if (meta.length) box.append(table(['Metadata', 'Value'], meta.map(([k, v]) => [h('code', { text: k }), typeof v === 'string' ? v : JSON.stringify(v)])));
      break;
    }
    case 'google.rpc.Help': {
      const ul = h('ul', { class: 'links' });
      for (const l of arr('links')) {
        const href = safeHref(l?.url);
        const label = l?.description || l?.url || 'link';
        ul.append(h('li', {}, href
          ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', text: label })
          : h('span', {}, String(label), h('span', { class: 'muted', text: ` (${String(l?.url ?? '')} is not a web link)` }))));
      }
      box.append(ul);
      break;
    }
    case 'google.rpc.RetryInfo':
      box.append(h('p', {}, 'Retry after ', h('strong', { text: duration(d.retryDelay) || '—' }),
        typeof d.retryDelayMs === 'number' ? h('span', { class: 'muted', text: ` (${ms(d.retryDelayMs)})` }) : null));
      break;
    case 'google.rpc.BadRequest':
      box.append(table(['Field', 'Problem'], arr('fieldViolations').map((v) => [h('code', { text: v?.field ?? '' }), v?.description ?? v?.reason ?? ''])));
      break;
    case 'google.rpc.QuotaFailure':
      box.append(table(['Subject', 'Problem'], arr('violations').map((v) => [h('code', { text: v?.subject ?? '' }), v?.description ?? ''])));
      break;
    case 'google.rpc.PreconditionFailure':
      box.append(table(['Type', 'Subject', 'Problem'], arr('violations').map((v) => [v?.type ?? '', h('code', { text: v?.subject ?? '' }), v?.description ?? ''])));
      break;
    case 'google.rpc.LocalizedMessage':
      box.append(h('p', {}, h('span', { class: 'muted', text: `${d.locale ?? ''} ` }), String(d.message ?? '')));
      break;
    case 'google.rpc.ResourceInfo':
    case 'google.rpc.RequestInfo':
      box.append(table(['Field', 'Value'], Object.entries(d).filter(([k]) => k !== '@type').map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));
      break;
    default:
      box.append(pretty(d));
  }
  return box;
}

function renderDetails(details) {
  const wrap = $('result-details');
  wrap.replaceChildren();
  if (!details.length) return;
  wrap.append(h('h3', { class: 'sub-title', text: `Details (${details.length})` }), ...details.map(renderDetail));
}

// ---------------------------------------------------------------------------------------------
// The poll timeline.

function opState(op) {
  if (!op) return '';
  if (!op.done) return 'running';
  if (op.error) return op.error.code === 1 ? 'cancelled' : `failed (${statusName(op.error) || op.error.code})`;
  return 'completed';
}

function addTimeline(ev) {
  const ol = $('timeline');
  const li = h('li', { class: `tl tl-${ev.kind}`, 'data-kind': ev.kind });
  const num = ev.kind === 'poll' || ev.kind === 'final' ? `Poll #${ev.poll}` : ev.label;
  li.append(h('span', { class: 'tl-n', text: num }), h('span', { class: 'tl-ms', text: ms(ev.elapsed) }));
  if (ev.outcome) li.dataset.outcome = ev.outcome;
  if (ev.op) li.append(h('span', { class: 'tl-state', 'data-done': String(ev.op.done === true), text: `${ev.op.done === true ? 'done' : 'not done'} · ${opState(ev.op)}` }));
  else if (ev.state) li.append(h('span', { class: 'tl-state', text: ev.state }));
  if (ev.kind === 'poll') li.append(h('span', { class: 'tl-next', text: `next poll in ${ms(ev.next)}` }));
  if (ev.kind === 'final') li.append(h('span', { class: 'tl-next', text: `→ ${ev.outcome}` }));
  ol.append(li);
}

// ---------------------------------------------------------------------------------------------
// Start.

function showBanner(e) {
  $('banner-text').textContent = `${e?.message ?? String(e)}`;
  $('banner').hidden = false;
  $('service').replaceChildren(h('option', { text: 'Unavailable: the package did not load' }));
  $('preview-url').textContent = '—';
  setOutcome('error', 'The lro-cancel package is not loaded.');
  $('result-sub').textContent = 'Nothing can be sent until the WebAssembly module loads.';
}

function wire() {
  $('form').addEventListener('submit', (e) => e.preventDefault());
  for (const id of ['backend-fake', 'backend-google']) $(id).addEventListener('change', (e) => e.target.checked && setBackend(e.target.value));
  $('service').addEventListener('change', refresh);
  $('custom-rule').addEventListener('input', refresh);
  $('name').addEventListener('input', refresh);
  $('user-project').addEventListener('input', refresh);
  $('token').addEventListener('input', (e) => {
    token = e.target.value.trim();
    refresh();
  });
  $('btn-demo-token').addEventListener('click', () => {
    $('token').value = DEMO_TOKEN;
    token = DEMO_TOKEN;
    refresh();
  });
  $('btn-token-show').addEventListener('click', (e) => {
    const show = $('token').type === 'password';
    $('token').type = show ? 'text' : 'password';
    e.currentTarget.textContent = show ? 'Hide' : 'Show';
    e.currentTarget.setAttribute('aria-label', show ? 'Hide the token' : 'Show the token');
  });
  $('btn-copy').addEventListener('click', copyCurl);
  $('btn-cancel').addEventListener('click', () => run('cancel'));
  $('btn-get').addEventListener('click', () => run('get'));
  $('btn-wait').addEventListener('click', () => run('wait'));
  $('btn-abort').addEventListener('click', () => running?.abort());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && running) running.abort();
  });
}

async function main() {
  wire();
  setBackend('fake');
  try {
    const mod = await import(PKG);
    await mod.default();
    lib = mod;
    catalogue = lib.services();
  } catch (e) {
    lib = null;
    showBanner(e);
    return;
  }
  fillServices();
  document.body.dataset.ready = 'true';
  refresh();
  loadSeeds();
}

main();
