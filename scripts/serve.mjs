// A small static server for the demo: www/ at /, the built package pkg/ at /pkg/, on 127.0.0.1.
// Sends the demo's Content-Security-Policy as a header and .wasm as application/wasm.
// Usage: node scripts/serve.mjs [--port 8080] [--fake http://127.0.0.1:18787]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
const root = new URL('..', import.meta.url).pathname;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

export function serve({ port = 8080, host = '127.0.0.1', fake } = {}) {
  // connect-src: the fake server, and the real Google APIs when the page's switch targets them.
  const csp = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${fake ?? 'http://127.0.0.1:*'} https://*.googleapis.com`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [dir, rest] = path.startsWith('/pkg/') ? ['pkg', path.slice(5)] : ['www', path.slice(1) || 'index.html'];
    const base = join(root, dir);
    const file = normalize(join(base, rest));
    if (!file.startsWith(base + sep) && file !== base) { res.writeHead(403).end(); return; }
    try {
      const f = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(f);
      res.writeHead(200, {
        'content-type': TYPES[extname(f)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve({ port: Number(arg('--port', 8080)), fake: arg('--fake') });
  console.log(`demo at ${url}`);
}
