// Prints how long initSync takes with the wasm bytes already in hand (the import is outside the
// clock). With a file argument, writes the figure there instead: bench/run.mjs runs this with
// no stdio at all, because a child whose stdout is a pipe measured 1.5-2x slower here (Node sets
// up the pipe on the same two cores while the module compiles), which a page never pays.
import { readFileSync, writeFileSync } from 'node:fs';
import { initSync } from '../pkg/index.js';
const bytes = readFileSync(new URL('../pkg/lro_cancel_bg.wasm', import.meta.url));
const t0 = performance.now();
initSync({ module: bytes });
const ms = String(performance.now() - t0);
if (process.argv[2]) writeFileSync(process.argv[2], ms);
else process.stdout.write(ms);
