// Completes the npm package that wasm-pack wrote into pkg/ (built with --no-pack):
// - pkg/index.js, the entry: init/initSync over those of lro_cancel.js (the wasm-bindgen glue),
//   which hand the module to src/js/api.js (a wasm-bindgen snippet), and the API and the
//   LroError class from it;
// - pkg/index.d.ts, the hand-written types from js/index.d.ts;
// - pkg/package.json with exports/types/files/sideEffects, and pkg/README.md from js/README.md;
// - pkg/catalogue.js + pkg/catalogue.d.ts, the second entry point `lro-cancel/catalogue`: the text
//   of data/catalogue.tsv (every Google API version with an Operations mixin) as one string
//   export, for registerCatalogue(). A separate module so that the core does not carry its bytes
//   (36 KB raw, ~4.7 KB gzip): only the pages that import it load it.
import { readFileSync, writeFileSync, readdirSync, existsSync, copyFileSync } from 'node:fs';
import { join, relative, basename } from 'node:path';
import { transformSync } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const pkg = join(root, 'pkg');
const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const field = (k) => (cargo.match(new RegExp(`^${k} = "(.*)"$`, 'm')) || [])[1];

// Find the snippet that defines LroError (its folder name carries a hash wasm-bindgen picks).
function find(dir, name) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const r = find(p, name); if (r) return r; }
    else if (e.name === name) return p;
  }
  return null;
}
const api = find(join(pkg, 'snippets'), 'api.js');
if (!api) throw new Error('pkg/snippets/**/api.js not found: did wasm-pack run?');
const apiRel = './' + relative(pkg, api);
// The API lives in src/js/api.js (every exported function but `install`, which the module's
// start function calls); the glue's own exports are init/initSync, and its raw `lro_*` exports
// are api.js's private edge.
const exported = (file) => [
  ...[...file.matchAll(/^export (?:async function|function|class) (\w+)/gm)].map((m) => m[1]),
  ...[...file.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1].split(',').map((x) => x.trim()).filter((x) => !/ as /.test(x))),
];
const glueExports = exported(readFileSync(join(pkg, 'lro_cancel.js'), 'utf8')).filter((n) => !n.startsWith('lro_'));
if (glueExports.join() !== 'initSync') throw new Error(`unexpected glue exports: ${glueExports.join()}`);
const apiExports = exported(readFileSync(join(pkg, apiRel), 'utf8')).filter((n) => n !== 'install');
// init/initSync hand the module's exports to api.js: the module itself has no start function,
// so that it passes no JS values (and needs no externref table).
writeFileSync(join(pkg, 'index.js'), `import load, { initSync as loadSync } from './lro_cancel.js';
import { install } from '${apiRel}';
export { ${apiExports.join(', ')} } from '${apiRel}';
/** Loads and instantiates the module (wasm-bindgen's init), then hands it to the API. */
export default async function init(input) {
  const w = await load(input);
  install(w, w.memory);
  return w;
}
/** initSync, likewise. */
export function initSync(input) {
  const w = loadSync(input);
  install(w, w.memory);
  return w;
}
`);

// The shipped JS minified (esbuild: whitespace, syntax, local names; export names stay), each
// file with a source map beside it (devtools load it; a page never does), so that the bytes a
// console downloads are code, not comments. The readable sources are src/js/api.js and the
// wasm-bindgen glue.
for (const rel of ['lro_cancel.js', apiRel]) {
  const file = join(pkg, rel);
  const { code, map } = transformSync(readFileSync(file, 'utf8'), {
    minify: true, format: 'esm', target: 'es2022', sourcemap: 'external', sourcefile: basename(file),
  });
  writeFileSync(file, `${code}//# sourceMappingURL=${basename(file)}.map\n`);
  writeFileSync(`${file}.map`, map);
}

const types = join(root, 'js', 'index.d.ts');
if (existsSync(types)) copyFileSync(types, join(pkg, 'index.d.ts'));
else writeFileSync(join(pkg, 'index.d.ts'), `export * from './lro_cancel.js';\nexport { default } from './lro_cancel.js';\nexport class LroError extends Error { code: number; status: string; }\n`);

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
  // wasm-bindgen's own .d.ts files are not shipped: index.d.ts is the typed surface.
  files: ['index.js', 'index.d.ts', 'catalogue.js', 'catalogue.d.ts', 'lro_cancel.js', 'lro_cancel.js.map', 'lro_cancel_bg.wasm', 'snippets/', 'README.md'],
  // Importing the package starts nothing: init() loads the wasm when the caller asks.
  sideEffects: false,
  engines: { node: '>=20' },
};
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.error(`package: pkg/ written (the API from ${apiRel}; catalogue entry ${catalogueRows.length} B of TSV)`);
