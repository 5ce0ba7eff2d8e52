// The demo console (www/) end to end: Playwright (playwright-core) drives Debian's Chromium
// against the demo server (scripts/serve.mjs, with its CSP header) and the fake Google server,
// both started in-process on 127.0.0.1. Assumes pkg/ is built (bash scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { services } from '../../pkg/index.js';
import { SHOTS, TOKEN, openDemo, closeDemo, fakeControl, openPhone, closePhone, assertFileNotBlank, tokenLeaks } from './harness.mjs';

const SERVICES = ['gkehub', 'vault', 'clouddeploy', 'beyondcorp', 'cloudaicompanion'];

let env, context, page, fakeUrl, pageUrl;
let gkehub; // the catalogue's entry: the expected URLs use its host and version
const consoleErrors = []; // { text, phase }
const pageErrors = [];
let phase = 'load';

const control = fakeControl(() => fakeUrl);
const fakeState = (name) => control('GET', `/_fake/operations/${name}`);
const seedName = (x) => (typeof x === 'string' ? x : x.name);

let seq = 0;
/** Adds an operation to the fake with the given behaviour on cancel; returns its name. */
async function seedOp(extra) {
  const name = `projects/e2e/locations/us-central1/operations/e2e-${process.pid}-${++seq}`;
  await control('POST', '/_fake/operations', { operations: [{ name, pollsUntilDone: 2, ...extra }] });
  return name;
}

const text = (sel) => page.locator(sel).innerText();
const outcome = (sel = '#outcome') => page.locator(sel).getAttribute('data-outcome');

/** Waits for the call in flight to end and returns the outcome badge's value. */
async function settled() {
  await page.waitForFunction(() => {
    const o = document.getElementById('outcome').dataset.outcome;
    return o && o !== 'running' && o !== 'idle' && document.getElementById('btn-abort').disabled;
  }, null, { timeout: 15_000 });
  return outcome();
}

async function choose(service, name) {
  await page.selectOption('#service', service);
  await page.fill('#name', name);
}

async function assertNotBlank(file, minHeight) {
  assertFileNotBlank(file, 10_000);
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(h > minHeight, `page height ${h}`);
}

before(async () => {
  env = await openDemo({
    onPage: (p) => {
      p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push({ text: m.text(), phase }); });
      p.on('pageerror', (e) => pageErrors.push(e.message));
    },
  });
  ({ context, page, fakeUrl, pageUrl } = env);
  gkehub = services().find((s) => s.id === 'gkehub');
  phase = 'use';
});

after(() => closeDemo(env));

test('loads: no console errors, no CSP violations, the package initialised, the fake backend active', async () => {
  assert.deepEqual(consoleErrors.filter((e) => e.phase === 'load'), []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.equal(await page.locator('#banner').isHidden(), true);
  assert.equal(await page.isChecked('#backend-fake'), true);
  assert.equal(await page.isChecked('#backend-google'), false);
  assert.match(await text('#backend-pill'), /Local fake server/);
  assert.match(await text('#backend-note'), new RegExp(fakeUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const values = await page.locator('#service option').evaluateAll((os) => os.map((o) => o.value));
  for (const s of SERVICES) assert.ok(values.includes(s), `service ${s} offered`);
  assert.ok(values.includes('__custom__'), 'custom rule offered');
  // Every control has an accessible name.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button, textarea')]
    .filter((el) => !el.closest('[hidden]') && !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent.trim()))
    .map((el) => el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.getAttribute('#result', 'aria-live'), 'polite');
});

test('live validation: the LroError message under the name field on every keystroke', async () => {
  await page.selectOption('#service', 'gkehub');
  await page.fill('#name', '');
  await page.locator('#name').pressSequentially('projects/p/regions/r/operations/o');
  const err = page.locator('#name-error');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.innerText(), /segment 3 is "regions", expected "locations"/);
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#name', 'aria-describedby'), /\bname-error\b/);
  assert.equal(await page.locator('#name-ok').isHidden(), true);
  assert.equal(await text('#preview-url'), '—');
  assert.equal(await page.isDisabled('#btn-copy'), true);
  // Fixing the one bad segment, keystroke by keystroke, clears the error and shows the check.
  await page.fill('#name', 'projects/p/locations/r/operations/o');
  await err.waitFor({ state: 'hidden' });
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'false');
  assert.equal(await page.locator('#name-ok').isVisible(), true);
  assert.match(await text('#name-hint'), /projects\/\*\/locations\/\*\/operations\/\*/);
});

