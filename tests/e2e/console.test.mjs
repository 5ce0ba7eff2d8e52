// The operations console of the demo (www/): the API picker over the full catalogue, the paste
// box, listing with paging and the running-only filter, and cancelling many operations at once
// with a progress bar. Playwright (playwright-core) drives Debian's Chromium against the demo
// server (scripts/serve.mjs, with its CSP header) and the fake Google server, both started
// in-process on 127.0.0.1. Assumes pkg/ is built (bash scripts/build.sh).
// Run: node --test tests/e2e/console.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registerCatalogue, resolveName, services } from '../../pkg/index.js';
import { catalogue } from '../../pkg/catalogue.js';
import { SHOTS, TOKEN, openDemo, closeDemo, fakeControl, openPhone, closePhone, assertFileNotBlank as assertNotBlank, tokenLeaks } from './harness.mjs';

let env, page, fakeUrl;
const consoleErrors = [];
const pageErrors = [];
const requests = []; // every URL the page fetched, in order

/** Records how many cancel requests are in flight at once (init script; the harness records CSP violations). */
function instrument() {
  window.__cancels = { now: 0, max: 0 };
  const realFetch = window.fetch;
  window.fetch = function fetch(input, init) {
    const url = typeof input === 'string' ? input : input?.url ?? String(input);
    const method = (init?.method ?? input?.method ?? 'GET').toUpperCase();
    if (method !== 'POST' || !/:cancel(\?|$)/.test(url)) return realFetch.call(this, input, init);
    const c = window.__cancels;
    c.now += 1;
    c.max = Math.max(c.max, c.now);
    const done = () => { c.now -= 1; };
    const p = realFetch.call(this, input, init);
    p.then(done, done);
    return p;
  };
}

const control = fakeControl(() => fakeUrl);
const fakeState = (name) => control('GET', `/_fake/operations/${name}`);
const text = (sel) => page.locator(sel).innerText();

/** Seeds `count` operations under a fresh parent; returns the parent and the names. */
let seq = 0;
async function seedParent(count, extra = {}) {
  const parent = `projects/console-e2e-${process.pid}-${++seq}/locations/us-east1`;
  const { names } = await control('POST', '/_fake/operations', { seed: { parent, count, ...extra } });
  return { parent, names };
}

/** Fills the list form and lists page 1; waits for the table. */
async function list(parent, { running = false, pageSize = 10 } = {}) {
  await page.fill('#list-parent', parent);
  await page.fill('#list-page-size', String(pageSize));
  await page.setChecked('#list-running', running);
  await page.click('#btn-list');
  await listed();
}

/** Waits for a list call to end; returns the names in the table. */
async function listed() {
  await page.waitForFunction(() => document.getElementById('btn-list').textContent === 'List operations' && !document.getElementById('ops-toolbar').hidden);
  return page.locator('#ops-body tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.name));
}

/** Waits for the batch to end; returns the status line. */
async function bulkDone() {
  await page.waitForFunction(() => document.getElementById('btn-bulk-abort').disabled && /^(Finished|Aborted|Nothing)/.test(document.getElementById('bulk-status').textContent), null, { timeout: 20_000 });
  return text('#bulk-status');
}

const outcomes = () => page.locator('#ops-body tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => {
  const cell = tr.querySelector('.col-outcome');
  return [tr.dataset.name, { outcome: cell.dataset.outcome, text: cell.innerText }];
})));

before(async () => {
  env = await openDemo({
    initScripts: [instrument],
    onPage: (p) => {
      p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      p.on('pageerror', (e) => pageErrors.push(e.message));
      p.on('request', (r) => requests.push(r.url()));
    },
  });
  ({ page, fakeUrl } = env);
  registerCatalogue(catalogue); // in Node, for the expected values (the page loads its own copy)
  await page.fill('#token', TOKEN);
});

after(() => closeDemo(env));

test('loads: the console is labelled, the catalogue waits until the picker is used, the demo parent is prefilled', async () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.ok(!requests.some((u) => u.includes('/pkg/catalogue.js')), 'the catalogue is not loaded up front');
  const demoInfo = await control('GET', '/_fake/demo');
  assert.equal(await page.inputValue('#list-parent'), demoInfo.listParent);
  // Every visible control has an accessible name; the live regions are there.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button, textarea, progress')]
    .filter((el) => !el.closest('[hidden]') && !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent.trim()))
    .map((el) => el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.getAttribute('#bulk-status', 'aria-live'), 'polite');
  assert.equal(await page.getAttribute('#inferred', 'role'), 'status');
  assert.equal(await page.getAttribute('#api-search', 'role'), 'combobox');
  assert.equal(await page.getAttribute('#api-search', 'aria-expanded'), 'false');
  assert.equal(await page.isDisabled('#btn-cancel-selected'), true);
});

