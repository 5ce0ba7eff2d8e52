// Shipped bytes of the npm package: the wasm and every JS file a browser may load (the entry,
// one bundled module, and the on-demand catalogue), raw and gzip -9. `--check` fails above the budget, which
// README.md ("Size budget") states; bytes are stable across machines, so this may gate CI.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

// The core (everything but the on-demand catalogue entry), set from the measurement with little
// headroom: 63,750 B, then 76,862 B once list, bulk cancel and pasted names landed, then
// 89,903 B with the fast numeric edge beside the old bindings, then 52,965 B with every call on
// that edge, the JS minified, a small allocator, the JSON reader built for speed and the wasm
// built without std (2026-11-23), then 41,132 B with boxed errors, no wasm-bindgen glue, one
// bundled JS module and the core's iterator chains as loops (2026-11-23, evening), then 37,191 B
// with custom services read from their one rule shape, refusals without details and a leaner
// JS module (2026-11-23, night), then 36,191 B with byte scans for ASCII separators, no
// panic-capable OnceCell, no 128-bit multiplies and the code names as one text (2026-11-24), then
// 34,400 B after about 130 measured steps through every module (2026-12-02), then 33,000 B
// with the JSON reader's float fast path gone and 39 more measured steps (2026-12-02, evening),
// then 32,100 B with wasm-opt's inlining limited and single-caller helpers inlined by rustc
// instead (2026-12-03).
// The goal is 24,000 B; see README "Size budget".
export const BUDGET_GZIP = 32100;
// lro-cancel/catalogue: data, loaded only by consoles that want every Google API.
const ON_DEMAND = /^catalogue\.js$/;
const pkg = new URL('../pkg/', import.meta.url).pathname;
const files = [];
(function walk(d) {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(js|wasm)$/.test(e)) files.push(p);
  }
})(pkg);
let raw = 0, gz = 0;
const rows = files.sort().map((f) => {
  const b = readFileSync(f);
  const z = gzipSync(b, { level: 9 }).length;
  const name = relative(pkg, f);
  const extra = ON_DEMAND.test(name);
  if (!extra) { raw += b.length; gz += z; }
  return `${(extra ? name + ' (on demand, not in the core)' : name).padEnd(60)} ${String(b.length).padStart(8)} B  ${String(z).padStart(7)} B gzip`;
});
console.log(rows.join('\n'));
console.log(`${'core shipped (wasm + JS)'.padEnd(60)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzip  (budget ${BUDGET_GZIP} B gzip)`);
if (process.argv.includes('--check') && gz > BUDGET_GZIP) {
  console.error(`size budget exceeded: ${gz} B gzip > ${BUDGET_GZIP} B`);
  process.exit(1);
}
