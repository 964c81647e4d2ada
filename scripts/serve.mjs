#!/usr/bin/env node
// A small static file server for the demo and the end-to-end tests: serves the repository root on localhost,
// answers HTTP range requests (FlatGeobuf and Cloud Optimized GeoTIFF read only the bytes they need), sends text
// compressed (brotli or gzip, as a portal's web server would: the bundle and the Zensus CSV shrink to a fraction), and
// never sends a request anywhere else.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  // Browsers compile WebAssembly while it downloads only when it comes as application/wasm.
  '.wasm': 'application/wasm',
  '.geojson': 'application/geo+json',
  '.fgb': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.tif': 'image/tiff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Types worth compressing. A FlatGeobuf read whole (the map's areas) shrinks to less than half; read by ranges it is
 * sent as it is, as are GeoTIFFs and images, which are compressed already.
 */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.csv', '.svg', '.map', '.fgb']);

const ENCODERS = {
  // Quality 5: most of brotli's gain at a speed that suits compressing on first request.
  br: (bytes) => promisify(brotliCompress)(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gzip: (bytes) => promisify(gzip)(bytes, { level: 6 }),
};

/** Compressed files by path, encoding and modification time: each is compressed once while it does not change. */
const compressed = new Map();

/** The encoding the client accepts that we offer, brotli first. */
function chooseEncoding(header) {
  const accepted = new Set(
    String(header ?? '')
      .split(',')
      .map((part) => part.split(';')[0].trim().toLowerCase())
      .filter((part) => part !== ''),
  );
  return ['br', 'gzip'].find((encoding) => accepted.has(encoding));
}

async function compressedFile(path, info, encoding) {
  const key = `${encoding} ${path}`;
  const cached = compressed.get(key);
  if (cached && cached.mtime === info.mtimeMs && cached.size === info.size) return cached.bytes;
  const bytes = await ENCODERS[encoding](await readFile(path));
  compressed.set(key, { mtime: info.mtimeMs, size: info.size, bytes });
  return bytes;
}

/**
 * Starts serving `root`. Resolves with the server and its base URL once it listens.
 * @param {{ root?: string, port?: number, host?: string, headers?: Record<string, string> }} [options]
 */
export async function serve(options = {}) {
  const root = resolve(options.root ?? fileURLToPath(new URL('..', import.meta.url)));
  const host = options.host ?? '127.0.0.1';
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        response.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path).catch(() => undefined);
      }
      if (!info?.isFile()) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
        return;
      }
      const headers = {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'accept-ranges': 'bytes',
        'cache-control': 'no-cache',
        ...options.headers,
      };
      const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
      if (range) {
        const start = range[1] === '' ? Math.max(0, info.size - Number(range[2])) : Number(range[1]);
        const end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), info.size - 1) : info.size - 1;
        if (start > end || start >= info.size) {
          response.writeHead(416, { 'content-range': `bytes */${info.size}` }).end();
          return;
        }
        response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${info.size}`, 'content-length': end - start + 1 });
        if (request.method === 'HEAD') response.end();
        else createReadStream(path, { start, end }).pipe(response);
        return;
      }
      const encoding = COMPRESSIBLE.has(extname(path)) ? chooseEncoding(request.headers['accept-encoding']) : undefined;
      if (encoding) {
        const bytes = await compressedFile(path, info, encoding);
        response.writeHead(200, { ...headers, 'content-encoding': encoding, vary: 'accept-encoding', 'content-length': bytes.length });
        response.end(request.method === 'HEAD' ? undefined : bytes);
        return;
      }
      response.writeHead(200, { ...headers, 'content-length': info.size });
      if (request.method === 'HEAD') response.end();
      else createReadStream(path).pipe(response);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolveListen) => server.listen(options.port ?? 0, host, resolveListen));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/` };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8000);
  const { url } = await serve({ port });
  console.log(`Sozialraum demo: ${url}demo/`);
  console.log('Press Ctrl+C to stop.');
}