test('API picker: search "deploy", then choose aiplatform.v1 with the keyboard; the name hint follows', async () => {
  await page.click('#api-search');
  await page.fill('#api-search', 'deploy');
  const expected = services('deploy').map((s) => s.id);
  await page.waitForFunction((first) => document.querySelector('#api-results [role="option"]')?.dataset.id === first
    && /match/.test(document.getElementById('api-search-hint').textContent), expected[0]);
  assert.ok(requests.some((u) => u.endsWith('/pkg/catalogue.js')), 'the catalogue was loaded on demand');
  const ids = await page.locator('#api-results [role="option"]').evaluateAll((os) => os.map((o) => o.dataset.id));
  assert.deepEqual(ids, expected.slice(0, ids.length));
  assert.ok(ids.includes('clouddeploy'), `clouddeploy among ${ids}`);
  assert.ok(ids.some((id) => id.startsWith('clouddeploy.')), `a catalogue version of clouddeploy among ${ids}`);
  assert.match(await text('#api-search-hint'), new RegExp(`${expected.length} APIs? match`));
  const pickerShot = new URL('console-picker.png', SHOTS).pathname;
  await page.locator('.card-form').screenshot({ path: pickerShot });
  await assertNotBlank(pickerShot, 10_000);
  // The select offers the whole catalogue now.
  assert.ok(await page.locator('#service option[value="aiplatform.v1"]').count() === 1);

  // Keyboard: type, arrow down to aiplatform.v1, Enter.
  await page.fill('#api-search', '');
  await page.locator('#api-search').pressSequentially('aiplat');
  const want = services('aiplat').map((s) => s.id);
  const at = want.indexOf('aiplatform.v1');
  assert.ok(at >= 0, `aiplatform.v1 in ${want}`);
  await page.waitForFunction((n) => document.querySelectorAll('#api-results [role="option"]').length === n, want.length);
  // The first match is highlighted; move to aiplatform.v1.
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#api-search', 'aria-activedescendant');
  assert.equal(await page.locator(`#${active}`).getAttribute('data-id'), 'aiplatform.v1');
  assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#api-search', 'aria-expanded'), 'false');
  assert.equal(await page.locator('#api-results').isHidden(), true);
  assert.equal(await page.inputValue('#service'), 'aiplatform.v1');
  assert.equal(await page.inputValue('#api-search'), 'aiplatform.v1');
  const ai = services().find((s) => s.id === 'aiplatform.v1');
  const hint = await text('#name-hint');
  assert.ok(hint.includes(ai.templates[0]), `name hint "${hint}" shows ${ai.templates[0]}`);
  assert.match(await text('#service-info'), new RegExp(`https://${ai.host}/${ai.version}/`));
  // A name of that API validates against its templates.
  await page.fill('#name', 'projects/p/locations/us-central1/operations/123');
  assert.equal(await text('#preview-url'), `${fakeUrl}/v1/projects/p/locations/us-central1/operations/123:cancel`);

  // Escape closes the list without choosing; mouse choice works too.
  await page.fill('#api-search', 'vault');
  await page.locator('#api-results [role="option"][data-id="vault"]').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#api-results').isHidden(), true);
  assert.equal(await page.inputValue('#service'), 'aiplatform.v1');
  await page.click('#api-search');
  await page.locator('#api-results [role="option"][data-id="vault"]').click();
  assert.equal(await page.inputValue('#service'), 'vault');
  await page.selectOption('#service', 'gkehub');
});

