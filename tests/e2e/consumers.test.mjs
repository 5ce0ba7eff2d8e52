// The package as its users consume it, in headless Chromium (playwright-core driving Debian's
// /usr/bin/chromium; no browser is downloaded), against the fake Google server on 127.0.0.1:
//  (a) `npm pack ./pkg`, then a throwaway Vite 7 app (tests/e2e/fixtures/vite-app) that depends
//      on the tarball: `npm install`, `npx vite build`, dist/ served statically; the app cancels
//      an operation in the page and in a module Web Worker that Vite bundles;
//  (b) a plain <script type="module"> page importing /pkg/index.js, no bundler;
//  (c) a module Web Worker importing /pkg/index.js, no bundler.
// Each checks that the fake saw exactly one authorised cancel from the page's origin and that a
// failed cancel rejects with an LroError (code 5) the consumer can `instanceof`.
//
// The Vite app lives in target/vite-consumer/app; its node_modules stay between runs, and only
// the lro-cancel tarball is reinstalled when its hash changes. Assumes pkg/ is built
// (bash scripts/build.sh) and the npm registry is reachable on the first run.
// Run: node --test tests/e2e/consumers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { TOKEN, fakeControl, launchChromium, startFake } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const FIXTURES = join(ROOT, 'tests/e2e/fixtures');
const CACHE = join(ROOT, 'target/vite-consumer');
const APP = join(CACHE, 'app');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let fake, fakeUrl, browser;
const servers = [];
const figures = {};

// ------------------------------------------------------------------------------ helpers

