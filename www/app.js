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
const CATALOGUE = '/pkg/catalogue.js'; // the full catalogue's TSV, a second entry point loaded on demand
const DEMO_LIST_PARENT = 'projects/demo-project/locations/us-central1';
const MAX_RESULTS = 60; // API picker: options rendered at once
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
let featured = new Set(); // the ids services() knew before the full catalogue was registered
let catalogueLoad = null; // the Promise of loading /pkg/catalogue.js (once)
let catalogueFailed = ''; // why the last catalogue load failed
let expandedHint = null; // the service whose full template list the name hint shows

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
  prefillListParent();
  clearList(); // a list from the other backend must not be paged or cancelled with this one's token
  if (backend === 'fake' && seeds instanceof Error && lib) loadSeeds();
  renderSeeds();
  refresh();
}

// ---------------------------------------------------------------------------------------------
// Service picker.

const serviceLabel = (s) => `${s.title ? `${s.title} (${s.id})` : s.id} — ${s.host}/${s.version}`;

/** The select: the featured services, then (once loaded) every catalogue entry, then the custom rule. */
function fillServices() {
  const sel = $('service');
  const keep = sel.disabled ? '' : sel.value;
  const option = (s) => h('option', { value: s.id, text: serviceLabel(s) });
  const top = catalogue.filter((s) => featured.has(s.id));
  const rest = catalogue.filter((s) => !featured.has(s.id)).sort((a, b) => a.id.localeCompare(b.id));
  sel.replaceChildren();
  if (rest.length) {
    sel.append(h('optgroup', { label: 'Featured' }, top.map(option)),
      h('optgroup', { label: `Every API with cancellable operations (${rest.length})` }, rest.map(option)));
  } else {
    sel.append(...top.map(option));
  }
  sel.append(h('option', { value: CUSTOM, text: 'Custom HTTP rule…' }));
  if (keep && [...sel.options].some((o) => o.value === keep)) sel.value = keep;
  sel.disabled = false;
}

/** Makes `id` the selected service (the select, and the picker's text). */
function chooseService(id) {
  if (![...$('service').options].some((o) => o.value === id)) {
    catalogue = lib.services();
    fillServices();
  }
  $('service').value = id;
  syncPicker();
  refresh();
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
    const SHOWN = 4;
    hint.append(templates.length > 1 ? `Accepted forms${templates.length > SHOWN ? ` (${templates.length})` : ''}: ` : 'Format: ');
    const codes = templates.map((t, i) => [i ? ' or ' : '', h('code', { text: t })]);
    codes.slice(0, SHOWN).forEach((c) => hint.append(...c));
    if (templates.length > SHOWN) {
      const key = serviceValue();
      const more = h('span', { class: 'more-templates', id: 'more-templates', hidden: expandedHint !== key });
      codes.slice(SHOWN).forEach((c) => more.append(...c));
      const btn = h('button', { type: 'button', class: 'btn btn-text btn-inline', 'aria-controls': 'more-templates' });
      const label = () => {
        btn.setAttribute('aria-expanded', String(!more.hidden));
        btn.textContent = more.hidden ? `and ${templates.length - SHOWN} more` : 'show fewer';
      };
      btn.addEventListener('click', () => {
        more.hidden = !more.hidden;
        expandedHint = more.hidden ? null : key;
        label();
      });
      label();
      hint.append(more, ' ', btn);
    }
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
  renderListContext();
  setBusy(!!running);
}

/** Says which service and backend "List operations" will use. */
function renderListContext() {
  const ctx = $('list-context');
  const svc = isCustom() ? 'the custom HTTP rule' : $('service').value;
  ctx.replaceChildren('Lists ', isCustom() ? svc : h('code', { text: svc }), backend === 'fake' ? ' on the local fake server' : ' on Google APIs',
    ', with the token above.');
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
  prefillListParent();
}

