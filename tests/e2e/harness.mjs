// Shared setup of the browser tests (not a test file: `node --test tests/e2e/` runs only
// *.test.mjs here). Playwright (playwright-core) drives Debian's Chromium against the fake Google
// server and, for the demo console, the demo server (scripts/serve.mjs, with its CSP header),
// all started in-process on 127.0.0.1. Assumes pkg/ is built (bash scripts/build.sh).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startFakeServer } from '../fake-server/server.mjs';
import { serve } from '../../scripts/serve.mjs';
import { initSync } from '../../pkg/index.js';

export const ROOT = new URL('../../', import.meta.url);
export const SHOTS = new URL('target/screenshots/', ROOT);
export const TOKEN = 'test-token'; // accepted by the fake; must never appear in the page's DOM
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Headless Debian Chromium (no browser is downloaded). */
export const launchChromium = (executablePath = '/usr/bin/chromium') => chromium.launch({ executablePath, args: CHROMIUM_ARGS });

/** The fake Google server on a free port; `url` without a trailing slash. */
export async function startFake(options = {}) {
  const server = await startFakeServer({ port: 0, quiet: true, ...options });
  return { server, url: String(server.url).replace(/\/+$/, '') };
}

/** A `control(method, path, body)` for the fake's control API at `fakeUrl()`: asserts a 2xx answer, returns the parsed body or null. */
export const fakeControl = (fakeUrl) => async (method, path, body) => {
  const r = await fetch(fakeUrl() + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path} → HTTP ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

/** Records CSP violations in the page (Playwright's init scripts are not subject to the CSP). */
export function watchCsp() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
}

/**
 * Starts the wasm, the fake (with the demo operations), the demo server and Chromium, and opens
 * the demo console on one page; `initScripts` run in every page after `watchCsp`, `onPage(page)`
 * attaches listeners before the page loads. Returns { fake, fakeUrl, demo, pageUrl, browser, context, page, close }.
 */
export async function openDemo({ initScripts = [], onPage = () => {} } = {}) {
  initSync({ module: readFileSync(new URL('pkg/lro_cancel_bg.wasm', ROOT)) });
  const env = {};
  ({ server: env.fake, url: env.fakeUrl } = await startFake({ seedDemo: true }));
  env.demo = await serve({ port: 0, fake: env.fakeUrl });
  env.pageUrl = `${env.demo.url}?fake=${encodeURIComponent(env.fakeUrl)}`;
  env.browser = await launchChromium();
  env.context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  for (const script of [watchCsp, ...initScripts]) await env.context.addInitScript(script);
  env.page = await env.context.newPage();
  onPage(env.page);
  await env.page.goto(env.pageUrl);
  await env.page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  await env.page.waitForSelector('#seeds button.chip');
  mkdirSync(SHOTS, { recursive: true });
  return env;
}

/** Closes what `openDemo` started (any of it may be missing if it failed half-way). */
export async function closeDemo(env) {
  await env?.browser?.close();
  await env?.demo?.close();
  await env?.fake?.close();
}

/** A second page of the demo at phone width (375 × 812), loaded; collects its console errors. */
export async function openPhone(env) {
  const phone = await env.context.newPage();
  const errors = [];
  phone.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await phone.setViewportSize({ width: 375, height: 812 });
  await phone.goto(env.pageUrl);
  await phone.waitForSelector('body[data-ready="true"]');
  return { phone, errors };
}

/** Asserts the phone page logged no console errors and no CSP violations, then closes it. */
export async function closePhone({ phone, errors }) {
  assert.deepEqual(errors, []);
  assert.deepEqual(await phone.evaluate(() => window.__csp), []);
  await phone.close();
}

/** Asserts a screenshot file is larger than `minBytes` (a blank one is small). */
export function assertFileNotBlank(file, minBytes = 20_000) {
  const size = statSync(file).size;
  assert.ok(size > minBytes, `${file} is ${size} bytes: blank?`);
}

/** Where the token shows up in the page: markup, attributes, text, storage, cookies, URL, the #token field. */
export const tokenLeaks = (page, token = TOKEN) => page.evaluate((t) => ({
  html: document.documentElement.outerHTML.includes(t),
  valueAttr: document.getElementById('token').getAttribute('value'),
  attrs: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes]).filter((a) => a.value.includes(t)).map((a) => a.name),
  text: document.body.innerText.includes(t),
  local: Object.keys(localStorage).length,
  session: Object.keys(sessionStorage).length,
  cookie: document.cookie,
  url: location.href.includes(t),
  value: document.getElementById('token').value,
}), token);
