// Type tests of lro-cancel's public types (js/index.d.ts, shipped as pkg/index.d.ts, and
// js/catalogue.d.ts for the `lro-cancel/catalogue` entry), with the repository's TypeScript
// (devDependency `typescript`):
// - consumer.ts, which uses every export as the README shows, compiles under strict settings;
// - each misuse/*.ts fails to compile, only on its line marked `// misuse`, with the error code
//   and the word its `// expect:` header names;
// - index.d.ts and catalogue.d.ts compile alone with the DOM lib and with the WebWorker lib (no DOM);
// - neither has an `any`, and every export has a doc comment;
// - with pkg/ built: pkg/index.d.ts is js/index.d.ts and pkg/catalogue.d.ts is js/catalogue.d.ts,
//   the value exports of each entry are exactly its runtime's, pkg/catalogue.js holds
//   data/catalogue.tsv verbatim, and consumer.ts compiles against the package the way a project
//   that installed it resolves it (node_modules/lro-cancel + package.json `exports` for both
//   entries, moduleResolution nodenext and bundler).
// Run: node --test tests/types/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = join(ROOT, 'tests/types');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const DTS = join(ROOT, 'js/index.d.ts');
const CATALOGUE_DTS = join(ROOT, 'js/catalogue.d.ts');
const PKG = join(ROOT, 'pkg');
const built = existsSync(join(PKG, 'index.js')) && existsSync(join(PKG, 'package.json'));

/** Runs tsc; resolves to { code, out } (never rejects on type errors). */
function tsc(...args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [TSC, '--pretty', 'false', ...args], { cwd: ROOT, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? err.code : 0, out: stdout + stderr });
    });
  });
}

/** Parses tsc's `file(line,col): error TSnnnn: message` lines (continuation lines join the message). */
function diagnostics(out) {
  const list = [];
  for (const line of out.split('\n')) {
    const m = line.match(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/);
    if (m) list.push({ file: m[1], line: Number(m[2]), code: m[4], message: m[5] });
    else if (line.startsWith('  ') && list.length) list.at(-1).message += '\n' + line.trim();
  }
  return list;
}

const tmp = (prefix) => mkdtempSync(join(tmpdir(), prefix));

