// The built package (pkg/) in Node 20: the full catalogue (lro-cancel/catalogue +
// registerCatalogue), names in every pasted form (resolveName), listOperations paging and
// filtering, and cancelMany under faults and abort. Runs against the fake Google server that
// scripts/test.sh started (LRO_FAKE_URL), or one started here. The fake may be shared with other
// test files running in parallel: everything here lives under a parent unique to this process,
// every fault is queued for a name of that parent, and nothing resets the fake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  services, registerCatalogue, resolveName, buildCancelRequest, listOperations, cancelMany, LroError,
} from '../../pkg/index.js';
import { catalogue } from '../../pkg/catalogue.js';
import { TOKEN, WASM, base, control as fakeControl, useFake } from './harness.mjs';

useFake();

const control = (method, path, body) => fakeControl(method, path, body, { ok: true });
/** A parent no other test (or test file sharing the fake) uses. */
let seq = 0;
const uniqueParent = () => `projects/bulk-${process.pid}-${Date.now().toString(36)}-${++seq}/locations/l`;
const seed = async (parent, count, extra = {}) =>
  (await control('POST', '/_fake/operations', { seed: { parent, count, prefix: 'op-', ...extra } })).names;
const stateOf = (name) => control('GET', `/_fake/operations/${name}`);
const fault = (name, ...faults) => control('POST', '/_fake/faults', { name, faults });
const isCode = (code) => (e) => e instanceof LroError && e.code === code;

