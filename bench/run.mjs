// Side-by-side benchmark, one Node process: lro-cancel (../pkg) against google-gax, the library
// under every @google-cloud/* browser client, on the same work, with the physical floor of each
// task (a hand-written JS check; a bare JSON.parse) printed beside them.
// Usage: (cd bench && npm ci) && node bench/run.mjs      (build pkg/ first: bash scripts/build.sh)
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initSync, buildCancelRequest, decodeError, decodeStatus } from '../pkg/index.js';

const require = createRequire(import.meta.url);
// gax's package exports hide its internals, so they are loaded by file path.
const gaxDir = new URL('./node_modules/google-gax/', import.meta.url).pathname;
const { transcode } = require(gaxDir + 'build/src/transcoding.js');
const { GoogleError } = require(gaxDir + 'build/src/googleError.js');

const here = new URL('.', import.meta.url);
const wasm = readFileSync(new URL('../pkg/lro_cancel_bg.wasm', here));

// Start-up first: initSync with the bytes in hand, in fresh processes (median of 7), while this
// process is idle, each child without stdio (see init.mjs: a piped stdout slowed it 1.5-2x).
const initOut = join(mkdtempSync(join(tmpdir(), 'lro-bench-')), 'init-ms');
const inits = Array.from({ length: 7 }, () => {
  execFileSync(process.execPath, [new URL('init.mjs', here).pathname, initOut], { stdio: 'ignore' });
  return Number(readFileSync(initOut, 'utf8'));
});
inits.sort((a, b) => a - b);
initSync({ module: wasm });

/**
 * Nanoseconds per call of each of `fns` (called as `fn(i)`), measured in turns: every round
 * gives each function one slice of ~`ms`, so that a slower moment of the machine (this one
 * varies by 1.5x) falls on every side alike; each side's best slice counts. Ratios between
 * sides are therefore far steadier than the absolute times.
 */
// A young-generation collection before each slice, outside the clock, so that one side's garbage (gax's
// decoder allocates a great deal) is not collected on another side's time.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

function race(fns, { rounds = 25, ms = 40 } = {}) {
  let sink = 0;
  const now = () => Number(process.hrtime.bigint());
  // Warm up each for ~300 ms (the JIT), and size its batches to ~100 µs between clock reads.
  const batch = fns.map((fn) => {
    let n = 0;
    const t0 = now();
    while (now() - t0 < 300e6) sink ^= fn(n++) ? 1 : 0;
    return Math.max(1, Math.round(1e5 / ((now() - t0) / n)));
  });
  const best = fns.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      gc({ type: 'minor' });
      let n = 0;
      const t0 = now();
      let t = t0;
      while (t - t0 < ms * 1e6) {
        for (let j = 0; j < batch[k]; j++, n++) sink ^= fn(n) ? 1 : 0;
        t = now();
      }
      best[k] = Math.min(best[k], (t - t0) / n);
    });
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
// The least any decoder that returns an Error does (gax's too): parse, then one Error.
const eFloor = () => {
  const e = JSON.parse(body).error;
  return new Error(e.message).message === e.message;
};
if (!dOurs() || !sOurs() || !dGax() || !dFloor() || !eFloor()) throw new Error('decoders disagree');


const [url, urlGax, urlFloor] = race([ours, gax, floor]);
const [dec, stat, err, decGax, decFloor, errFloor] = race([dOurs, sOurs, bareError, dGax, dFloor, eFloor]);
const rows = [
  ['cancel URL, 1,024 names', url, urlGax, urlFloor, 'hand-written JS check'],
  [`decode 429 error (${body.length} B) → LroError`, dec, decGax, decFloor, 'bare JSON.parse'],
  [`decode 429 error (${body.length} B) → LroError, against an Error's own floor`, dec, decGax, errFloor, 'JSON.parse + new Error(message)'],
  [`decode 429 error (${body.length} B) → plain Status (decodeStatus)`, stat, decGax, decFloor, 'bare JSON.parse'],
  ['`new Error()` alone (the stack capture every Error pays)', err, decGax, decFloor, 'bare JSON.parse'],
];
const f = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
console.log(`lro-cancel vs google-gax ${JSON.parse(readFileSync(gaxDir + 'package.json', 'utf8')).version}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| task | lro-cancel | google-gax | gax ÷ ours | floor | ours ÷ floor |');
console.log('|---|---|---|---|---|---|');
for (const [task, o, g, fl, what] of rows) {
  console.log(`| ${task} | ${f(o)} | ${f(g)} | ${(g / o).toFixed(1)}× | ${f(fl)} (${what}) | ${(o / fl).toFixed(2)}× |`);
}
console.log(`| initSync (${wasm.length} B wasm), median of 7 fresh processes | ${inits[3].toFixed(2)} ms | | | | |`);
