// Browser mode: the same contract as Electron's IPC, over HTTP (calls) and a WebSocket (events), bound to
// 127.0.0.1 by default. Every API request carries the session token printed at start, comes from this server's
// own origin, and names files only inside the project's uploads (to read) and exports (to write) folders.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Channel, EventSink, Handlers, Result } from '../shared';
import { isChannel, toApiError, WorkbenchError } from '../shared';
import { guardHandlers, isInside, type PathPolicy } from '../core/boundary';
import { allowedHostNames, contentSecurityPolicy, hostOriginProblem } from './hostCheck';
import { sendDownload, serveStatic } from './staticFiles';
import { DEFAULT_MAX_UPLOAD_BYTES, UploadTooLarge, Uploads } from './uploads';

/** Requests are small (ids, options, a few keys); anything bigger is a mistake or an attack. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** The browser sends nothing over the event socket; a frame this big is refused and the socket closed. */
export const MAX_WS_PAYLOAD = 4 * 1024;

export interface HttpAppOptions {
  handlers: Handlers;
  /** The built renderer (out/renderer, from `npm run build`). */
  staticDir: string;
  token: string;
  uploadsDir: string;
  /** Where exports are written (and the only place downloads come from). */
  exportsDir: string;
  /** The bundled sample file, readable besides uploads. */
  samplePath?: string;
  /** The address the server is bound to (default 127.0.0.1): which Host names are accepted. */
  host?: string;
  maxUploadBytes?: number;
}

export interface HttpApp {
  server: Server;
  broadcast: EventSink;
  uploads: Uploads;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}
const failure = (code: 'BadRequest' | 'Unauthorized', message: string): Result<never> => ({
  ok: false,
  error: { name: code, code, message },
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers['content-length']) > MAX_JSON_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new BodyTooLarge();
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
class BodyTooLarge extends WorkbenchError {
  constructor() {
    super('BadRequest', `the request body is larger than ${MAX_JSON_BYTES / 1024} KiB`);
  }
}

/** The HTTP + WebSocket bridge over a set of handlers; not listening yet. */
export function createHttpApp(o: HttpAppOptions): HttpApp {
  const clients = new Set<WebSocket>();
  const uploads = new Uploads(o.uploadsDir, o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  const sampleDir = o.samplePath ? dirname(o.samplePath) : null;
  const policy: PathPolicy = ({ use, path }) => {
    if (use === 'write')
      return isInside(o.exportsDir, path) ? null : 'in browser mode exports go to the project and are downloaded';
    const upload = uploads.refusal(path);
    if (upload) return upload;
    if (isInside(o.uploadsDir, path) || (sampleDir && isInside(sampleDir, path))) return null;
    return 'in browser mode the server reads only files uploaded to it: upload the file instead';
  };
  const handlers = guardHandlers(o.handlers, policy);
  const names = allowedHostNames(o.host ?? '127.0.0.1');
  const port = (): number => (server.address() as AddressInfo | null)?.port ?? 0;

  const invoke = async (channel: Channel, req: IncomingMessage): Promise<Result<unknown>> => {
    const body = await readJson(req);
    try {
      const value = await (handlers[channel] as (r: unknown) => Promise<unknown>)(body);
      // The uploaded copies an import read are not needed any more (issue 13: nothing left behind).
      if (
        channel === 'datasets:import' ||
        channel === 'tables:import' ||
        channel === 'runs:unpack' ||
        channel === 'batch:predict'
      ) {
        const r = body as { path: string; items?: { path: string }; users?: { path: string } };
        uploads.removeImported([r.path, r.items?.path ?? '', r.users?.path ?? '']);
      }
      return { ok: true, value };
    } catch (err) {
      const e = toApiError(err);
      return { ok: false, error: { ...e, message: uploads.describe(e.message) } };
    }
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    if (!sameToken(bearer, o.token))
      return sendJson(
        res,
        401,
        failure(
          'Unauthorized',
          'missing or wrong session token: open the URL printed at start (it carries the session token)',
        ),
      );
    if (url.pathname === '/api/download' && req.method === 'GET')
      return sendDownload(res, url.searchParams.get('path') ?? '', o.exportsDir);
    if (req.method !== 'POST') return sendJson(res, 405, failure('BadRequest', 'use POST'));
    if (url.pathname === '/api/upload') {
      const path = await uploads.receive(req, url.searchParams.get('name') ?? 'upload');
      return sendJson(res, 200, { ok: true, value: { path } });
    }
    if (!url.pathname.startsWith('/api/invoke/'))
      return sendJson(res, 404, failure('BadRequest', `no such API: ${url.pathname}`));
    const channel = url.pathname.slice('/api/invoke/'.length);
    if (!isChannel(channel)) return sendJson(res, 404, failure('BadRequest', `no channel "${channel}"`));
    sendJson(res, 200, await invoke(channel, req));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refused = hostOriginProblem(req, names, port());
    if (refused) return sendJson(res, 403, failure('Unauthorized', refused), true);
    const csp = contentSecurityPolicy(req.headers.host!);
    const work = url.pathname.startsWith('/api/')
      ? api(req, res, url)
      : req.method === 'GET' || req.method === 'HEAD'
        ? serveStatic(o.staticDir, url.pathname, res, csp)
        : Promise.resolve(sendJson(res, 405, failure('BadRequest', 'method not allowed')));
    work.catch((err: unknown) => {
      // Too large: answer at once and drop the connection instead of reading the rest of the body.
      const tooLarge = err instanceof UploadTooLarge || err instanceof BodyTooLarge;
      if (!res.headersSent) sendJson(res, tooLarge ? 413 : 500, { ok: false, error: toApiError(err) }, tooLarge);
      if (tooLarge) res.once('finish', () => req.destroy());
    });
  });

  // Events only flow out; one misbehaving client (bad frames, huge messages) loses its socket, nothing more.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD });
  wss.on('error', () => undefined);
  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refused = hostOriginProblem(req, names, port());
    if (refused || url.pathname !== '/api/events' || !sameToken(url.searchParams.get('token'), o.token)) {
      socket.end(`HTTP/1.1 ${refused ? '403 Forbidden' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      // ws closes the socket itself after a protocol error (1002) or an oversized message (1009).
      ws.on('error', () => undefined);
      ws.on('close', () => clients.delete(ws));
    });
  });
  server.on('close', () => {
    for (const ws of clients) ws.terminate();
    wss.close();
  });

  const broadcast: EventSink = (event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message, () => undefined);
  };
  return { server, broadcast, uploads };
}

export { startServer, type ServeOptions } from './serve';