// Start the compilations at once; each test awaits its own.
const consumerRun = tsc('-p', HERE);
const misuseFiles = readdirSync(join(HERE, 'misuse')).filter((f) => f.endsWith('.ts')).sort();
const misuseDir = tmp('lro-types-misuse-');
writeFileSync(join(misuseDir, 'tsconfig.json'), JSON.stringify({
  extends: join(HERE, 'tsconfig.json'),
  files: misuseFiles.map((f) => join(HERE, 'misuse', f)),
}));
const misuseRun = tsc('-p', misuseDir);
// The declarations alone, for a page (DOM) and for a Web Worker project (WebWorker lib, no DOM).
const libRuns = Object.fromEntries(['ES2022,DOM', 'ES2022,WebWorker'].map((lib) =>
  [lib, tsc('--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'ES2022', '--lib', lib, DTS, CATALOGUE_DTS)]));

test('consumer.ts (every export, used correctly) compiles under strict', async () => {
  const { code, out } = await consumerRun;
  assert.equal(code, 0, `tsc -p tests/types failed:\n${out}`);
  assert.equal(out.trim(), '');
});

for (const [lib, run] of Object.entries(libRuns)) {
  test(`index.d.ts and catalogue.d.ts compile on their own with lib ${lib}`, async () => {
    const { code, out } = await run;
    assert.equal(code, 0, out);
  });
}

test('there are misuse files', () => assert.ok(misuseFiles.length >= 5, misuseFiles.join(', ')));

for (const file of misuseFiles) {
  test(`misuse/${file} fails to compile, on its marked line only`, async () => {
    const src = readFileSync(join(HERE, 'misuse', file), 'utf8');
    const header = src.match(/^\/\/ expect: (\S+) (.+)$/m);
    assert.ok(header, `${file}: no "// expect: TSnnnn word" header`);
    const codes = header[1].split('|');
    const word = header[2].trim();
    const lines = src.split('\n');
    const marked = lines.flatMap((l, i) => (/\/\/ misuse\s*$/.test(l) ? [i + 1] : []));
    assert.equal(marked.length, 1, `${file}: exactly one line must end with "// misuse"`);

    const { code, out } = await misuseRun;
    assert.notEqual(code, 0, 'the misuse files compiled');
    const mine = diagnostics(out).filter((d) => d.file.endsWith(`misuse/${file}`));
    assert.ok(mine.length > 0, `${file} compiled without an error:\n${out}`);
    for (const d of mine) {
      assert.equal(d.line, marked[0], `${file}: an error off the marked line (${d.line}): ${d.code} ${d.message}`);
      assert.ok(codes.includes(d.code), `${file}: expected ${codes.join(' or ')}, got ${d.code}: ${d.message}`);
    }
    assert.ok(mine.some((d) => d.message.includes(word)), `${file}: no error mentions "${word}":\n${mine.map((d) => d.message).join('\n')}`);
  });
}

/** The exported declarations of a .d.ts: name → { kind, node, documented }. */
function exportsOf(path) {
  const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Map();
  const isExported = (n) => ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Export;
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      for (const el of st.exportClause?.elements ?? []) found.set(el.name.text, { kind: 'type', node: st, documented: true, reexport: true });
      continue;
    }
    if (ts.isExportAssignment(st)) { // `export default x;`
      found.set('default', { kind: 'value', node: st, documented: ts.getJSDocCommentsAndTags(st).length > 0 });
      continue;
    }
    if (!isExported(st)) continue;
    if (ts.isVariableStatement(st)) { // `export declare const x: T;`
      for (const d of st.declarationList.declarations) {
        found.set(d.name.text, { kind: 'value', node: st, documented: ts.getJSDocCommentsAndTags(st).length > 0 });
      }
      continue;
    }
    const isDefault = ts.getCombinedModifierFlags(st) & ts.ModifierFlags.Default;
    const name = isDefault ? 'default' : st.name?.text;
    const kind = ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) ? 'value' : 'type';
    const documented = ts.getJSDocCommentsAndTags(st).length > 0;
    const prev = found.get(name);
    found.set(name, { kind, node: st, documented: documented || Boolean(prev?.documented) });
  }
  return { sf, found };
}

/** Fails on an `any` in a .d.ts or an export without a doc comment; returns its exports. */
function lint(path) {
  const { sf, found } = exportsOf(path);
  const anys = [];
  const walk = (n) => {
    if (n.kind === ts.SyntaxKind.AnyKeyword) anys.push(sf.getLineAndCharacterOfPosition(n.getStart()).line + 1);
    ts.forEachChild(n, walk);
  };
  walk(sf);
  assert.deepEqual(anys, [], `${path}: \`any\` on lines ${anys.join(', ')}`);
  const undocumented = [...found].filter(([, e]) => !e.documented).map(([n]) => n);
  assert.deepEqual(undocumented, [], `${path}: exports without a doc comment`);
  return found;
}

test('index.d.ts: no `any` anywhere, and a doc comment on every export', () => {
  const found = lint(DTS);
  for (const name of ['default', 'initSync', 'services', 'buildCancelRequest', 'decodeError', 'decodeOperation',
    'cancelOperation', 'getOperation', 'cancelAndWait', 'LroError',
    'registerCatalogue', 'resolveName', 'listOperations', 'cancelMany']) {
    assert.equal(found.get(name)?.kind, 'value', `index.d.ts does not declare ${name}`);
  }
});

test('catalogue.d.ts: no `any`, documented, and exactly `catalogue` and the default export', () => {
  const found = lint(CATALOGUE_DTS);
  assert.deepEqual([...found.keys()].sort(), ['catalogue', 'default']);
  for (const e of found.values()) assert.equal(e.kind, 'value');
});

test('the built package ships these types and its runtime exports exactly the declared values', { skip: !built && 'pkg/ is not built (bash scripts/build.sh)' }, async () => {
  assert.equal(readFileSync(join(PKG, 'index.d.ts'), 'utf8'), readFileSync(DTS, 'utf8'), 'pkg/index.d.ts differs from js/index.d.ts: rebuild');
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.equal(manifest.exports['.'].types, './index.d.ts');
  assert.equal(manifest.types, './index.d.ts');
  assert.ok(manifest.files.includes('index.d.ts'));
  // Importing the entry runs nothing (the wasm loads on init), so Node can list its exports.
  const runtime = Object.keys(await import(join(PKG, 'index.js'))).sort();
  const declared = [...exportsOf(DTS).found].filter(([, e]) => e.kind === 'value').map(([n]) => n).sort();
  assert.deepEqual(runtime, declared, 'runtime exports (left) and declared value exports (right) differ');
});

test('the built package ships the catalogue entry: types, exports, and data/catalogue.tsv verbatim', { skip: !built && 'pkg/ is not built (bash scripts/build.sh)' }, async () => {
  assert.equal(readFileSync(join(PKG, 'catalogue.d.ts'), 'utf8'), readFileSync(CATALOGUE_DTS, 'utf8'), 'pkg/catalogue.d.ts differs from js/catalogue.d.ts: rebuild');
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.exports['./catalogue'], { types: './catalogue.d.ts', default: './catalogue.js' });
  for (const f of ['catalogue.js', 'catalogue.d.ts']) assert.ok(manifest.files.includes(f), `package.json files lacks ${f}`);
  const mod = await import(join(PKG, 'catalogue.js'));
  const declared = [...exportsOf(CATALOGUE_DTS).found].filter(([, e]) => e.kind === 'value').map(([n]) => n).sort();
  assert.deepEqual(Object.keys(mod).sort(), declared, 'runtime exports (left) and declared value exports (right) of catalogue differ');
  assert.equal(typeof mod.catalogue, 'string');
  assert.equal(mod.default, mod.catalogue);
  // The table without its "#" comments (which registerCatalogue skips).
  const rows = readFileSync(join(ROOT, 'data/catalogue.tsv'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
  assert.equal(mod.catalogue, rows, 'pkg/catalogue.js is not the rows of data/catalogue.tsv: rebuild');
  // The core entry does not pull the catalogue in (that is why it is a separate entry).
  for (const f of ['index.js']) assert.ok(!readFileSync(join(PKG, f), 'utf8').includes('catalogue.js'), `${f} imports catalogue.js`);
});

for (const resolution of ['nodenext', 'bundler']) {
  test(`consumer.ts compiles against the installed package (moduleResolution ${resolution}, package.json exports)`, { skip: !built && 'pkg/ is not built (bash scripts/build.sh)' }, async () => {
    // A project that "installed" lro-cancel: node_modules/lro-cancel → pkg/, no `paths`.
    const dir = tmp(`lro-types-${resolution}-`);
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(PKG, join(dir, 'node_modules', 'lro-cancel'), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
      copyFileSync(join(HERE, 'consumer.ts'), join(dir, 'consumer.ts'));
      const base = ts.parseConfigFileTextToJson('tsconfig.json', readFileSync(join(HERE, 'tsconfig.json'), 'utf8')).config;
      const { paths: _paths, ...options } = base.compilerOptions; // no path mapping: resolve like an installed package
      Object.assign(options, resolution === 'nodenext' ? { module: 'NodeNext', moduleResolution: 'NodeNext' } : { module: 'ESNext', moduleResolution: 'Bundler' });
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['consumer.ts'] }));
      const { code, out } = await tsc('-p', dir, '--traceResolution');
      const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
      assert.equal(code, 0, errors.join('\n') || out.slice(-2000));
      assert.deepEqual(errors, []);
      // It really went through node_modules/lro-cancel/package.json's `exports`, `types` condition.
      const trace = out.slice(out.indexOf("======== Resolving module 'lro-cancel'"));
      const head = trace.split('\n').slice(0, 30).join('\n');
      for (const re of [
        /Found 'package.json' at '[^']*node_modules\/lro-cancel\/package.json'/,
        /Matched 'exports' condition 'types'/,
        /Module name 'lro-cancel' was successfully resolved to '[^']*\/index\.d\.ts' with Package ID 'lro-cancel\/index\.d\.ts@/,
      ]) assert.ok(re.test(trace), `${re} not in the resolution trace:\n${head}`);
      // And 'lro-cancel/catalogue' through the "./catalogue" subpath export.
      const at = out.indexOf("======== Resolving module 'lro-cancel/catalogue'");
      assert.ok(at >= 0, 'consumer.ts does not import lro-cancel/catalogue');
      const sub = out.slice(at);
      for (const re of [
        /Matched 'exports' condition 'types'/,
        /Module name 'lro-cancel\/catalogue' was successfully resolved to '[^']*\/catalogue\.d\.ts' with Package ID 'lro-cancel\/catalogue\.d\.ts@/,
      ]) assert.ok(re.test(sub), `${re} not in the resolution trace:\n${sub.split('\n').slice(0, 30).join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

process.on('exit', () => rmSync(misuseDir, { recursive: true, force: true }));