function run(cmd, args, { cwd = ROOT, timeout = 240_000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    execFile(cmd, args, { cwd, timeout, maxBuffer: 1 << 26, env: { ...process.env, npm_config_update_notifier: 'false', ...env } }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${stdout}\n${stderr}`));
      resolve({ stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

const control = fakeControl(() => fakeUrl);

let seq = 0;
/** A fresh running operation on the fake, and a name that exists nowhere. */
async function seed(label) {
  const base = `projects/consumer/locations/global/operations/${label}-${process.pid}-${++seq}`;
  await control('POST', '/_fake/operations', { operations: [{ name: base }] });
  return { name: base, missing: `${base}-missing` };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.ts': 'text/plain' };

/** A static server on 127.0.0.1: routes = [[urlPrefix, dir]]; logs { path, status, type }. */
function serveStatic(routes) {
  const log = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const route = routes.find(([prefix]) => path.startsWith(prefix));
    const entry = { path, status: 404, type: '' };
    log.push(entry);
    if (!route) return res.writeHead(404).end();
    const [prefix, dir] = route;
    const file = normalize(join(dir, path.slice(prefix.length) || 'index.html'));
    if (!file.startsWith(dir + sep) && file !== dir) return res.writeHead(403).end();
    try {
      const f = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(f);
      entry.status = 200;
      entry.type = TYPES[extname(f)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const s = { url: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
    servers.push(s);
    resolve(s);
  }));
}

/** Opens `url`, waits for #result[data-state=done] and returns the parsed result and the page's errors. */
async function visit(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every non-2xx response; the scenario's cancel of a missing operation is one.
    const at = m.location()?.url ?? '';
    if (at.startsWith(`${fakeUrl}/`) && /status of 404/.test(m.text())) return;
    problems.push(`console: ${m.text()} (${at})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('crash', () => problems.push('page crashed'));
  try {
    await page.goto(url);
    await page.waitForSelector('#result[data-state="done"]', { timeout: 20_000 });
    const text = await page.locator('#result').innerText();
    const shown = await page.locator('body').innerText(); // what the user sees (not script source)
    return { result: JSON.parse(text), problems, shown };
  } finally {
    await context.close();
  }
}

/** The checks every consumer shares: its own result, and what the fake saw. */
async function expectCancelled({ result, problems, shown }, { name, missing }, origin, where) {
  assert.equal(result.where, where);
  assert.equal(result.failure, undefined, `${where}: ${result.failure}`);
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(result.cancelled, 'undefined', 'cancelOperation resolves to undefined');
  assert.deepEqual(result.error, { isLroError: true, isError: true, name: 'LroError', code: 5, status: 'NOT_FOUND', httpStatus: 404 });
  assert.deepEqual(problems, []);
  assert.ok(!shown.includes(TOKEN), 'the token reached the page text');

  const state = await control('GET', `/_fake/operations/${name}`);
  assert.equal(state.cancelCount, 1, `the fake saw ${state.cancelCount} cancels of ${name}`);
  assert.equal(state.requestedCancellation, true);
  const requests = (await control('GET', `/_fake/requests?name=${encodeURIComponent(name)}`)).filter((r) => r.name === name);
  assert.equal(requests.length, 1, JSON.stringify(requests));
  const [r] = requests;
  assert.equal(r.method, 'POST');
  assert.equal(r.hasAuth, true);
  assert.equal(r.authOk, true);
  assert.equal(r.origin, origin, 'the cancel came from the page origin (CORS request)');
  const miss = (await control('GET', `/_fake/requests?name=${encodeURIComponent(missing)}`)).filter((x) => x.name === missing);
  assert.equal(miss.length, 1, 'retry: false sent the failing cancel once');
  assert.equal(miss[0].status, 404);
}

// ------------------------------------------------------------------------------ the Vite app

let viteBuild; // Promise<{ dist, pack, install, build }>, made once by the first test that needs it

/** Copies the template to target/vite-consumer/app; installs only what changed. */
async function buildViteApp() {
  assert.ok(existsSync(join(PKG, 'package.json')), 'pkg/ is not built: run bash scripts/build.sh');
  // 1. npm pack, as a publisher would.
  const packDir = mkdtempSync(join(tmpdir(), 'lro-pack-'));
  let pack;
  try {
    const { stdout } = await run('npm', ['pack', './pkg', '--pack-destination', packDir, '--json']);
    [pack] = JSON.parse(stdout);
    const tarball = join(packDir, pack.filename);
    pack.bytes = statSync(tarball).size;
    // 2. The app, with the tarball as its file: dependency.
    mkdirSync(APP, { recursive: true });
    for (const f of readdirSync(join(FIXTURES, 'vite-app'))) cpSync(join(FIXTURES, 'vite-app', f), join(APP, f), { recursive: true });
    cpSync(tarball, join(APP, 'lro-cancel.tgz'));
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
  // 3. npm install, skipped when neither the tarball nor the template's package.json changed.
  const key = { tarball: sha256(join(APP, 'lro-cancel.tgz')), manifest: sha256(join(APP, 'package.json')) };
  const stampFile = join(APP, '.consumer-stamp.json');
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
  const haveVite = existsSync(join(APP, 'node_modules/vite/package.json'));
  let install = { skipped: true, ms: 0 };
  if (!haveVite || stamp.tarball !== key.tarball || stamp.manifest !== key.manifest) {
    if (stamp.tarball !== key.tarball) {
      // Forget the old tarball (its integrity is in the lockfile); keep Vite's locked tree.
      rmSync(join(APP, 'node_modules/lro-cancel'), { recursive: true, force: true });
      const lockFile = join(APP, 'package-lock.json');
      if (existsSync(lockFile)) {
        const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
        delete lock.packages?.['node_modules/lro-cancel'];
        writeFileSync(lockFile, JSON.stringify(lock, null, 2));
      }
    }
    rmSync(stampFile, { force: true });
    const r = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error'], { cwd: APP });
    install = { skipped: false, ms: r.ms, fresh: !haveVite };
    writeFileSync(stampFile, JSON.stringify(key));
  }
  const installed = JSON.parse(readFileSync(join(APP, 'node_modules/lro-cancel/package.json'), 'utf8'));
  const viteVersion = JSON.parse(readFileSync(join(APP, 'node_modules/vite/package.json'), 'utf8')).version;
  // 4. npx vite build.
  rmSync(join(APP, 'dist'), { recursive: true, force: true });
  const build = await run('npx', ['vite', 'build'], { cwd: APP });
  return { dist: join(APP, 'dist'), pack, install, build, installed, viteVersion };
}

const vite = () => (viteBuild ??= buildViteApp());

// ------------------------------------------------------------------------------ setup

before(async () => {
  assert.ok(existsSync(join(PKG, 'index.js')) && existsSync(join(PKG, 'lro_cancel_bg.wasm')), 'pkg/ is not built: run bash scripts/build.sh');
  ({ server: fake, url: fakeUrl } = await startFake());
  browser = await launchChromium(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  await fake?.close();
  if (Object.keys(figures).length) console.log(`consumer figures: ${JSON.stringify(figures)}`);
});

// ------------------------------------------------------------------------------ tests

test('(a) npm pack ./pkg → install in a Vite 7 app → vite build', { timeout: 300_000 }, async () => {
  const { dist, pack, install, build, installed, viteVersion } = await vite();
  // The tarball: what a user downloads.
  const files = pack.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'README.md', 'index.js', 'index.d.ts', 'lro_cancel_bg.wasm']) {
    assert.ok(files.includes(f), `the tarball lacks ${f}: ${files.join(', ')}`);
  }
  assert.ok(!files.some((f) => /^snippets\/|^lro_cancel\.js$|^api\.js$/.test(f)), `wasm-bindgen's glue, snippets or an unbundled module were shipped: ${files.join(', ')}`);
  assert.ok(!files.some((f) => /^(src|tests|target|node_modules|js)\//.test(f) || f.endsWith('.rs')), `unexpected files: ${files.join(', ')}`);
  assert.equal(installed.name, 'lro-cancel');
  assert.equal(installed.type, 'module');
  assert.equal(installed.sideEffects, false);
  assert.match(viteVersion, /^7\./);

  // The bundle: one wasm asset (not inlined), JavaScript for the page and the worker.
  const assets = readdirSync(join(dist, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.ok(wasm.length >= 1, `no .wasm in dist/assets: ${assets.join(', ')}`);
  assert.ok(js.length >= 2, `expected page and worker chunks: ${assets.join(', ')}`);
  const wasmBytes = readFileSync(join(dist, 'assets', wasm[0]));
  assert.deepEqual(wasmBytes.subarray(0, 4), Buffer.from([0, 0x61, 0x73, 0x6d]), 'the emitted wasm is not a wasm module');
  assert.ok(wasmBytes.equals(readFileSync(join(PKG, 'lro_cancel_bg.wasm'))), 'Vite changed the wasm');
  const sizes = (list) => list.reduce((acc, f) => {
    const b = readFileSync(join(dist, 'assets', f));
    return { raw: acc.raw + b.length, gzip: acc.gzip + gzipSync(b, { level: 9 }).length };
  }, { raw: 0, gzip: 0 });
  const w = sizes(wasm.slice(0, 1));
  const j = sizes(js);
  Object.assign(figures, {
    tarball: pack.bytes, tarballUnpacked: pack.unpackedSize, tarballFiles: pack.entryCount,
    vite: viteVersion, viteWasmRaw: w.raw, viteWasmGzip: w.gzip, viteJsRaw: j.raw, viteJsGzip: j.gzip, viteJsFiles: js.length,
    installMs: install.skipped ? 'cached' : install.ms, buildMs: build.ms,
  });
  console.log(`tarball ${kb(pack.bytes)} (${pack.entryCount} files, ${kb(pack.unpackedSize)} unpacked); vite ${viteVersion} build ${build.ms} ms, ` +
    `install ${install.skipped ? 'cached' : `${install.ms} ms`}; bundle wasm ${kb(w.raw)} (${kb(w.gzip)} gzip) + js ${kb(j.raw)} (${kb(j.gzip)} gzip) in ${js.length} files`);
});

test('(a) Vite app: init() and cancelOperation in the page', { timeout: 300_000 }, async () => {
  const { dist } = await vite();
  const site = await serveStatic([['/', dist]]);
  const op = await seed('vite-page');
  const q = new URLSearchParams({ mode: 'page', fake: fakeUrl, ...op });
  await expectCancelled(await visit(`${site.url}/?${q}`), op, site.url, 'page');
  const wasm = site.log.filter((e) => e.path.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `the page fetched the wasm ${wasm.length} times`);
  assert.deepEqual([wasm[0].status, wasm[0].type], [200, 'application/wasm']);
  assert.ok(wasm[0].path.startsWith('/assets/'), `the wasm URL was not rewritten to the emitted asset: ${wasm[0].path}`);
});

test('(a) Vite app: a module Web Worker bundled by Vite inits and cancels', { timeout: 300_000 }, async () => {
  const { dist } = await vite();
  const site = await serveStatic([['/', dist]]);
  const op = await seed('vite-worker');
  const q = new URLSearchParams({ mode: 'worker', fake: fakeUrl, ...op });
  await expectCancelled(await visit(`${site.url}/?${q}`), op, site.url, 'worker');
  assert.ok(site.log.some((e) => e.path.endsWith('.wasm') && e.status === 200), 'the worker did not fetch the wasm');
});

test('(a) Vite dev server (optimizeDeps.exclude, as the README says): page and module worker', { timeout: 300_000 }, async () => {
  await vite(); // the app and its node_modules
  const { createServer: createViteServer } = await import(pathToFileURL(join(APP, 'node_modules/vite/dist/node/index.js')).href);
  const server = await createViteServer({
    root: APP, configFile: join(APP, 'vite.config.js'), logLevel: 'error', clearScreen: false,
    cacheDir: join(APP, 'node_modules/.vite-e2e'), server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  try {
    await server.listen();
    const origin = server.resolvedUrls.local[0].replace(/\/+$/, '');
    for (const mode of ['page', 'worker']) {
      const op = await seed(`vite-dev-${mode}`);
      const q = new URLSearchParams({ mode, fake: fakeUrl, ...op });
      await expectCancelled(await visit(`${origin}/?${q}`), op, origin, mode);
    }
  } finally {
    await server.close();
  }
});

test('(b) no bundler: a <script type="module"> page imports /pkg/index.js', async () => {
  const site = await serveStatic([['/pkg/', PKG], ['/', join(FIXTURES, 'plain')]]);
  const op = await seed('plain-page');
  const q = new URLSearchParams({ fake: fakeUrl, ...op });
  await expectCancelled(await visit(`${site.url}/index.html?${q}`), op, site.url, 'plain page');
  assert.deepEqual(site.log.filter((e) => e.path.endsWith('.wasm')).map((e) => [e.path, e.status, e.type]),
    [['/pkg/lro_cancel_bg.wasm', 200, 'application/wasm']], 'init() fetches the wasm next to index.js');
  assert.deepEqual(site.log.filter((e) => e.path.endsWith('.js')).map((e) => [e.path, e.status]).filter(([p]) => p.startsWith('/pkg/')),
    [['/pkg/index.js', 200]], 'the package is one module: /pkg/index.js');
});

test('(c) no bundler: a module Web Worker imports /pkg/index.js, inits and cancels', async () => {
  const site = await serveStatic([['/pkg/', PKG], ['/', join(FIXTURES, 'plain')]]);
  const op = await seed('plain-worker');
  const q = new URLSearchParams({ fake: fakeUrl, ...op });
  const visited = await visit(`${site.url}/worker.html?${q}`);
  assert.equal(visited.result.hasWindow, false, 'the scenario ran in the worker');
  await expectCancelled(visited, op, site.url, 'plain worker');
  assert.ok(site.log.some((e) => e.path === '/worker.js' && e.status === 200));
  assert.ok(site.log.some((e) => e.path === '/pkg/lro_cancel_bg.wasm' && e.status === 200));
});
