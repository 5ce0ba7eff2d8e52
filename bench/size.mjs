// Shipped bytes, ours against google-gax's browser entry (google-gax/fallback) bundled by esbuild
// for the browser, minified, Node built-ins left external (so gax's figure is a lower bound).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { builtinModules } from 'node:module';

const out = await build({
  // By file path: gax's package exports hide build/src.
  stdin: { contents: `export * from ${JSON.stringify(new URL('./node_modules/google-gax/build/src/fallback.js', import.meta.url).pathname)};`, resolveDir: new URL('.', import.meta.url).pathname },
  bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
  external: [...builtinModules, ...builtinModules.map((m) => 'node:' + m)],
});
const gax = out.outputFiles[0].contents;
const gz = gzipSync(gax, { level: 9 }).length;
console.log(execFileSync(process.execPath, [new URL('../scripts/size.mjs', import.meta.url).pathname]).toString().trimEnd());
console.log(`google-gax/fallback (esbuild, browser, minified)               ${String(gax.length).padStart(8)} B  ${String(gz).padStart(7)} B gzip`);
