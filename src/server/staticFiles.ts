// Files the server sends: the built UI (never anything outside it) and finished exports as downloads, named
// after the dataset, run and table so that a second export of a run does not take the first one's name.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isInside } from '../core/boundary';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The Content-Type of a file of the built UI (also for Electron's app:// protocol). */
export const contentType = (path: string): string => TYPES[extname(path)] ?? 'application/octet-stream';

export async function serveStatic(staticDir: string, urlPath: string, res: ServerResponse, csp: string) {
  const index = join(staticDir, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built: run `npm run build` (or `npm start`), then reload.');
    return;
  }
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  } catch {
    rel = ''; // a malformed %-escape: the UI's index, like any unknown path
  }
  let file = resolve(staticDir, rel || 'index.html');
  if (!file.startsWith(resolve(staticDir) + sep) || !existsSync(file) || !statSync(file).isFile()) file = index;
  res.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(readFileSync(file));
}

/** The name a browser saves an export file under: its folder (`<dataset>-run<id>`) and its own name. */
export const downloadName = (path: string): string => `${basename(dirname(path))}-${basename(path)}`;

/** Streams an export file as an attachment; only files inside the exports folder are sent. */
export async function sendDownload(res: ServerResponse, path: string, exportsDir: string): Promise<void> {
  if (!path || !isInside(exportsDir, path) || !existsSync(path) || !statSync(path).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('no such export: export the table again');
    return;
  }
  const name = downloadName(path);
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': statSync(path).size,
    'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  await pipeline(createReadStream(path), res);
}
