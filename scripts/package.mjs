// Completes the npm package that wasm-pack wrote into pkg/ (built with --no-pack):
// - pkg/index.js, the entry: src/js/index.js (loads the wasm and hands it to the API) and
//   src/js/api.js (the API and the LroError class) bundled into one minified module, with a
//   source map. The shipped module uses nothing of wasm-bindgen's runtime, so wasm-bindgen's
//   glue (lro_cancel.js) and its .d.ts files are not shipped;
// - pkg/index.d.ts, the hand-written types from js/index.d.ts;
// - pkg/package.json with exports/types/files/sideEffects, and pkg/README.md from js/README.md;
// - pkg/catalogue.js + pkg/catalogue.d.ts, the second entry point `lro-cancel/catalogue`: the
//   table of data/catalogue.tsv (every Google API version with an Operations mixin) as one
//   string export, for registerCatalogue(). A separate module so that the core does not carry
//   its bytes: only the pages that import it load it.
import { readFileSync, writeFileSync, existsSync, copyFileSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { buildSync } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const pkg = join(root, 'pkg');
const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const field = (k) => (cargo.match(new RegExp(`^${k} = "(.*)"$`, 'm')) || [])[1];

// The module must need nothing but what index.js gives it: `lro.number`.
const wasm = new WebAssembly.Module(readFileSync(join(pkg, 'lro_cancel_bg.wasm')));
const needs = WebAssembly.Module.imports(wasm).map((i) => `${i.module}.${i.name}`);
if (needs.join() !== 'lro.number') throw new Error(`unexpected imports of the wasm module: ${needs.join(', ')}`);

// Every export of the API but the entry's own (`install`, `wasmNumber`) is the package's.
const exported = (file) => [...file.matchAll(/^export (?:async function|function|class) (\w+)/gm)].map((m) => m[1]);
const src = (name) => readFileSync(join(root, 'src', 'js', name), 'utf8');
const apiExports = exported(src('api.js')).filter((n) => n !== 'install' && n !== 'wasmNumber').sort();
const entryExports = [...src('index.js').matchAll(/^export \{([^}]*)\} from '\.\/api\.js';/gm)]
  .flatMap((m) => m[1].split(',').map((x) => x.trim()).filter(Boolean)).sort();
if (apiExports.join() !== entryExports.join()) {
  throw new Error(`src/js/index.js re-exports ${entryExports.join(', ')} but api.js exports ${apiExports.join(', ')}`);
}

// wasm-bindgen's output besides the module: its glue, types and any snippet copies.
for (const f of ['lro_cancel.js', 'lro_cancel.d.ts', 'lro_cancel_bg.wasm.d.ts', 'snippets']) {
  rmSync(join(pkg, f), { recursive: true, force: true });
}

// The shipped JS: one module, minified (esbuild: whitespace, syntax, local names; export names
// stay), so that a page makes one request for it and the bytes it downloads are code, not
// comments; one file compresses better than two (6,180 B gzip for the two as one text against
// 6,436 B apart). The source map beside it points devtools at src/js/index.js and api.js.
buildSync({
  entryPoints: [join(root, 'src', 'js', 'index.js')], bundle: true, outfile: join(pkg, 'index.js'),
  minify: true, format: 'esm', target: 'es2022', sourcemap: 'linked', logLevel: 'warning',
});

const types = join(root, 'js', 'index.d.ts');
if (existsSync(types)) copyFileSync(types, join(pkg, 'index.d.ts'));
else throw new Error('js/index.d.ts is missing');

// The catalogue entry: the TSV's header and rows (JSON.stringify escapes tabs, newlines and
// quotes). Its "#" comments, which registerCatalogue skips, stay in data/catalogue.tsv: they
// were 700 of the entry's 4,775 bytes gzip. The entry names its source in one line instead.
const catalogueTsv = readFileSync(join(root, 'data', 'catalogue.tsv'), 'utf8');
const source = (catalogueTsv.match(/^# Source: (.*)$/m) || [])[1] || 'see data/catalogue.tsv';
const catalogueRows = catalogueTsv.split('\n').filter((line) => !line.startsWith('#')).join('\n');
writeFileSync(join(pkg, 'catalogue.js'),
  `// The service catalogue for registerCatalogue() from 'lro-cancel': data/catalogue.tsv without\n` +
  `// its comments. Source: ${source}\n` +
  `export const catalogue = ${JSON.stringify(catalogueRows)};\nexport default catalogue;\n`);
const catalogueTypes = join(root, 'js', 'catalogue.d.ts');
if (existsSync(catalogueTypes)) copyFileSync(catalogueTypes, join(pkg, 'catalogue.d.ts'));
else writeFileSync(join(pkg, 'catalogue.d.ts'), 'export declare const catalogue: string;\nexport default catalogue;\n');

const readme = join(root, 'js', 'README.md');
if (existsSync(readme)) copyFileSync(readme, join(pkg, 'README.md'));

const manifest = {
  name: 'lro-cancel',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  repository: { type: 'git', url: field('repository') },
  keywords: ['google-cloud', 'long-running-operations', 'lro', 'cancel', 'grpc-transcoding', 'wasm', 'aip-127'],
  type: 'module',
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './catalogue': { types: './catalogue.d.ts', default: './catalogue.js' },
    './lro_cancel_bg.wasm': './lro_cancel_bg.wasm',
    './package.json': './package.json',
  },
  // index.d.ts is the typed surface.
  files: ['index.js', 'index.js.map', 'index.d.ts', 'catalogue.js', 'catalogue.d.ts', 'lro_cancel_bg.wasm', 'README.md'],
  // Importing the package starts nothing: init() loads the wasm when the caller asks.
  sideEffects: false,
  engines: { node: '>=20' },
};
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.error(`package: pkg/ written (API: ${apiExports.join(', ')}; catalogue entry ${catalogueRows.length} B of TSV)`);