test('paste box: a full resource name and an operation URL infer the service; an unknown host is refused', async () => {
  await page.fill('#paste', '//gkehub.googleapis.com/projects/p/locations/l/operations/o');
  await page.waitForFunction(() => document.getElementById('inferred').dataset.state === 'ok');
  const gk = resolveName({ name: '//gkehub.googleapis.com/projects/p/locations/l/operations/o' });
  assert.match(await text('#inferred'), new RegExp(`Inferred service[\\s\\S]*${gk.service.id.replace('.', '\\.')}`));
  assert.equal(await page.inputValue('#service'), gk.service.id);
  assert.equal(await page.inputValue('#name'), 'projects/p/locations/l/operations/o');
  assert.equal(await text('#preview-url'), `${fakeUrl}/${gk.service.version}/projects/p/locations/l/operations/o:cancel`);
  assert.equal(await page.getAttribute('#paste', 'aria-invalid'), 'false');

  const url = 'https://clouddeploy.googleapis.com/v1/projects/p/locations/us-central1/operations/operation-42:cancel';
  await page.fill('#paste', url);
  const cd = resolveName({ name: url });
  assert.match(cd.service.id, /^clouddeploy/);
  await page.waitForFunction((id) => document.getElementById('service').value === id, cd.service.id);
  assert.match(await text('#inferred'), new RegExp(cd.service.id.replace('.', '\\.')));
  assert.match(await text('#inferred'), /clouddeploy\.googleapis\.com\/v1/);
  assert.equal(await page.inputValue('#name'), 'projects/p/locations/us-central1/operations/operation-42');
  assert.equal(await page.locator('#name-ok').isVisible(), true);

  const unknown = '//nonexistent.googleapis.com/projects/p/locations/l/operations/o';
  let refusal;
  try { resolveName({ name: unknown }); } catch (e) { refusal = e; }
  assert.equal(refusal?.code, 3);
  await page.fill('#paste', unknown);
  await page.waitForFunction(() => document.getElementById('inferred').dataset.state === 'error');
  const shown = await text('#inferred');
  assert.ok(shown.includes(refusal.message), `"${shown}" shows "${refusal.message}"`);
  assert.match(shown, /3 INVALID_ARGUMENT/);
  assert.equal(await page.getAttribute('#paste', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#service'), cd.service.id, 'a refused name leaves the service alone');

  // A plain name is read with the selected service.
  await page.selectOption('#service', 'gkehub');
  await page.fill('#paste', 'projects/p/locations/global/operations/plain-1');
  await page.waitForFunction(() => document.getElementById('inferred').dataset.state === 'ok');
  assert.match(await text('#inferred'), /Selected service[\s\S]*gkehub/);
  assert.equal(await page.inputValue('#name'), 'projects/p/locations/global/operations/plain-1');
  await page.fill('#paste', '');
  assert.equal(await page.locator('#inferred').isVisible(), false);
});

test('list: all operations in 3 pages of 10, 10 and 5; running only in 2 pages; Previous goes back', async () => {
  await page.selectOption('#service', 'clouddeploy');
  const { parent, names } = await seedParent(25, { prefix: 'page-', doneEvery: 5 });
  await list(parent, { pageSize: 10 });
  assert.deepEqual(await listed(), names.slice(0, 10));
  assert.match(await text('#list-status'), /Page 1: 10 operations, more on the next page/);
  assert.equal(await page.isEnabled('#btn-next-page'), true);
  assert.equal(await page.isDisabled('#btn-prev-page'), true);
  // Row content: the short name, state, verb, target and create time.
  const row5 = page.locator(`#ops-body tr[data-name="${names[4]}"]`);
  assert.equal(await row5.getAttribute('data-state'), 'completed');
  assert.match(await row5.innerText(), /page-0005[\s\S]*done · completed[\s\S]*update[\s\S]*resources\/page-0005[\s\S]*\d{4}-\d\d-\d\d \d\d:\d\d/);
  assert.match(await page.locator(`#ops-body tr[data-name="${names[0]}"]`).innerText(), /running/);
  await page.click('#btn-next-page');
  assert.deepEqual(await listed(), names.slice(10, 20));
  assert.equal(await text('#page-label'), 'Page 2');
  await page.click('#btn-next-page');
  assert.deepEqual(await listed(), names.slice(20));
  assert.match(await text('#list-status'), /Page 3: 5 operations\./);
  assert.equal(await page.isDisabled('#btn-next-page'), true);
  await page.click('#btn-prev-page');
  assert.deepEqual(await listed(), names.slice(10, 20));

  await list(parent, { running: true, pageSize: 10 });
  const running = names.filter((_, i) => (i + 1) % 5 !== 0);
  assert.deepEqual(await listed(), running.slice(0, 10));
  await page.click('#btn-next-page');
  assert.deepEqual(await listed(), running.slice(10));
  assert.equal(await page.isDisabled('#btn-next-page'), true);
  assert.equal(await page.locator('#ops-body tr:not([data-state="running"])').count(), 0);
  const lists = (await control('GET', '/_fake/requests?name=' + encodeURIComponent(parent))).filter((r) => r.kind === 'list');
  assert.ok(lists.slice(-2).every((r) => /filter=done(%3D|=)false/.test(r.path)), lists.map((r) => r.path).join('\n'));

  // The demo parent (prefilled on the fake): the same running operations as the fake lists itself.
  const demoParent = (await control('GET', '/_fake/demo')).listParent;
  await list(demoParent, { running: true, pageSize: 50 });
  const version = services().find((s) => s.id === 'clouddeploy').version;
  const direct = await (await fetch(`${fakeUrl}/${version}/${demoParent}/operations?filter=done%3Dfalse&pageSize=50`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  assert.ok(direct.operations.length >= 20);
  assert.deepEqual(await listed(), direct.operations.map((o) => o.name));

  // A bad parent shows the library's error, not an empty table.
  await page.fill('#list-parent', '');
  await page.click('#btn-list');
  await page.locator('#list-error').waitFor({ state: 'visible' });
  assert.match(await text('#list-error'), /Enter the parent/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'list-parent');
  // A filter the server refuses comes back as the server's INVALID_ARGUMENT.
  await page.fill('#list-parent', parent);
  await page.fill('#list-page-size', '-1');
  await page.click('#btn-list');
  await page.waitForFunction(() => !document.getElementById('list-error').hidden && document.getElementById('btn-list').textContent === 'List operations');
  assert.match(await text('#list-error'), /\b3\b\s+INVALID_ARGUMENT/);
  await page.fill('#list-page-size', '10');
});

test('bulk: 20 running, select all, cancel with concurrency 4 and one injected 400 → 19 ✓, 1 error, progress 20/20', async () => {
  await page.selectOption('#service', 'clouddeploy');
  const { parent, names } = await seedParent(20, { prefix: 'bulk-' });
  const bad = names[6];
  await list(parent, { pageSize: 50, running: true });
  await control('POST', '/_fake/faults', { name: bad, faults: [{ kind: 'status', status: 400, message: 'Injected: this operation refuses cancellation.' }] });
  // Every other cancel waits 120 ms, so that the concurrency limit is what bounds the requests in flight.
  await control('POST', '/_fake/faults', { faults: [{ kind: 'delay', ms: 120, times: 19 }] });
  assert.equal(await page.locator('#ops-body tr').count(), 20);
  await page.check('#select-all');
  assert.equal(await page.locator('#ops-body input.row-check:checked').count(), 20);
  assert.equal(await text('#btn-cancel-selected'), 'Cancel selected (20)');
  await page.fill('#bulk-concurrency', '4');
  await page.evaluate(() => { window.__cancels = { now: 0, max: 0 }; });
  await page.click('#btn-cancel-selected');
  assert.equal(await page.isEnabled('#btn-bulk-abort'), true);
  const status = await bulkDone();
  assert.match(status, /^Finished: 20 \/ 20 done · 19 accepted · 1 failed$/);
  assert.equal(await page.getAttribute('#bulk-progress', 'max'), '20');
  assert.equal(await page.evaluate(() => document.getElementById('bulk-progress').value), 20);
  const out = await outcomes();
  const ok = names.filter((n) => out[n].outcome === 'ok');
  assert.equal(ok.length, 19);
  assert.ok(ok.every((n) => /✓/.test(out[n].text)));
  assert.equal(out[bad].outcome, 'error');
  assert.match(out[bad].text, /3\s+INVALID_ARGUMENT[\s\S]*Injected: this operation refuses cancellation\./);
  // The fake saw exactly one cancel of each of the 19, none of the refused one, at most 4 at once.
  for (const n of names) assert.equal((await fakeState(n)).cancelCount, n === bad ? 0 : 1, n);
  const { max } = await page.evaluate(() => window.__cancels);
  assert.ok(max >= 2 && max <= 4, `at most 4 cancels in flight (saw ${max})`);
  assert.equal(await page.isDisabled('#btn-bulk-abort'), true);
  assert.equal(await page.isEnabled('#btn-cancel-selected'), true);

  await page.locator('#ops-card').scrollIntoViewIfNeeded();
  const file = new URL('console-bulk.png', SHOTS).pathname;
  await page.screenshot({ path: file, fullPage: true });
  await assertNotBlank(file);
  const card = new URL('console-bulk-card.png', SHOTS).pathname;
  await page.locator('#ops-card').screenshot({ path: card });
  await assertNotBlank(card, 10_000);
});

test('bulk: Abort stops the batch; what had not been sent is reported as CANCELLED', async () => {
  await page.selectOption('#service', 'clouddeploy');
  const { parent, names } = await seedParent(12, { prefix: 'abort-' });
  await list(parent, { pageSize: 50 });
  await control('POST', '/_fake/faults', { faults: [{ kind: 'delay', ms: 300, times: 12 }] });
  await page.check('#select-all');
  await page.fill('#bulk-concurrency', '2');
  await page.click('#btn-cancel-selected');
  await page.waitForFunction(() => document.getElementById('bulk-progress').value >= 2);
  await page.click('#btn-bulk-abort');
  const status = await bulkDone();
  assert.match(status, /^Aborted: 12 \/ 12 done · \d+ accepted · \d+ aborted$/);
  const out = await outcomes();
  const aborted = names.filter((n) => out[n].outcome === 'aborted');
  assert.ok(aborted.length >= 6, `most were aborted: ${JSON.stringify(out)}`);
  assert.ok(aborted.every((n) => /1\s+CANCELLED/.test(out[n].text)));
  assert.ok(names.filter((n) => out[n].outcome === 'ok').length >= 2);
  await control('DELETE', '/_fake/faults');
});

/** Presses Tab until the element with `id` has the focus; returns how many presses it took. */
async function tabTo(id, max = 80) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((x) => document.activeElement?.id === x, id)) return i;
  }
  throw new Error(`Tab never reached #${id}`);
}

const focusRing = () => page.evaluate(() => {
  const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
});

test('keyboard only: list, select all with Space, Cancel selected with Enter; focus is visible', async () => {
  await page.selectOption('#service', 'clouddeploy');
  const { parent, names } = await seedParent(5, { prefix: 'kbd-' });
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.fill('#list-parent', '');
  await tabTo('list-parent');
  await page.keyboard.type(parent);
  await page.keyboard.press('Enter'); // submits the list form
  assert.deepEqual(await listed(), names.slice(0, 5));
  await tabTo('select-all', 10);
  assert.ok(await focusRing(), 'select-all shows its focus');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#ops-body input.row-check:checked').count(), 5);
  // Space on one row unselects it.
  await page.keyboard.press('Tab'); // (Previous and Next are disabled) → first row
  assert.equal(await page.evaluate(() => document.activeElement.dataset.name), names[0]);
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#ops-body input.row-check:checked').count(), 4);
  assert.equal(await page.evaluate(() => document.getElementById('select-all').indeterminate), true);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space'); // indeterminate → all
  assert.equal(await page.locator('#ops-body input.row-check:checked').count(), 5);
  await tabTo('btn-cancel-selected', 20);
  assert.ok(await focusRing(), 'Cancel selected shows its focus');
  await page.keyboard.press('Enter');
  assert.match(await bulkDone(), /^Finished: 5 \/ 5 done · 5 accepted$/);
  for (const n of names) assert.equal((await fakeState(n)).cancelCount, 1, n);
});

test('the token never reaches the DOM, attributes, storage or URL', async () => {
  const { html, attrs, text, local, session, url } = await tokenLeaks(page);
  assert.deepEqual({ html, attrs, text, local, session, url }, { html: false, attrs: [], text: false, local: 0, session: 0, url: false });
});

test('no CSP violations and no page errors; console errors are only the injected HTTP 400', async () => {
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(pageErrors, []);
  const unexpected = consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e));
  assert.deepEqual(unexpected, []);
});

test('phone width (375 px): the list and the batch fit without horizontal scroll', async () => {
  const opened = await openPhone(env);
  const { phone } = opened;
  await phone.click('#btn-demo-token');
  await phone.selectOption('#service', 'clouddeploy');
  const { parent } = await seedParent(4, { prefix: 'phone-' });
  await phone.fill('#list-parent', parent);
  await phone.click('#btn-list');
  await phone.locator('#ops-body tr').first().waitFor();
  await phone.check('#select-all');
  await phone.click('#btn-cancel-selected');
  await phone.waitForFunction(() => /^Finished/.test(document.getElementById('bulk-status').textContent));
  await phone.fill('#api-search', 'deploy');
  await phone.locator('#api-results [role="option"]').first().waitFor();
  const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 375, `no horizontal scroll (scrollWidth ${scrollWidth})`);
  await phone.keyboard.press('Escape');
  const file = new URL('console-phone.png', SHOTS).pathname;
  await phone.locator('#ops-card').screenshot({ path: file });
  assertNotBlank(file, 10_000);
  await closePhone(opened);
});