test('request preview: exact URL, masked token, copyable curl', async () => {
  await choose('gkehub', 'projects/p/locations/global/operations/op-1');
  await page.fill('#token', TOKEN);
  assert.equal(await text('#preview-method'), 'POST');
  const url = `${fakeUrl}/${gkehub.version}/projects/p/locations/global/operations/op-1:cancel`;
  assert.equal(await text('#preview-url'), url);
  const headers = await text('#preview-headers');
  assert.match(headers, /^Authorization: Bearer …\(masked\)$/m);
  assert.ok(!headers.includes(TOKEN));
  await page.click('#btn-demo-token');
  assert.equal(await page.inputValue('#token'), 'ya29.fake-demo-token');
  assert.match(await text('#preview-headers'), /^Authorization: Bearer ya29\.…\(masked\)$/m);
  await page.fill('#token', TOKEN);
  const curl = await text('#curl');
  assert.equal(curl, `curl -X POST -H "Authorization: Bearer $(gcloud auth print-access-token)" -d '' '${url}'`);
  assert.equal(await page.isEnabled('#btn-copy'), true);
  await page.click('#btn-copy');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
  // The quota project becomes a header in both.
  await page.fill('#user-project', 'billing-proj');
  assert.match(await text('#preview-headers'), /^x-goog-user-project: billing-proj$/m);
  assert.match(await text('#curl'), /-H 'x-goog-user-project: billing-proj'/);
  await page.fill('#user-project', '');
  // A name that needs escaping is percent-encoded by the library, not by the page.
  await page.selectOption('#service', 'vault');
  const seeds = (await control('GET', '/_fake/demo')).services.vault.map(seedName);
  await page.fill('#name', seeds[0]);
  assert.ok((await text('#preview-url')).startsWith(`${fakeUrl}/v1/${seeds[0].split('/')[0]}/`));
});

/** The seeded demo operations of a service, with their state in the fake. */
async function seedsOf(service) {
  const names = (await control('GET', '/_fake/demo')).services[service].map(seedName);
  return Promise.all(names.map(async (name) => ({ name, state: await fakeState(name) })));
}

test('cancel succeeds on a seeded operation of each of the five services', async () => {
  await page.fill('#token', TOKEN);
  for (const service of SERVICES) {
    await page.selectOption('#service', service);
    const seeds = await seedsOf(service);
    assert.ok(seeds.length > 0, `${service} has demo operations`);
    const pick = seeds.find((s) => !s.state.unimplemented && s.state.state === 'running' && !s.state.cancelCount);
    assert.ok(pick, `${service}: a cancellable demo operation`);
    // One click on its chip fills the name.
    await page.locator(`#seeds button.chip[data-name="${pick.name}"]`).click();
    assert.equal(await page.inputValue('#name'), pick.name);
    assert.equal(await page.locator('#name-ok').isVisible(), true);
    await page.click('#btn-cancel');
    assert.equal(await settled(), 'success', `${service}: ${await text('#result')}`);
    assert.match(await text('#result-title'), /Cancel request accepted/);
    assert.equal((await fakeState(pick.name)).cancelCount, 1, `${service}: the fake saw one cancel`);
  }
});

test('UNIMPLEMENTED is shown as such (code 12)', async () => {
  let name;
  for (const service of SERVICES) {
    const u = (await seedsOf(service)).find((s) => s.state.unimplemented);
    if (u) { name = u.name; await page.selectOption('#service', service); break; }
  }
  if (!name) { // no seeded one: make one
    await page.selectOption('#service', 'gkehub');
    name = await seedOp({ unimplemented: true });
  }
  await page.fill('#name', name);
  await page.click('#btn-cancel');
  assert.equal(await settled(), 'error');
  const result = await text('#result');
  assert.match(result, /\b12\b/);
  assert.match(result, /UNIMPLEMENTED/);
  assert.match(await text('#result-fields'), /HTTP status\s+501/);
});

