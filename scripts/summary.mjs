// Adds up what each test runner reported (cargo and wasm-bindgen's "test result:" lines, node's
// "# pass"/"# fail") into one closing line; exits non-zero if anything failed or nothing ran.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
let passed = 0, failed = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
  const text = readFileSync(join(dir, f), 'utf8');
  let p = 0, x = 0;
  for (const m of text.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) { p += +m[1]; x += +m[2]; }
  for (const m of text.matchAll(/^# pass (\d+)$/gm)) p += +m[1];
  for (const m of text.matchAll(/^# fail (\d+)$/gm)) x += +m[1];
  // Python's unittest: "Ran N tests", then "OK" or "FAILED (failures=F, errors=E)".
  for (const m of text.matchAll(/^Ran (\d+) tests? in/gm)) p += +m[1];
  for (const m of text.matchAll(/^FAILED \((.*)\)$/gm)) {
    const bad = [...m[1].matchAll(/(?:failures|errors)=(\d+)/g)].reduce((a, b) => a + +b[1], 0);
    x += bad; p -= bad;
  }
  console.log(`${f.replace(/\.log$/, '').padEnd(8)} ${p} passed, ${x} failed`);
  passed += p; failed += x;
}
console.log(`all: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
