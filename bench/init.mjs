// Prints how long initSync takes with the wasm bytes already in hand (the import is outside the clock).
import { readFileSync } from 'node:fs';
import { initSync } from '../pkg/index.js';
const bytes = readFileSync(new URL('../pkg/lro_cancel_bg.wasm', import.meta.url));
const t0 = performance.now();
initSync({ module: bytes });
process.stdout.write(String(performance.now() - t0));