/** The rows of data/catalogue.tsv, read here independently of the library. */
const ROWS = readFileSync(new URL('../../data/catalogue.tsv', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('id\t'))
  .map((l) => { const [id, host, version, templates] = l.split('\t'); return { id, host, version, templates: templates.split(',') }; });
/** A name that a template matches: each `*` one segment, `**` two. */
const sample = (template) => template.split('/').map((s, i) => (s === '**' ? `a${i}/b${i}` : s === '*' ? `x${i}` : s)).join('/');
const SEEDS = ['gkehub', 'vault', 'clouddeploy', 'beyondcorp', 'cloudaicompanion'];

// ------------------------------------------------------------------------------ the catalogue

test('before registerCatalogue: the five seeds only, and text that is not a catalogue is refused', () => {
  assert.deepEqual(services().map((s) => s.id).sort(), [...SEEDS].sort());
  assert.throws(() => resolveName({ name: '//aiplatform.googleapis.com/projects/p/locations/l/operations/o' }),
    (e) => isCode(3)(e) && /aiplatform\.googleapis\.com/.test(e.message) && /registerCatalogue/.test(e.message));
  for (const bad of ['', 'hello', 'id\thost\n# only a header and a comment\n', '<!doctype html><html></html>', 42, undefined, null, { catalogue }]) {
    assert.throws(() => registerCatalogue(bad), (e) => isCode(3)(e) && e.status === 'INVALID_ARGUMENT', `registerCatalogue(${JSON.stringify(bad)})`);
  }
  assert.equal(services().length, 5, 'a refused text registered something');
});

test('registerCatalogue(catalogue from lro-cancel/catalogue) adds every row; services(query) searches', () => {
  assert.equal(ROWS.length, 175);
  const count = registerCatalogue(catalogue);
  assert.ok(count >= 175, `count ${count}`);
  assert.equal(count, services().length);
  assert.equal(registerCatalogue(catalogue), count, 'registering again changed the count');
  const ids = services().map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  for (const r of ROWS) assert.ok(ids.includes(r.id), `${r.id} missing`);
  for (const id of SEEDS) assert.ok(ids.includes(id), `seed ${id} missing`);
  assert.equal(services().find((s) => s.id === 'gkehub').version, 'v1beta', 'the seed gkehub changed');

  // id, title or host, ignoring case
  const deploy = services('deploy').map((s) => s.id);
  assert.ok(deploy.includes('clouddeploy') && deploy.includes('clouddeploy.v1'), deploy.join());
  assert.deepEqual(services('DePloY').map((s) => s.id), deploy);
  assert.ok(services('deploy').every((s) => [s.id, s.title ?? '', s.host].some((f) => f.toLowerCase().includes('deploy'))));
  assert.deepEqual(services('translation.googleapis').map((s) => s.id).sort(), ['translate.v3', 'translate.v3beta1']); // by host
  assert.ok(services('gemini for google').some((s) => s.id === 'cloudaicompanion')); // by title
  assert.deepEqual(services('no-such-api-anywhere'), []);
  assert.equal(services('').length, count);

  const ai = services('aiplatform.v1')[0];
  assert.equal(ai.id, 'aiplatform.v1');
  assert.equal(ai.host, 'aiplatform.googleapis.com');
  assert.equal(ai.version, 'v1');
  assert.deepEqual(
    buildCancelRequest({ service: 'aiplatform.v1', name: 'projects/p/locations/us-central1/operations/123' }),
    { method: 'POST', url: 'https://aiplatform.googleapis.com/v1/projects/p/locations/us-central1/operations/123:cancel', body: '' });
  assert.equal(buildCancelRequest({ service: 'aiplatform.v1', name: 'projects/p/locations/us-central1/tuningJobs/7/operations/9' }).url,
    'https://aiplatform.googleapis.com/v1/projects/p/locations/us-central1/tuningJobs/7/operations/9:cancel');
  assert.throws(() => buildCancelRequest({ service: 'aiplatform.v1', name: 'projects/p/operations/o' }), isCode(3));
});

// ------------------------------------------------------------------------------ names in every form

test('resolveName: the five seeds from full resource names and operation URLs', () => {
  registerCatalogue(catalogue);
  const n = 'projects/p/locations/global/operations/operation-1';
  const cases = [
    [`//gkehub.googleapis.com/${n}`, 'gkehub', `https://gkehub.googleapis.com/v1beta/${n}:cancel`, n],
    [`https://gkehub.googleapis.com/v1beta/${n}`, 'gkehub', `https://gkehub.googleapis.com/v1beta/${n}:cancel`, n],
    [`https://gkehub.googleapis.com/v1beta/${n}:cancel`, 'gkehub', `https://gkehub.googleapis.com/v1beta/${n}:cancel`, n],
    // The URL's version wins over the seed's.
    [`https://gkehub.googleapis.com/v1/${n}`, 'gkehub.v1', `https://gkehub.googleapis.com/v1/${n}:cancel`, n],
    ['//vault.googleapis.com/operations/matter-1/export-2', 'vault', 'https://vault.googleapis.com/v1/operations/matter-1/export-2:cancel', 'operations/matter-1/export-2'],
    ['https://vault.googleapis.com/v1/operations/matter-1/export-2:cancel', 'vault', 'https://vault.googleapis.com/v1/operations/matter-1/export-2:cancel', 'operations/matter-1/export-2'],
    [`//clouddeploy.googleapis.com/${n}`, 'clouddeploy', `https://clouddeploy.googleapis.com/v1/${n}:cancel`, n],
    [`https://clouddeploy.googleapis.com/v1/${n}`, 'clouddeploy', `https://clouddeploy.googleapis.com/v1/${n}:cancel`, n],
    ['//beyondcorp.googleapis.com/organizations/1/locations/global/operations/o', 'beyondcorp', 'https://beyondcorp.googleapis.com/v1/organizations/1/locations/global/operations/o:cancel', 'organizations/1/locations/global/operations/o'],
    [`https://beyondcorp.googleapis.com/v1/${n}`, 'beyondcorp', `https://beyondcorp.googleapis.com/v1/${n}:cancel`, n],
    [`https://beyondcorp.googleapis.com/v1alpha/${n}`, 'beyondcorp.v1alpha', `https://beyondcorp.googleapis.com/v1alpha/${n}:cancel`, n],
    [`//cloudaicompanion.googleapis.com/${n}`, 'cloudaicompanion', `https://cloudaicompanion.googleapis.com/v1/${n}:cancel`, n],
    [`https://cloudaicompanion.googleapis.com/v1/${n}:cancel`, 'cloudaicompanion', `https://cloudaicompanion.googleapis.com/v1/${n}:cancel`, n],
    // Host case does not matter; percent-escapes in a URL are decoded into the name, and re-encoded.
    [`//GKEHub.googleapis.com/${n}`, 'gkehub', `https://gkehub.googleapis.com/v1beta/${n}:cancel`, n],
    ['https://vault.googleapis.com/v1/operations/a%20b/c', 'vault', 'https://vault.googleapis.com/v1/operations/a%20b/c:cancel', 'operations/a b/c'],
  ];
  for (const [input, id, url, name] of cases) {
    const r = resolveName({ name: input });
    assert.equal(r.service.id, id, input);
    assert.equal(r.url, url, input);
    assert.equal(r.name, name, input);
    assert.deepEqual(buildCancelRequest({ name: input }), { method: 'POST', url, body: '' }, input);
  }
  // A plain name with its service; a full name with the service that serves its host.
  assert.equal(resolveName({ service: 'gkehub', name: n }).url, `https://gkehub.googleapis.com/v1beta/${n}:cancel`);
  assert.equal(resolveName({ service: 'gkehub.v2', name: `//gkehub.googleapis.com/${n}` }).url, `https://gkehub.googleapis.com/v2/${n}:cancel`);
  // endpoint replaces the origin of the cancel URL.
  assert.equal(resolveName({ name: `//gkehub.googleapis.com/${n}`, endpoint: 'https://europe-west1-gkehub.googleapis.com' }).url,
    `https://europe-west1-gkehub.googleapis.com/v1beta/${n}:cancel`);
  // The result's service is a full ServiceInfo.
  const r = resolveName({ name: `//gkehub.googleapis.com/${n}` });
  assert.deepEqual(r.service, services().find((s) => s.id === 'gkehub'));
});

test('resolveName: full resource names of other APIs pick the seed, else the highest GA, else the newest version', () => {
  registerCatalogue(catalogue);
  const cases = [
    ['//aiplatform.googleapis.com/projects/p/locations/us-central1/operations/1', 'aiplatform.v1', 'v1'], // v1 over v1beta1
    ['//aiplatform.googleapis.com/projects/p/locations/us-central1/agents/a/operations/1', 'aiplatform.v1beta1', 'v1beta1'], // only v1beta1 has agents
    ['//container.googleapis.com/projects/p/locations/us-central1-a/operations/o', 'container.v1', 'v1'],
    ['//spanner.googleapis.com/projects/p/instances/i/databases/d/operations/o', 'spanner.v1', 'v1'],
    ['//cloudbuild.googleapis.com/projects/p/locations/l/operations/o', 'cloudbuild.v2', 'v2'], // v2 over v1
    ['//cloudbuild.googleapis.com/operations/build/p/abc', 'cloudbuild.v1', 'v1'], // only v1 has operations/**
    ['//logging.googleapis.com/billingAccounts/b/locations/global/operations/o', 'logging.v2', 'v2'],
    ['//translation.googleapis.com/projects/p/locations/global/operations/o', 'translate.v3', 'v3'], // the id is not the host
    ['//dialogflow.googleapis.com/projects/p/operations/o', 'dialogflow.v3', 'v3'], // v3 over v2
    ['//osconfig.googleapis.com/folders/f/locations/l/operations/o', 'osconfig.v2', 'v2'],
    ['//osconfig.googleapis.com/projects/p/locations/l/osPolicyAssignments/a/operations/o', 'osconfig.v1', 'v1'], // v2 lacks it
    ['//managedidentities.googleapis.com/projects/p/locations/global/operations/o', 'managedidentities.v1', 'v1'],
    ['//checks.googleapis.com/accounts/a/apps/b/operations/o', 'checks.v1alpha', 'v1alpha'], // pre-release only
    ['//genomics.googleapis.com/projects/p/operations/o', 'genomics.v2alpha1', 'v2alpha1'],
    ['//genomics.googleapis.com/operations/o', 'genomics.v1alpha2', 'v1alpha2'],
    ['//firestore.googleapis.com/projects/p/databases/db/operations/o', 'firestore.v1', 'v1'],
    ['//healthcare.googleapis.com/projects/p/locations/l/datasets/d/operations/o', 'healthcare.v1', 'v1'],
    ['//androidmanagement.googleapis.com/enterprises/e/devices/d/operations/o', 'androidmanagement.v1', 'v1'],
    ['//securitycenter.googleapis.com/organizations/1/operations/o', 'securitycenter.v1', 'v1'],
    ['//webrisk.googleapis.com/projects/p/operations/o', 'webrisk.v1', 'v1'],
  ];
  const apis = new Set();
  for (const [input, id, version] of cases) {
    const r = resolveName({ name: input });
    assert.equal(r.service.id, id, input);
    const [, host, name] = /^\/\/([^/]+)\/(.*)$/.exec(input);
    assert.equal(r.name, name, input);
    assert.equal(r.url, `https://${host}/${version}/${name}:cancel`, input);
    apis.add(id.split('.')[0]);
  }
  assert.ok(apis.size >= 10, `${apis.size} APIs`);
});

test('resolveName: the operation URL of every catalogue row resolves to that row (or the seed of the same version)', () => {
  registerCatalogue(catalogue);
  const seedOf = new Map(services().filter((s) => SEEDS.includes(s.id)).map((s) => [`${s.host}/${s.version}`, s.id]));
  for (const row of ROWS) {
    const name = sample(row.templates[0]);
    const input = `https://${row.host}/${row.version}/${name}`;
    const r = resolveName({ name: input });
    assert.equal(r.service.id, seedOf.get(`${row.host}/${row.version}`) ?? row.id, input);
    assert.equal(r.name, name, input);
    assert.equal(r.url, `${input}:cancel`, input);
    assert.equal(resolveName({ name: `${input}:cancel` }).url, `${input}:cancel`);
  }
});

test('resolveName: unknown and ambiguous names are refused with code 3, naming the candidates', async () => {
  registerCatalogue(catalogue);
  const refused = (options, ...patterns) => assert.throws(() => resolveName(options), (e) => {
    assert.ok(e instanceof LroError, String(e));
    assert.equal(e.code, 3);
    assert.equal(e.httpStatus, undefined);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  }, JSON.stringify(options));
  // A version the host does not serve: every gkehub version is a candidate.
  refused({ name: 'https://gkehub.googleapis.com/v9/projects/p/locations/l/operations/o' },
    /candidates/, /gkehub \(v1beta\)/, /gkehub\.v1 \(v1\)/, /gkehub\.v2 \(v2\)/);
  // A name no template of the host matches.
  refused({ name: '//managedidentities.googleapis.com/projects/p/locations/us-east1/operations/o' },
    /candidates/, /managedidentities\.v1 \(v1\): projects\/\*\/locations\/global\/operations\/\*/);
  refused({ name: 'https://gkehub.googleapis.com/v1beta/folders/f' }, /candidates: gkehub \(v1beta\)/);
  // A host no service has.
  refused({ name: '//nothing-here.googleapis.com/projects/p/operations/o' }, /nothing-here\.googleapis\.com/);
  refused({ name: 'https://example.com/v1/operations/o' }, /example\.com/);
  // A plain name needs a service; a service of another host is refused.
  refused({ name: 'projects/p/locations/l/operations/o' }, /needs a service/);
  refused({ service: 'vault', name: '//gkehub.googleapis.com/projects/p/locations/l/operations/o' }, /vault\.googleapis\.com/);
  // A URL with a query or fragment is not an operation URL.
  refused({ name: 'https://gkehub.googleapis.com/v1beta/projects/p/locations/l/operations/o?alt=json' });

  // Ambiguity needs two services of one host and version, which the real catalogue does not
  // have. Registration happens once per module instance, so use a second, isolated instance
  // of the whole package (a copy, so that every module of it has URLs of its own) with a
  // catalogue text of our own.
  const copy = mkdtempSync(join(tmpdir(), 'lro-cancel-iso-'));
  cpSync(new URL('../../pkg/', import.meta.url), copy, { recursive: true });
  const iso = await import(pathToFileURL(join(copy, 'index.js')).href);
  iso.initSync({ module: WASM });
  const row = (id, host, version, templates) => [id, host, version, templates, 'cloud-platform', '-', `${id} API`].join('\t');
  const text = [
    '# a catalogue of our own',
    'id\thost\tversion\ttemplates\tscopes\tpermission\ttitle',
    row('acme.a', 'acme.googleapis.com', 'v1', 'projects/*/operations/*'),
    row('acme.b', 'acme.googleapis.com', 'v1', 'projects/*/operations/*'),
    row('beta.v1alpha', 'beta.googleapis.com', 'v1alpha', 'projects/*/operations/*'),
    row('beta.v1beta1', 'beta.googleapis.com', 'v1beta1', 'projects/*/operations/*'),
    row('beta.v1beta2', 'beta.googleapis.com', 'v1beta2', 'projects/*/operations/*'),
    row('ga.v1', 'ga.googleapis.com', 'v1', 'projects/*/operations/*'),
    row('ga.v2beta', 'ga.googleapis.com', 'v2beta', 'projects/*/operations/*'),
  ].join('\n');
  const isoCode = (code) => (e) => e instanceof iso.LroError && e.code === code;
  assert.equal(iso.registerCatalogue(text), 5 + 7);
  assert.throws(() => iso.resolveName({ name: '//acme.googleapis.com/projects/p/operations/o' }),
    (e) => isoCode(3)(e) && /ambiguous/.test(e.message) && /acme\.a/.test(e.message) && /acme\.b/.test(e.message));
  assert.throws(() => iso.resolveName({ name: 'https://acme.googleapis.com/v1/projects/p/operations/o' }), (e) => isoCode(3)(e) && /acme\.a/.test(e.message));
  assert.equal(iso.resolveName({ service: 'acme.b', name: '//acme.googleapis.com/projects/p/operations/o' }).service.id, 'acme.b');
  assert.equal(iso.resolveName({ name: '//beta.googleapis.com/projects/p/operations/o' }).service.id, 'beta.v1beta2'); // the newest
  assert.equal(iso.resolveName({ name: '//ga.googleapis.com/projects/p/operations/o' }).service.id, 'ga.v1'); // GA over a newer beta
  // The two instances do not share their catalogues.
  assert.equal(services().some((s) => s.id.startsWith('acme.')), false);
  assert.equal(iso.services().some((s) => s.id === 'aiplatform.v1'), false);
});

// ------------------------------------------------------------------------------ listOperations

test('listOperations: pages of 10/10/5, then done=false gives only the running ones', async () => {
  const parent = uniqueParent();
  const names = await seed(parent, 25, { doneEvery: 5 });
  assert.equal(names.length, 25);
  const opts = { service: 'gkehub', name: parent, endpoint: base, accessToken: TOKEN };

  const pages = [];
  let pageToken;
  do {
    const page = await listOperations({ ...opts, pageSize: 10, ...(pageToken ? { pageToken } : {}) });
    pages.push(page);
    assert.ok(pages.length <= 3, 'more than three pages');
    pageToken = page.nextPageToken;
    if (pageToken !== undefined) assert.equal(typeof pageToken, 'string');
  } while (pageToken);
  assert.deepEqual(pages.map((p) => p.operations.length), [10, 10, 5]);
  assert.equal('nextPageToken' in pages[2], false, 'the last page has a nextPageToken');
  for (const p of pages) assert.equal(p.unreachable, undefined);
  const listed = pages.flatMap((p) => p.operations);
  assert.deepEqual(listed.map((op) => op.name), names, 'not every operation once, in order');
  for (const [i, op] of listed.entries()) {
    assert.equal(op.done, (i + 1) % 5 === 0, op.name);
    assert.equal(typeof op.metadata?.['@type'], 'string');
  }

  const running = [];
  pageToken = undefined;
  let requests = 0;
  do {
    const page = await listOperations({ ...opts, filter: 'done=false', pageSize: 10, pageToken });
    running.push(...page.operations);
    pageToken = page.nextPageToken;
    assert.ok(++requests <= 3);
  } while (pageToken);
  assert.equal(running.length, 20);
  assert.ok(running.every((op) => op.done === false), 'a done operation in done=false');
  assert.deepEqual(running.map((op) => op.name), names.filter((_, i) => (i + 1) % 5 !== 0));

  const finished = await listOperations({ ...opts, filter: 'done=true' });
  assert.deepEqual(finished.operations.map((op) => op.name), names.filter((_, i) => (i + 1) % 5 === 0));
  assert.equal(finished.nextPageToken, undefined);

  // A catalogue service lists the same parent (the fake serves every version).
  registerCatalogue(catalogue);
  const viaCatalogue = await listOperations({ ...opts, service: 'gkehub.v1', pageSize: 1000 });
  assert.equal(viaCatalogue.operations.length, 25);
  // An empty parent: an empty list, still an array.
  const empty = await listOperations({ ...opts, name: uniqueParent() });
  assert.deepEqual(empty, { operations: [] });
});

test('listOperations: refusals are LroErrors', async () => {
  const opts = { service: 'gkehub', name: uniqueParent(), endpoint: base, accessToken: TOKEN };
  const bad = await listOperations({ ...opts, filter: 'state=RUNNING' }).catch((e) => e);
  assert.ok(isCode(3)(bad), String(bad));
  assert.equal(bad.httpStatus, 400);
  const token = await listOperations({ ...opts, pageToken: 'not-a-token' }).catch((e) => e);
  assert.ok(isCode(3)(token) && token.httpStatus === 400, String(token));
  const parent = await listOperations({ ...opts, name: 'folders/f' }).catch((e) => e);
  assert.ok(isCode(3)(parent) && parent.httpStatus === undefined, String(parent)); // no template has that parent
  const noService = await listOperations({ name: opts.name, endpoint: base, accessToken: TOKEN }).catch((e) => e);
  assert.ok(isCode(3)(noService), String(noService));
  const auth = await listOperations({ ...opts, accessToken: 'wrong-token' }).catch((e) => e);
  assert.ok(isCode(16)(auth) && auth.httpStatus === 401, String(auth));
});

// ------------------------------------------------------------------------------ cancelMany

test('cancelMany: 200 names, concurrency 8, under 503s, drops, 400s and one invalid name', async () => {
  const parent = uniqueParent();
  const seeded = await seed(parent, 200);
  const INVALID = 137;
  const names = seeded.map((n, i) => (i === INVALID ? `${parent}/jobs/not-an-operation` : n));
  const kind = (i) => (i === INVALID ? 'invalid' : i % 40 === 7 ? '400' : i % 25 === 3 ? '503' : i % 50 === 11 ? 'drop' : 'plain');
  for (const [i, name] of names.entries()) {
    if (kind(i) === '400') await fault(name, { kind: 'status', status: 400, message: `operation ${i} cannot be cancelled now` });
    if (kind(i) === '503') await fault(name, { kind: 'status', status: 503, times: 1 + (i % 2) }); // once or twice, then it goes through
    if (kind(i) === 'drop') await fault(name, { kind: 'drop' });
  }
  const counts = {};
  for (const [i] of names.entries()) counts[kind(i)] = (counts[kind(i)] ?? 0) + 1;
  assert.ok(counts['400'] >= 4 && counts['503'] >= 6 && counts.drop >= 2 && counts.invalid === 1, JSON.stringify(counts));
  // One request per valid name, plus one per injected retryable failure.
  const retried = names.reduce((n, _, i) => n + (kind(i) === '503' ? 1 + (i % 2) : kind(i) === 'drop' ? 1 : 0), 0);

  // Count the requests in flight through the platform's fetch, which the package looks up on each call.
  const realFetch = globalThis.fetch;
  let inFlight = 0, maxInFlight = 0, requests = 0;
  globalThis.fetch = async (...args) => {
    if (!String(args[0]).includes(parent)) return realFetch(...args);
    requests++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try { return await realFetch(...args); } finally { inFlight--; }
  };
  const events = [];
  let results;
  try {
    results = await cancelMany({
      service: 'gkehub', names, endpoint: base, accessToken: TOKEN, concurrency: 8,
      retry: { initialDelayMs: 5, maxDelayMs: 50 },
      onProgress: (e) => events.push(e),
    });
  } finally {
    globalThis.fetch = realFetch;
  }

  assert.ok(maxInFlight <= 8, `${maxInFlight} requests in flight at once`);
  assert.equal(maxInFlight, 8, 'the batch never used its concurrency');
  assert.equal(requests, 199 + retried, 'requests: one per valid name plus one per injected retryable failure');

  // One result per name, in input order.
  assert.ok(Array.isArray(results));
  assert.equal(results.length, 200);
  for (const [i, r] of results.entries()) {
    assert.equal(r.name, names[i], `result ${i} is out of order`);
    const k = kind(i);
    if (k === 'invalid') {
      assert.equal(r.ok, false);
      assert.ok(isCode(3)(r.error), String(r.error));
      assert.equal(r.error.httpStatus, undefined, 'the invalid name was sent');
    } else if (k === '400') {
      assert.equal(r.ok, false, names[i]);
      assert.ok(r.error instanceof LroError);
      assert.equal(r.error.code, 3);
      assert.equal(r.error.httpStatus, 400);
      assert.match(r.error.message, new RegExp(`operation ${i} cannot`));
    } else {
      assert.deepEqual(r, { name: names[i], ok: true }, `${names[i]} (${k}): ${r.error?.message}`);
    }
  }

  // The server saw exactly one (unfaulted) cancel of each successful name, none of the others.
  const states = await Promise.all(seeded.map(stateOf));
  for (const [i, st] of states.entries()) {
    const expected = results[i].ok ? 1 : 0;
    assert.equal(st.cancelCount, expected, `${seeded[i]} (${kind(i)}): cancelCount ${st.cancelCount}`);
  }

  // onProgress: once per name, done counting up to 200, matching the results.
  assert.equal(events.length, 200);
  assert.deepEqual(events.map((e) => e.done), Array.from({ length: 200 }, (_, i) => i + 1));
  assert.ok(events.every((e) => e.total === 200));
  assert.equal(events.at(-1).done, 200);
  assert.deepEqual(events.map((e) => e.name).sort(), [...names].sort(), 'a name reported twice or never');
  const byName = new Map(results.map((r) => [r.name, r]));
  for (const e of events) {
    const r = byName.get(e.name);
    assert.equal(e.ok, r.ok, e.name);
    if (!e.ok) assert.equal(e.error.code, r.error.code);
    else assert.equal(e.error, undefined);
  }
});

test('cancelMany: abort mid-batch settles at once; what had not started is CANCELLED without a request', async () => {
  const parent = uniqueParent();
  const names = await seed(parent, 60);
  // The first 8 answer at once; the next ones hang for 10 s unless the client goes away.
  for (const name of names.slice(8, 16)) await fault(name, { kind: 'delay', ms: 10_000 });
  const ctl = new AbortController();
  let abortedAt = 0;
  const events = [];
  const t0 = performance.now();
  const results = await cancelMany({
    service: 'gkehub', names, endpoint: base, accessToken: TOKEN, concurrency: 4, signal: ctl.signal,
    onProgress: (e) => {
      events.push(e);
      if (e.done === 8) { abortedAt = performance.now(); ctl.abort(); }
    },
  });
  const settled = performance.now();
  assert.ok(abortedAt > 0, 'never reached 8 done');
  assert.ok(settled - abortedAt < 1500, `settled ${Math.round(settled - abortedAt)} ms after the abort`);
  assert.ok(settled - t0 < 5000);

  assert.equal(results.length, 60);
  assert.deepEqual(results.map((r) => r.name), names);
  const ok = results.filter((r) => r.ok);
  assert.equal(ok.length, 8, 'only the first 8 went through');
  assert.deepEqual(ok.map((r) => r.name), names.slice(0, 8));
  for (const r of results.slice(8)) {
    assert.equal(r.ok, false, r.name);
    assert.ok(r.error instanceof LroError, String(r.error));
    assert.equal(r.error.code, 1, `${r.name}: ${r.error.status} ${r.error.message}`);
    assert.equal(r.error.status, 'CANCELLED');
  }
  assert.equal(events.length, 60, 'onProgress is called for the cancelled names too');
  assert.equal(events.at(-1).done, 60);

  // At most `concurrency` requests were in flight when the signal fired; the rest were never sent.
  const log = await control('GET', `/_fake/requests?name=${encodeURIComponent(parent)}`);
  const cancels = log.filter((e) => e.kind === 'cancel');
  assert.ok(cancels.length <= 8 + 4, `${cancels.length} cancel requests`);
  const sent = new Set(cancels.map((e) => e.name));
  for (const name of names.slice(12)) assert.ok(!sent.has(name), `${name} was sent after the abort`);
  const states = await Promise.all(names.map(stateOf));
  assert.ok(states.slice(8).every((s) => s.cancelCount === 0));

  // A signal aborted before the call: every name CANCELLED, nothing sent.
  const pre = AbortSignal.abort();
  const none = await cancelMany({ service: 'gkehub', names: names.slice(0, 5), endpoint: base, accessToken: TOKEN, signal: pre });
  assert.deepEqual(none.map((r) => [r.ok, r.error?.code]), Array(5).fill([false, 1]));
});

test('cancelMany: names in mixed forms without a service; a throwing onProgress does not break the batch', async () => {
  registerCatalogue(catalogue);
  const parent = uniqueParent();
  const [a, b, c] = await seed(parent, 3);
  const names = [
    `//gkehub.googleapis.com/${a}`,
    `https://clouddeploy.googleapis.com/v1/${b}:cancel`,
    `//aiplatform.googleapis.com/${c}`,
    'projects/p/locations/l/operations/plain-without-service',
    `//unknown.example.com/${a}`,
  ];
  let calls = 0;
  const results = await cancelMany({
    names, endpoint: base, accessToken: () => Promise.resolve(TOKEN),
    onProgress: () => { calls++; throw new Error('a broken progress bar'); },
  });
  assert.equal(calls, 5);
  assert.deepEqual(results.slice(0, 3), names.slice(0, 3).map((name) => ({ name, ok: true })));
  assert.ok(isCode(3)(results[3].error) && /needs a service/.test(results[3].error.message), results[3].error?.message);
  assert.ok(isCode(3)(results[4].error) && /unknown\.example\.com/.test(results[4].error.message), results[4].error?.message);
  for (const n of [a, b, c]) assert.equal((await stateOf(n)).cancelCount, 1, n);
});

test('cancelMany: options the batch cannot run with reject with code 3; an empty batch resolves to []', async () => {
  const opts = { service: 'gkehub', endpoint: base, accessToken: TOKEN };
  const name = `${uniqueParent()}/operations/x`;
  for (const bad of [
    { ...opts, names: name },
    { ...opts, names: undefined },
    { ...opts, names: { length: 1, 0: name } },
    { ...opts, names: [name], concurrency: 0 },
    { ...opts, names: [name], concurrency: 65 },
    { ...opts, names: [name], concurrency: '8' },
    { ...opts, names: [name], onProgress: 'yes' },
    { ...opts, names: [name], service: 'no-such-service' },
    { ...opts, names: [name], retry: { maxAttempts: 0 } },
    { ...opts, names: [name], endpoint: 'ftp://example.com' },
  ]) {
    const e = await cancelMany(bad).then(() => null, (x) => x);
    assert.ok(isCode(3)(e), `${JSON.stringify(bad)}: ${e}`);
  }
  for (const bad of [undefined, null, 'names', [name]]) {
    const e = await cancelMany(bad).then(() => null, (x) => x);
    assert.ok(isCode(3)(e), `${JSON.stringify(bad)}: ${e}`);
  }
  assert.deepEqual(await cancelMany({ ...opts, names: [] }), []);
  // A non-string among the names fails that name only.
  const [ok] = await seed(uniqueParent(), 1);
  const mixed = await cancelMany({ ...opts, names: [ok, 42, null] });
  assert.deepEqual(mixed.map((r) => r.ok), [true, false, false]);
  assert.ok(mixed.slice(1).every((r) => isCode(3)(r.error)));
  // A hole in a sparse array is a missing name: refused, never reported as cancelled.
  const [first, last] = await seed(uniqueParent(), 2);
  const sparse = [first, , last]; // eslint-disable-line no-sparse-arrays
  const holes = await cancelMany({ ...opts, names: sparse });
  assert.deepEqual(holes.map((r) => r.ok), [true, false, true]);
  assert.ok(isCode(3)(holes[1].error), String(holes[1].error));
  assert.match(holes[1].error.message, /names\[\]/);
});
