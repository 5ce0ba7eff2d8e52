// Side-by-side benchmark, one Node process: lro-cancel (../pkg) against google-gax, the library
// under every @google-cloud/* browser client, on the same work, with the physical floor of each
// task (a hand-written JS check; a bare JSON.parse) printed beside them.
// Usage: (cd bench && npm ci) && node bench/run.mjs      (build pkg/ first: bash scripts/build.sh)
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { initSync, buildCancelRequest, decodeError, decodeStatus } from '../pkg/index.js';

const require = createRequire(import.meta.url);
// gax's package exports hide its internals, so they are loaded by file path.
const gaxDir = new URL('./node_modules/google-gax/', import.meta.url).pathname;
const { transcode } = require(gaxDir + 'build/src/transcoding.js');
const { GoogleError } = require(gaxDir + 'build/src/googleError.js');

const here = new URL('.', import.meta.url);
const wasm = readFileSync(new URL('../pkg/lro_cancel_bg.wasm', here));
initSync({ module: wasm });

/** Best of `rounds` runs of ~`ms` each: nanoseconds per call of `fn(i)`. */
function time(fn, { rounds = 7, ms = 300 } = {}) {
  let sink = 0;
  for (let i = 0; i < 20000; i++) sink ^= fn(i) ? 1 : 0; // warm up the JIT
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let t = t0;
    while (t - t0 < BigInt(ms) * 1_000_000n) {
      for (let k = 0; k < 1024; k++, n++) sink ^= fn(n) ? 1 : 0;
      t = process.hrtime.bigint();
    }
    best = Math.min(best, Number(t - t0) / n);
  }
  globalThis.__sink = sink;
  return best;
}

// 1. The cancel URL for 1,024 distinct names.
const names = Array.from({ length: 1024 }, (_, i) => `projects/proj-${i}/locations/us-central${i % 7}/operations/operation-${1732350000000 + i}-62d4f1b2c3a4e`);
const rule = [{ '(google.api.http)': { post: '/v1/{name=projects/*/locations/*/operations/*}:cancel' } }];
const ours = (i) => buildCancelRequest({ service: 'clouddeploy', name: names[i & 1023] }).url;
const gax = (i) => transcode({ name: names[i & 1023] }, rule).url;
const pattern = /^projects\/[^/]+\/locations\/[^/]+\/operations\/[^/]+$/;
const plain = /^[-_.~0-9a-zA-Z/]*$/;
const floor = (i) => {
  const n = names[i & 1023];
  if (!pattern.test(n)) throw new Error('no match');
  const path = plain.test(n) ? n : n.split('/').map(encodeURIComponent).join('/');
  return 'https://clouddeploy.googleapis.com/v1/' + path + ':cancel';
};
for (let i = 0; i < 1024; i++) {
  const g = 'https://clouddeploy.googleapis.com' + gax(i);
  if (ours(i) !== g || floor(i) !== g) throw new Error(`URLs differ for ${names[i]}: ${ours(i)} / ${g} / ${floor(i)}`);
}

// 2. Decoding a 429 error body with ErrorInfo, Help and RetryInfo.
const body = JSON.stringify({
  error: {
    code: 429,
    message: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'clouddeploy.googleapis.com'.",
    status: 'RESOURCE_EXHAUSTED',
    details: [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: { service: 'clouddeploy.googleapis.com', quota_metric: 'clouddeploy.googleapis.com/read_requests', quota_limit: 'ReadRequestsPerMinutePerProject', consumer: 'projects/123456789012' } },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Request a higher quota limit.', url: 'https://cloud.google.com/docs/quotas/help/request_increase' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s' },
    ],
  },
});
const dOurs = () => decodeError(429, body).retryDelayMs === 1500;
const sOurs = () => decodeStatus(429, body).retryDelayMs === 1500;
const bareError = () => new Error('x').message === 'x';
const dGax = () => GoogleError.parseHttpError(JSON.parse(body)).code === 8;
const dFloor = () => JSON.parse(body).error.code === 429;
if (!dOurs() || !sOurs() || !dGax() || !dFloor()) throw new Error('decoders disagree');

// 3. Start-up: initSync with the bytes in hand, in fresh processes (median of 7).
const inits = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, [new URL('init.mjs', here).pathname]).toString()));
inits.sort((a, b) => a - b);

const rows = [
  ['cancel URL, 1,024 names', time(ours), time(gax), time(floor), 'hand-written JS check'],
  [`decode 429 error (${body.length} B) → LroError`, time(dOurs), time(dGax), time(dFloor), 'bare JSON.parse'],
  [`decode 429 error (${body.length} B) → plain Status (decodeStatus)`, time(sOurs), time(dGax), time(dFloor), 'bare JSON.parse'],
  ['`new Error()` alone (the stack capture every Error pays)', time(bareError), time(dGax), time(dFloor), 'bare JSON.parse'],
];
const f = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
console.log(`lro-cancel vs google-gax ${JSON.parse(readFileSync(gaxDir + 'package.json', 'utf8')).version}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| task | lro-cancel | google-gax | gax ÷ ours | floor | ours ÷ floor |');
console.log('|---|---|---|---|---|---|');
for (const [task, o, g, fl, what] of rows) {
  console.log(`| ${task} | ${f(o)} | ${f(g)} | ${(g / o).toFixed(1)}× | ${f(fl)} (${what}) | ${(o / fl).toFixed(2)}× |`);
}
console.log(`| initSync (${wasm.length} B wasm), median of 7 fresh processes | ${inits[3].toFixed(2)} ms | | | | |`);