/** On the fake, the parent its demo seeded (the user's own text is kept); on Google, nothing. */
function prefillListParent() {
  const input = $('list-parent');
  const demoParent = (seeds && !(seeds instanceof Error) && typeof seeds.listParent === 'string' && seeds.listParent) || DEMO_LIST_PARENT;
  const v = input.value.trim();
  const untouched = !v || v === DEMO_LIST_PARENT || v === input.dataset.prefilled;
  if (!untouched) return;
  input.value = backend === 'fake' ? demoParent : '';
  input.dataset.prefilled = input.value;
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
// The full catalogue, loaded on demand (a second entry point: /pkg/catalogue.js exports its TSV).

function ensureCatalogue() {
  if (!lib) return Promise.reject(new Error('the package is not loaded'));
  if (!catalogueLoad) {
    setPickerHint('Loading the catalogue of every Google API…');
    catalogueLoad = (async () => {
      if (typeof lib.registerCatalogue !== 'function') throw new Error('this build of lro-cancel has no registerCatalogue()');
      const mod = await import(CATALOGUE);
      const tsv = mod.catalogue ?? mod.default;
      if (typeof tsv !== 'string') throw new Error(`${CATALOGUE} exports no catalogue string`);
      const known = lib.registerCatalogue(tsv);
      catalogue = lib.services();
      fillServices();
      refresh();
      setPickerHint(...pickerKeys(`${nf.format(known)} APIs known. `));
      return known;
    })();
    catalogueLoad.then(() => { catalogueFailed = ''; }, (e) => {
      catalogueLoad = null; // let a later search try again
      catalogueFailed = `the catalogue did not load: ${e?.message ?? e}`;
      setPickerHint(h('span', { class: 'warn-text', text: `The catalogue could not be loaded (${e?.message ?? e}). ` }),
        'The featured services still work.');
    });
  }
  return catalogueLoad;
}

function setPickerHint(...parts) {
  $('api-search-hint').replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------------
// The API picker: a combobox (input + listbox, aria-activedescendant) over services(query).

let pickerResults = []; // the ServiceInfo objects shown, in order
let pickerActive = -1; // index of the highlighted option
let pickerGen = 0;

const pickerOpen = () => !$('api-results').hidden;

function closePicker() {
  $('api-results').hidden = true;
  $('api-search').setAttribute('aria-expanded', 'false');
  $('api-search').removeAttribute('aria-activedescendant');
  pickerActive = -1;
}

/** Text with each case-insensitive occurrence of `q` in a <mark>. */
function marked(textValue, q) {
  const text = String(textValue ?? '');
  if (!q) return [text];
  const out = [];
  const lower = text.toLowerCase();
  const k = q.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(k); i >= 0 && k; i = lower.indexOf(k, at)) {
    if (i > at) out.push(text.slice(at, i));
    out.push(h('mark', { text: text.slice(i, i + k.length) }));
    at = i + k.length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

async function openPicker() {
  const gen = ++pickerGen;
  try {
    await ensureCatalogue();
  } catch {
    // the featured services are still searchable
  }
  if (gen !== pickerGen || document.activeElement !== $('api-search')) return;
  renderPicker();
}

function renderPicker() {
  if (!lib) return;
  const q = $('api-search').value.trim();
  let list;
  try {
    list = lib.services(q || undefined);
  } catch (e) {
    setPickerHint(h('span', { class: 'warn-text', text: e?.message ?? String(e) }));
    list = [];
  }
  pickerResults = list.slice(0, MAX_RESULTS);
  const ul = $('api-results');
  const current = $('service').value;
  ul.replaceChildren(...pickerResults.map((s, i) => {
    const li = h('li', { role: 'option', id: `api-opt-${i}`, class: 'combo-option', 'data-id': s.id, 'aria-selected': 'false' },
      h('span', { class: 'opt-main' }, h('span', { class: 'opt-id' }, ...marked(s.id, q)),
        s.title ? h('span', { class: 'opt-title' }, ...marked(s.title, q)) : null),
      h('span', { class: 'opt-host' }, ...marked(s.host, q), `/${s.version}`));
    if (s.id === current) li.dataset.current = 'true';
    return li;
  }));
  if (list.length === 0) {
    ul.append(h('li', { class: 'combo-empty', role: 'presentation', text: q ? `No API matches “${q}”.` : 'No APIs known.' }));
  } else if (list.length > pickerResults.length) {
    ul.append(h('li', { class: 'combo-more', role: 'presentation', text: `${list.length - pickerResults.length} more — type to narrow the list.` }));
  }
  ul.hidden = false;
  $('api-search').setAttribute('aria-expanded', 'true');
  // Keep the chosen service highlighted when it is in the list, else the first match.
  const at = pickerResults.findIndex((s) => s.id === current);
  setActive(q && at < 0 ? (pickerResults.length ? 0 : -1) : at);
  const count = list.length === 1 ? '1 API matches.' : `${nf.format(list.length)} APIs match.`;
  $('api-results').setAttribute('aria-label', `Matching APIs: ${list.length}`);
  setPickerHint(catalogueFailed ? h('span', { class: 'warn-text', text: `Featured services only (${catalogueFailed}). ` }) : '',
    ...pickerKeys(`${count} `));
}

function setActive(i) {
  const ul = $('api-results');
  for (const li of ul.querySelectorAll('[role="option"]')) li.setAttribute('aria-selected', 'false');
  pickerActive = i;
  const li = i >= 0 ? $(`api-opt-${i}`) : null;
  if (li) {
    li.setAttribute('aria-selected', 'true');
    $('api-search').setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  } else {
    $('api-search').removeAttribute('aria-activedescendant');
  }
}

/** The picker's text follows the select (when the user chose there). */
function syncPicker() {
  const v = $('service').value;
  $('api-search').value = v === CUSTOM ? '' : v;
  closePicker();
  setPickerHint(...pickerKeys(catalogueFailed ? `Featured services only (${catalogueFailed}). ` : ''));
}

const pickerKeys = (lead) => [lead, h('kbd', { text: '↑' }), ' ', h('kbd', { text: '↓' }), ' move, ', h('kbd', { text: 'Enter' }), ' chooses, ',
  h('kbd', { text: 'Esc' }), ' closes.'];

function pickService(s) {
  if (!s) return;
  $('api-search').value = s.id;
  closePicker();
  chooseService(s.id);
  setPickerHint('Chose ', h('strong', { text: s.id }), s.title ? ` (${s.title})` : '', '. Its name format is under the operation name.');
}

function onPickerKey(e) {
  const n = pickerResults.length;
  switch (e.key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      e.preventDefault();
      if (!pickerOpen()) { openPicker(); return; }
      if (!n) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(pickerActive < 0 ? (step > 0 ? 0 : n - 1) : (pickerActive + step + n) % n);
      return;
    }
    case 'PageDown':
    case 'PageUp':
      if (pickerOpen() && n) {
        e.preventDefault();
        setActive(Math.max(0, Math.min(n - 1, (pickerActive < 0 ? 0 : pickerActive) + (e.key === 'PageDown' ? 8 : -8))));
      }
      return;
    case 'Enter':
      e.preventDefault();
      if (pickerOpen() && n) pickService(pickerResults[pickerActive < 0 ? 0 : pickerActive]);
      else openPicker();
      return;
    case 'Escape':
      if (pickerOpen()) {
        e.preventDefault();
        e.stopPropagation();
        closePicker();
      } else if ($('api-search').value) {
        e.preventDefault();
        e.stopPropagation();
        $('api-search').value = '';
      }
      return;
    case 'Tab':
      closePicker();
      return;
    default:
  }
}

// ---------------------------------------------------------------------------------------------
// The paste box: any name form → resolveName → the inferred service fills the form.

let pasteGen = 0;
const isFullForm = (v) => v.startsWith('//') || /^https?:\/\//i.test(v);

function showInferred(state, ...parts) {
  const box = $('inferred');
  box.dataset.state = state;
  box.replaceChildren(...parts);
  $('paste').setAttribute('aria-invalid', state === 'error' ? 'true' : 'false');
}

async function onPaste() {
  const gen = ++pasteGen;
  const value = $('paste').value.trim();
  if (!value) { showInferred('empty'); return; }
  if (!lib) return;
  const full = isFullForm(value);
  if (full) {
    try {
      await ensureCatalogue();
    } catch {
      // resolve against the featured services
    }
    if (gen !== pasteGen) return;
  }
  let r;
  try {
    if (typeof lib.resolveName !== 'function') throw new Error('this build of lro-cancel has no resolveName()');
    r = lib.resolveName(full ? { name: value } : { service: serviceValue(), name: value });
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? `${e.code} ${statusName(e)} · ` : '';
    showInferred('error', h('span', { class: 'inferred-k', text: full ? 'Cannot infer the service' : 'Not a name of the selected service' }),
      h('span', { class: 'inferred-msg', text: `${code}${e?.message ?? String(e)}` }));
    return;
  }
  const s = r.service;
  if (full && s?.id) chooseService(s.id);
  $('name').value = r.name;
  refresh();
  showInferred('ok',
    h('span', { class: 'inferred-k', text: full ? 'Inferred service' : 'Selected service' }),
    h('span', { class: 'inferred-v' }, h('strong', { class: 'inferred-id', text: s?.id ?? '' }),
      s?.title ? ` · ${s.title}` : '', h('span', { class: 'muted', text: ` · ${s?.host ?? ''}/${s?.version ?? ''}` })),
    h('span', { class: 'inferred-k', text: 'Name' }), h('code', { class: 'inferred-name', text: r.name }));
}

// ---------------------------------------------------------------------------------------------
// Listing operations under a parent, page by page.

let listing = null; // the AbortController of the list call in flight
let listed = null; // { service, endpoint, parent, filter, pageSize, tokens: [page tokens], next?, ops }
let bulk = null; // the AbortController of the batch in flight
const selected = new Set(); // names of the selected rows (on the page shown)
const outcomes = new Map(); // name → { ok, error?, aborted? } from the last batches

const shortName = (name, parent) => {
  const p = `${parent}/operations/`;
  return name.startsWith(p) ? name.slice(p.length) : name;
};

function opStateInfo(op) {
  const meta = op?.metadata && typeof op.metadata === 'object' ? op.metadata : {};
  const metaState = typeof meta.state === 'string' ? meta.state : typeof meta.status === 'string' ? meta.status : '';
  if (!op?.done) return { state: 'running', label: metaState ? `running · ${metaState}` : 'running' };
  if (op.error) return op.error.code === 1 ? { state: 'cancelled', label: 'done · cancelled' } : { state: 'failed', label: `done · failed (${statusName(op.error) || op.error.code})` };
  return { state: 'completed', label: 'done · completed' };
}

const dateFmt = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function created(meta) {
  const raw = meta?.createTime ?? meta?.createdAt ?? meta?.startTime;
  if (typeof raw !== 'string') return '—';
  const t = Date.parse(raw);
  if (!Number.isFinite(t)) return raw;
  return h('time', { dateTime: new Date(t).toISOString(), title: raw, text: dateFmt.format(t).replace(',', '') });
}

function listError(e) {
  const box = $('list-error');
  if (!e) { box.hidden = true; box.replaceChildren(); return; }
  const isLro = e && typeof e === 'object' && 'code' in e;
  box.replaceChildren(
    h('strong', { class: 'list-error-title' }, isLro ? codeLabel(e.code, statusName(e)) : 'Error', e?.httpStatus ? ` · HTTP ${e.httpStatus}` : ''),
    h('span', { class: 'list-error-msg', text: e?.message ?? String(e) }),
    ADVICE[e?.code] ? h('span', { class: 'muted', text: ADVICE[e.code] }) : null);
  box.hidden = false;
}

function setListBusy(busy) {
  $('btn-list').disabled = busy || !!bulk || !lib;
  $('btn-list').textContent = busy ? 'Listing…' : 'List operations';
  $('btn-next-page').disabled = busy || !!bulk || !listed?.next;
  $('btn-prev-page').disabled = busy || !!bulk || !(listed?.tokens.length > 1);
  $('ops-wrap').setAttribute('aria-busy', String(busy));
}

/** Lists a page: `how` is 'new' (page 1 of the form's query), 'next', 'prev' or 'same'. */
async function listPage(how) {
  if (!lib || listing || bulk) return;
  let q;
  if (how === 'new' || !listed) {
    const parent = $('list-parent').value.trim();
    if (!parent) {
      listError(new Error('Enter the parent whose operations to list, e.g. projects/my-project/locations/us-central1.'));
      $('list-parent').focus();
      return;
    }
    q = {
      service: serviceValue(), endpoint: endpoint(), parent,
      filter: $('list-running').checked ? 'done=false' : undefined,
      pageSize: numberField('list-page-size'), tokens: [''],
    };
  } else {
    q = { ...listed, tokens: [...listed.tokens] };
    if (how === 'next') { if (!listed.next) return; q.tokens.push(listed.next); }
    if (how === 'prev') { if (q.tokens.length < 2) return; q.tokens.pop(); }
  }
  const ctl = new AbortController();
  listing = ctl;
  setListBusy(true);
  listError(null);
  $('list-status').textContent = 'Listing…';
  try {
    if (typeof lib.listOperations !== 'function') throw new Error('this build of lro-cancel has no listOperations()');
    const opts = { service: q.service, name: q.parent, accessToken: token, signal: ctl.signal };
    if (q.filter) opts.filter = q.filter;
    if (q.pageSize !== undefined) opts.pageSize = q.pageSize;
    const pageToken = q.tokens[q.tokens.length - 1];
    if (pageToken) opts.pageToken = pageToken;
    if (q.endpoint) opts.endpoint = q.endpoint;
    if (userProject()) opts.userProject = userProject();
    const res = await lib.listOperations(opts);
    listed = { ...q, next: res?.nextPageToken || undefined, ops: Array.isArray(res?.operations) ? res.operations : [], unreachable: res?.unreachable ?? [] };
    if (how !== 'same') selected.clear();
    renderOps();
  } catch (e) {
    listError(e);
    $('list-status').textContent = listed ? statusText() : '';
  } finally {
    listing = null;
    setListBusy(false);
  }
}

function clearList() {
  if (bulk || !listed) return;
  listing?.abort();
  listed = null;
  selected.clear();
  $('ops-body').replaceChildren();
  $('ops-toolbar').hidden = true;
  $('ops-wrap').hidden = true;
  $('list-unreachable').hidden = true;
  listError(null);
  syncSelection();
  setListBusy(false);
}

function statusText() {
  if (!listed) return '';
  const n = listed.ops.length;
  const what = listed.filter ? 'running operation' : 'operation';
  const page = listed.tokens.length;
  if (!n) return page > 1 ? `Page ${page}: no more ${what}s.` : `No ${what}s under ${listed.parent}.`;
  return `Page ${page}: ${n} ${what}${n === 1 ? '' : 's'}${listed.next ? ', more on the next page' : ''}. ${selected.size} selected.`;
}

function renderOps() {
  const body = $('ops-body');
  const q = listed;
  $('ops-toolbar').hidden = false;
  $('ops-wrap').hidden = q.ops.length === 0;
  $('ops-caption').textContent = `Operations under ${q.parent}, page ${q.tokens.length}`;
  $('page-label').textContent = `Page ${q.tokens.length}`;
  const un = $('list-unreachable');
  un.hidden = !q.unreachable.length;
  un.textContent = q.unreachable.length ? `Unreachable, not listed: ${q.unreachable.join(', ')}` : '';
  body.replaceChildren(...q.ops.map((op) => {
    const name = String(op?.name ?? '');
    const short = shortName(name, q.parent);
    const meta = op?.metadata && typeof op.metadata === 'object' ? op.metadata : {};
    const st = opStateInfo(op);
    const box = h('input', { type: 'checkbox', class: 'row-check', checked: selected.has(name), 'aria-label': `Select ${short}`, 'data-name': name });
    box.addEventListener('change', () => {
      if (box.checked) selected.add(name); else selected.delete(name);
      syncSelection();
    });
    const target = typeof meta.target === 'string' ? meta.target : '';
    const tr = h('tr', { 'data-name': name, 'data-state': st.state },
      h('td', { class: 'col-check' }, box),
      h('td', { class: 'col-name', 'data-label': 'Operation' }, h('code', { title: name, text: short })),
      h('td', { class: 'col-state', 'data-label': 'State' }, h('span', { class: 'state-pill', 'data-state': st.state, text: st.label })),
      h('td', { class: 'col-verb', 'data-label': 'Verb', text: typeof meta.verb === 'string' ? meta.verb : '—' }),
      h('td', { class: 'col-target', 'data-label': 'Target' }, target ? h('code', { title: target, text: target.startsWith(`${q.parent}/`) ? target.slice(q.parent.length + 1) : target }) : '—'),
      h('td', { class: 'col-created', 'data-label': 'Created' }, created(meta)),
      h('td', { class: 'col-outcome', 'data-label': 'Outcome', 'data-outcome': 'none' }));
    renderOutcome(tr, outcomes.get(name));
    return tr;
  }));
  syncSelection();
}

function rowOf(name) {
  for (const tr of $('ops-body').rows) if (tr.dataset.name === name) return tr;
  return null;
}

function renderOutcome(tr, o) {
  const cell = tr?.querySelector('.col-outcome');
  if (!cell) return;
  cell.replaceChildren();
  if (!o) { cell.dataset.outcome = 'none'; return; }
  if (o.pending) {
    cell.dataset.outcome = 'pending';
    cell.append(h('span', { class: 'outcome-pending', text: 'waiting…' }));
  } else if (o.ok) {
    cell.dataset.outcome = 'ok';
    cell.append(h('span', { class: 'outcome-ok', text: '✓ cancel accepted' }));
  } else {
    const e = o.error;
    cell.dataset.outcome = o.aborted ? 'aborted' : 'error';
    cell.append(h('span', { class: 'outcome-err' }, o.aborted ? '⊘ ' : '✗ ', codeLabel(e?.code ?? '?', statusName(e))),
      h('span', { class: 'outcome-msg', text: e?.message ?? String(e) }));
  }
}

function syncSelection() {
  const boxes = [...$('ops-body').querySelectorAll('input.row-check')];
  const on = boxes.filter((b) => b.checked).length;
  const all = $('select-all');
  all.checked = boxes.length > 0 && on === boxes.length;
  all.indeterminate = on > 0 && on < boxes.length;
  all.disabled = boxes.length === 0 || !!bulk;
  for (const b of boxes) {
    b.disabled = !!bulk;
    b.closest('tr').classList.toggle('is-selected', b.checked);
  }
  const btn = $('btn-cancel-selected');
  btn.disabled = on === 0 || !!bulk || !lib;
  btn.textContent = on ? `Cancel selected (${on})` : 'Cancel selected';
  $('list-status').textContent = statusText();
}

function selectAll(on) {
  for (const b of $('ops-body').querySelectorAll('input.row-check')) {
    b.checked = on;
    if (on) selected.add(b.dataset.name); else selected.delete(b.dataset.name);
  }
  syncSelection();
}

// ---------------------------------------------------------------------------------------------
// Cancelling the selected operations: cancelMany with a progress bar.

function setBulkBusy(busy) {
  $('btn-bulk-abort').disabled = !busy;
  $('bulk').setAttribute('aria-busy', String(busy));
  setListBusy(!!listing);
  syncSelection();
}

function bulkSummary(done, total, ok, failed, aborted) {
  const parts = [`${done} / ${total} done`];
  parts.push(`${ok} accepted`);
  if (failed) parts.push(`${failed} failed`);
  if (aborted) parts.push(`${aborted} aborted`);
  return parts.join(' · ');
}

async function runBulk() {
  if (!lib || bulk || !listed) return;
  const names = [...$('ops-body').querySelectorAll('input.row-check')].filter((b) => b.checked).map((b) => b.dataset.name);
  if (!names.length) return;
  if (backend === 'google' && !window.confirm(`Cancel ${names.length} operation${names.length === 1 ? '' : 's'} on Google Cloud? This cannot be undone.`)) return;
  const ctl = new AbortController();
  bulk = ctl;
  const total = names.length;
  let ok = 0;
  let failed = 0;
  let aborted = 0;
  const progress = $('bulk-progress');
  progress.max = total;
  progress.value = 0;
  $('bulk').dataset.state = 'running';
  $('bulk-status').textContent = `Cancelling ${total} operation${total === 1 ? '' : 's'}…`;
  for (const n of names) {
    outcomes.set(n, { pending: true });
    renderOutcome(rowOf(n), outcomes.get(n));
  }
  setBulkBusy(true);
  const record = (name, r) => {
    const o = r.ok ? { ok: true } : { ok: false, error: r.error, aborted: ctl.signal.aborted && r.error?.code === 1 };
    const prev = outcomes.get(name);
    if (prev && !prev.pending) return; // counted already
    outcomes.set(name, o);
    if (o.ok) ok += 1; else if (o.aborted) aborted += 1; else failed += 1;
    renderOutcome(rowOf(name), o);
    progress.value = ok + failed + aborted;
    $('bulk-status').textContent = bulkSummary(ok + failed + aborted, total, ok, failed, aborted);
  };
  try {
    if (typeof lib.cancelMany !== 'function') throw new Error('this build of lro-cancel has no cancelMany()');
    const opts = {
      service: listed.service, names, accessToken: token, signal: ctl.signal,
      onProgress: (e) => record(e.name, e),
    };
    const c = numberField('bulk-concurrency');
    if (c !== undefined) opts.concurrency = c;
    if (listed.endpoint) opts.endpoint = listed.endpoint;
    if (userProject()) opts.userProject = userProject();
    const results = await lib.cancelMany(opts);
    if (Array.isArray(results)) results.forEach((r, i) => record(r?.name ?? names[i], r ?? { ok: false, error: new Error('no result') }));
    const ended = ctl.signal.aborted ? 'Aborted: ' : 'Finished: ';
    $('bulk-status').textContent = ended + bulkSummary(ok + failed + aborted, total, ok, failed, aborted);
    $('bulk').dataset.state = failed || aborted ? 'partial' : 'done';
  } catch (e) {
    // Bad options reject the whole batch (nothing was sent).
    for (const n of names) if (outcomes.get(n)?.pending) { outcomes.delete(n); renderOutcome(rowOf(n), undefined); }
    $('bulk').dataset.state = 'error';
    $('bulk-status').textContent = `Nothing cancelled: ${errorTitle(e)} · ${e?.message ?? String(e)}`;
  } finally {
    bulk = null;
    setBulkBusy(false);
  }
  if ($('bulk-refresh').checked) await listPage('same');
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
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    running?.abort();
    bulk?.abort();
  });

  // API picker.
  const search = $('api-search');
  search.addEventListener('focus', () => {
    ensureCatalogue().catch(() => {});
    if (search.value && search.value === $('service').value) search.select(); // typing starts a new search
  });
  search.addEventListener('input', openPicker);
  search.addEventListener('keydown', onPickerKey);
  search.addEventListener('click', () => { if (!pickerOpen()) openPicker(); });
  search.addEventListener('blur', () => closePicker());
  $('api-results').addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the input
  $('api-results').addEventListener('click', (e) => {
    const li = e.target.closest('[role="option"]');
    if (li) pickService(pickerResults[Number(li.id.slice('api-opt-'.length))]);
  });

  // Paste box; the selected service changes what a plain name means.
  $('paste').addEventListener('input', onPaste);
  $('service').addEventListener('change', () => {
    syncPicker();
    if ($('paste').value.trim() && !isFullForm($('paste').value.trim())) onPaste();
  });

  // Listing and the batch.
  $('list-form').addEventListener('submit', (e) => {
    e.preventDefault();
    listPage('new');
  });
  $('btn-next-page').addEventListener('click', () => listPage('next'));
  $('btn-prev-page').addEventListener('click', () => listPage('prev'));
  $('select-all').addEventListener('change', (e) => selectAll(e.target.checked));
  $('btn-cancel-selected').addEventListener('click', runBulk);
  $('btn-bulk-abort').addEventListener('click', () => bulk?.abort());
}

async function main() {
  wire();
  setBackend('fake');
  try {
    const mod = await import(PKG);
    await mod.default();
    lib = mod;
    catalogue = lib.services();
    featured = new Set(catalogue.map((s) => s.id));
  } catch (e) {
    lib = null;
    showBanner(e);
    return;
  }
  fillServices();
  setListBusy(false);
  document.body.dataset.ready = 'true';
  refresh();
  loadSeeds();
}

main();
