// Browser mode: the same contract as Electron's IPC, over HTTP (calls) and a WebSocket (events), bound to
// 127.0.0.1 by default. Every API request must carry the session token printed at start.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventSink, Handlers, Result } from '../shared';
import { isChannel, toApiError, WorkbenchError } from '../shared';
import { headlessServices } from '../core/headless';
import { ensureSampleProject } from '../core/services';

const MAX_JSON_BYTES = 10 * 1024 * 1024;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: http:";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export interface HttpAppOptions {
  handlers: Handlers;
  /** The built renderer (out/renderer, from `npm run build`). */
  staticDir: string;
  token: string;
  uploadsDir: string;
}

export interface HttpApp {
  server: Server;
  broadcast: EventSink;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new WorkbenchError('BadRequest', 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WorkbenchError('BadRequest', 'the request body is not JSON');
  }
}

function serveStatic(staticDir: string, urlPath: string, res: ServerResponse): void {
  const index = join(staticDir, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built: run `npm run build` (or `npm start`), then reload.');
    return;
  }
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  let file = resolve(staticDir, rel || 'index.html');
  if (!file.startsWith(resolve(staticDir) + sep) || !existsSync(file) || !statSync(file).isFile()) file = index;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' });
  res.end(readFileSync(file));
}

/** The HTTP + WebSocket bridge over a set of handlers; not listening yet. */
export function createHttpApp(o: HttpAppOptions): HttpApp {
  const clients = new Set<WebSocket>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
        return serveStatic(o.staticDir, url.pathname, res);
      }
      const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
      if (!sameToken(bearer, o.token)) {
        return sendJson(res, 401, {
          ok: false,
          error: { name: 'Unauthorized', code: 'Unauthorized', message: 'missing or wrong session token' },
        });
      }
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      let result: Result<unknown>;
      try {
        if (url.pathname === '/api/upload') {
          const name = basename(url.searchParams.get('name') ?? 'upload').replace(/[^\w.-]+/g, '_') || 'upload';
          mkdirSync(o.uploadsDir, { recursive: true });
          const path = join(o.uploadsDir, `${randomBytes(4).toString('hex')}-${name}`);
          await pipeline(req, createWriteStream(path));
          result = { ok: true, value: { path } };
        } else {
          const channel = url.pathname.slice('/api/invoke/'.length);
          if (!url.pathname.startsWith('/api/invoke/') || !isChannel(channel))
            return sendJson(res, 404, { error: `no channel "${channel}"` });
          const body = await readJson(req);
          const handler = o.handlers[channel] as (r: unknown) => Promise<unknown>;
          result = { ok: true, value: await handler(body ?? undefined) };
        }
      } catch (err) {
        result = { ok: false, error: toApiError(err) };
      }
      sendJson(res, 200, result);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toApiError(err) });
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/events' || !sameToken(url.searchParams.get('token'), o.token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
    });
  });
  server.on('close', () => wss.close());

  const broadcast: EventSink = (event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  };
  return { server, broadcast };
}

export interface ServeOptions {
  dbPath: string;
  host: string;
  port: number;
  /** On an empty database, import the bundled sample and train one run first. */
  sample: boolean;
  staticDir: string;
  /** Called with the URL once listening (default: printed). */
  onListening?: (url: string) => void;
}

/** `ewb serve`: services + bridge, until SIGINT/SIGTERM. Resolves once listening; returns a closer. */
export async function startServer(o: ServeOptions): Promise<() => Promise<void>> {
  let sink: EventSink = () => undefined;
  const services = headlessServices(o.dbPath, (e, p) => sink(e, p));
  if (o.sample) {
    console.error('preparing the sample project (import and one training run)…');
    await ensureSampleProject(services);
  }
  const token = randomBytes(24).toString('base64url');
  const app = createHttpApp({
    handlers: services.handlers,
    staticDir: o.staticDir,
    token,
    uploadsDir: join(dirname(resolve(o.dbPath)), 'uploads'),
  });
  sink = app.broadcast;
  await new Promise<void>((ok, fail) => {
    app.server.once('error', fail);
    app.server.listen(o.port, o.host, () => ok());
  });
  const { port } = app.server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}/?token=${token}`;
  if (o.host !== '127.0.0.1' && o.host !== 'localhost' && o.host !== '::1') {
    console.error(`warning: listening on ${o.host}: anyone who can reach it and has the token can read this project`);
  }
  (o.onListening ?? ((u: string) => console.log(`Embedding Workbench is serving ${o.dbPath}\nopen ${u}`)))(url);
  const close = async (): Promise<void> => {
    services.close();
    await new Promise<void>((ok) => app.server.close(() => ok()));
  };
  const stop = (): void => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return close;
}