test('cancel and wait: cancelled, completed and failed, with a visible poll timeline', async () => {
  await page.selectOption('#service', 'gkehub');
  await page.fill('#poll-interval', '40');
  await page.fill('#max-wait', '20000');
  for (const onCancel of ['completed', 'failed', 'cancelled']) {
    const name = await seedOp({ onCancel, pollsUntilDone: 2 });
    await page.fill('#name', name);
    await page.click('#btn-wait');
    assert.equal(await settled(), onCancel);
    const entries = page.locator('#timeline li');
    assert.ok(await entries.count() >= 3, 'start, at least one poll, the final poll');
    assert.equal(await entries.first().isVisible(), true);
    const polls = await page.locator('#timeline li[data-kind="poll"]').allInnerTexts();
    assert.ok(polls.length >= 1);
    assert.match(polls[0], /Poll #1[\s\S]*\d+ ms[\s\S]*not done · running[\s\S]*next poll in \d+ ms/);
    assert.match(await page.locator('#timeline li[data-kind="final"]').innerText(), new RegExp(`done · ${onCancel}[\\s\\S]*→ ${onCancel}`));
    assert.match(await page.locator('#operation').textContent(), new RegExp(`"name": "${name}"`));
    if (onCancel === 'failed') assert.match(await text('#result-fields'), /Code/);
    const st = await fakeState(name);
    assert.equal(st.cancelCount, 1);
  }
  await page.locator('#operation-details summary').click();
  const file = new URL('demo-wait.png', SHOTS).pathname;
  await page.screenshot({ path: file, fullPage: true });
  await assertNotBlank(file, 400);
});

test('cancel and wait: the timeout outcome, and Abort stops a running wait', async () => {
  await page.selectOption('#service', 'gkehub');
  await page.fill('#poll-interval', '30');
  await page.fill('#max-wait', '250');
  await page.fill('#name', await seedOp({ onCancel: 'never' }));
  await page.click('#btn-wait');
  assert.equal(await settled(), 'timeout');
  await page.fill('#max-wait', '60000');
  await page.fill('#poll-interval', '100');
  await page.fill('#name', await seedOp({ onCancel: 'never' }));
  await page.click('#btn-wait');
  await page.locator('#timeline li[data-kind="poll"]').first().waitFor();
  assert.equal(await page.isEnabled('#btn-abort'), true);
  assert.equal(await page.isDisabled('#btn-cancel'), true);
  await page.click('#btn-abort');
  assert.equal(await settled(), 'aborted');
  assert.match(await text('#result-fields'), /\b1\b\s+CANCELLED/);
  await page.fill('#poll-interval', '1000');
});

test('errors: a wrong token is UNAUTHENTICATED', async () => {
  await page.selectOption('#service', 'gkehub');
  await page.fill('#name', await seedOp({}));
  await page.fill('#token', 'not-a-token');
  await page.click('#btn-get');
  assert.equal(await settled(), 'error');
  assert.match(await text('#result'), /16[\s\S]*UNAUTHENTICATED/);
  assert.match(await text('#result-fields'), /HTTP status\s+401/);
  assert.match(await text('#result-details'), /ErrorInfo[\s\S]*ACCESS_TOKEN_TYPE_UNSUPPORTED[\s\S]*googleapis\.com/);
  await page.fill('#token', TOKEN);
  await page.click('#btn-get');
  assert.equal(await settled(), 'success');
  assert.match(await text('#result-title'), /Operation is running/);
});

test('error details are rendered, and server text never becomes markup or a script link', async () => {
  const name = await seedOp({});
  const evil = '<img src=x onerror="window.__pwned=1">';
  await control('POST', '/_fake/faults', {
    name,
    faults: [{
      kind: 'status', status: 400, message: `bad ${evil}`, retryDelay: '3s',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'BAD_THING', domain: 'example.googleapis.com', metadata: { key: evil } },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [
          { description: 'Docs', url: 'https://cloud.google.com/docs' },
          { description: 'Trap', url: 'javascript:window.__pwned=1' },
        ] },
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'name', description: evil }] },
        { '@type': 'type.googleapis.com/example.Custom', note: evil },
      ],
    }],
  });
  await page.selectOption('#service', 'gkehub');
  await page.fill('#name', name);
  await page.fill('#token', TOKEN);
  await page.click('#btn-cancel');
  assert.equal(await settled(), 'error');
  const fields = await text('#result-fields');
  assert.match(fields, /3\s+INVALID_ARGUMENT/);
  assert.match(fields, /HTTP status\s+400/);
  assert.ok(fields.includes(evil), 'the message is shown as text');
  const details = await text('#result-details');
  assert.match(details, /google\.rpc\.ErrorInfo[\s\S]*BAD_THING[\s\S]*example\.googleapis\.com/);
  assert.match(details, /google\.rpc\.RetryInfo[\s\S]*3s/);
  assert.match(details, /google\.rpc\.BadRequest[\s\S]*name/);
  assert.match(details, /example\.Custom[\s\S]*"note"/);
  const links = await page.locator('#result a').evaluateAll((as) => as.map((a) => [a.href, a.target, a.rel]));
  assert.deepEqual(links, [['https://cloud.google.com/docs', '_blank', 'noopener noreferrer']]);
  assert.match(details, /Trap[\s\S]*not a web link/);
  assert.equal(await page.locator('#result img, #result script, #result iframe').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('backend switch and custom HTTP rule', async () => {
  await choose('gkehub', 'projects/p/locations/global/operations/op-1');
  await page.check('#backend-google');
  assert.match(await text('#backend-pill'), /Google APIs/);
  assert.equal(await text('#preview-url'), `https://${gkehub.host}/${gkehub.version}/projects/p/locations/global/operations/op-1:cancel`);
  assert.equal(await page.locator('#seeds-wrap').isHidden(), true);
  assert.equal(await page.locator('#token-demo').isHidden(), true);
  await page.selectOption('#service', '__custom__');
  await page.fill('#custom-rule', 'POST https://aiplatform.googleapis.com/v1/{name=projects/*/locations/*/operations/*}:cancel');
  await page.fill('#name', 'projects/p/locations/us-central1/operations/123');
  assert.equal(await text('#preview-url'), 'https://aiplatform.googleapis.com/v1/projects/p/locations/us-central1/operations/123:cancel');
  assert.match(await text('#name-hint'), /projects\/\*\/locations\/\*\/operations\/\*/);
  await page.fill('#custom-rule', 'not a rule');
  await page.locator('#custom-rule-error').waitFor({ state: 'visible' });
  assert.equal(await page.getAttribute('#custom-rule', 'aria-invalid'), 'true');
  await page.selectOption('#service', 'gkehub');
  await page.check('#backend-fake');
  assert.match(await text('#backend-pill'), /Local fake server/);
  assert.ok((await text('#preview-url')).startsWith(fakeUrl));
});

test('the token never leaves its input: not in the DOM, attributes, storage, cookies or URL', async () => {
  await page.fill('#token', TOKEN);
  await page.click('#btn-token-show');
  assert.equal(await page.getAttribute('#token', 'type'), 'text');
  await page.click('#btn-token-show');
  const { html, valueAttr, attrs, local, session, cookie, url, value } = await tokenLeaks(page);
  assert.deepEqual({ html, valueAttr, attrs, local, session, cookie, url, value }, { html: false, valueAttr: null, attrs: [], local: 0, session: 0, cookie: '', url: false, value: TOKEN });
});

test('no CSP violations and no page errors after every action', async () => {
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(pageErrors, []);
  // The only console errors are the browser's own logs of the HTTP errors the tests asked for.
  const unexpected = consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of (400|401|501)/.test(e.text));
  assert.deepEqual(unexpected, []);
});

test('phone width (375 px): single column, no horizontal scroll, screenshot', async () => {
  const opened = await openPhone(env);
  const { phone } = opened;
  await phone.waitForSelector('#seeds button.chip');
  await phone.locator('#seeds button.chip').first().click();
  await phone.click('#btn-demo-token');
  await phone.click('#btn-get');
  await phone.waitForFunction(() => !['idle', 'running'].includes(document.getElementById('outcome').dataset.outcome));
  const layout = await phone.evaluate(() => {
    const r = (id) => document.getElementById(id).closest('.card').getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      stacked: r('form').bottom <= r('preview-url').top && r('preview-url').bottom <= r('result').top,
      height: document.documentElement.scrollHeight,
    };
  });
  assert.ok(layout.scrollWidth <= 375, `no horizontal scroll (scrollWidth ${layout.scrollWidth})`);
  assert.ok(layout.stacked, 'cards stack in one column');
  const file = new URL('demo-phone.png', SHOTS).pathname;
  await phone.screenshot({ path: file, fullPage: true });
  assertFileNotBlank(file, 10_000);
  assert.ok(layout.height > 400);
  await closePhone(opened);
});

test('a wasm that fails to load shows a clear error banner', async () => {
  const p = await context.newPage();
  await p.route('**/pkg/lro_cancel_bg.wasm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
  await p.goto(pageUrl);
  await p.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await p.locator('#banner').innerText(), /WebAssembly module could not be loaded[\s\S]*scripts\/build\.sh/);
  assert.equal(await p.isDisabled('#btn-cancel'), true);
  await p.close();
});
