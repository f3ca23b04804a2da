// The browser-mode bridge: token checks, the contract over HTTP, uploads and events over the WebSocket.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Handlers } from '../shared';
import { WorkbenchError } from '../shared';
import { tempDir } from '../core/testing';
import { createHttpApp, type HttpApp } from './httpServer';

const tmp = tempDir();
const TOKEN = 'secret-token-for-tests';
let app: HttpApp;
let base = '';
const calls: unknown[] = [];

// Only the handlers these tests reach; the rest throw so a wrong route shows up as a failure.
const handlers = new Proxy({} as Handlers, {
  get: (_t, channel: string) => async (req: unknown) => {
    calls.push([channel, req]);
    if (channel === 'datasets:list') return [];
    if (channel === 'runs:get') throw new WorkbenchError('NotFound', 'no run 9');
    throw new Error(`unexpected channel ${channel}`);
  },
});

beforeAll(async () => {
  const staticDir = join(tmp.dir, 'web');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  app = createHttpApp({
    handlers,
    staticDir,
    token: TOKEN,
    uploadsDir: join(tmp.dir, 'uploads'),
    exportsDir: join(tmp.dir, 'exports'),
  });
  await new Promise<void>((ok) => app.server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => app.server.close(ok));
  tmp.cleanup();
});

const post = (path: string, body: string | null, token: string | null = TOKEN): Promise<Response> =>
  fetch(`${base}${path}`, { method: 'POST', body, headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('httpServer', () => {
  it('refuses API calls without the session token or with a wrong one', async () => {
    expect((await post('/api/invoke/datasets:list', 'null', null)).status).toBe(401);
    expect((await post('/api/invoke/datasets:list', 'null', 'wrong')).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('answers a channel with a Result and keeps error codes', async () => {
    expect(await (await post('/api/invoke/datasets:list', 'null')).json()).toEqual({ ok: true, value: [] });
    expect(await (await post('/api/invoke/runs:get', '{"runId":9}')).json()).toEqual({
      ok: false,
      error: { name: 'NotFound', code: 'NotFound', message: 'no run 9' },
    });
    expect(calls.at(-1)).toEqual(['runs:get', { runId: 9 }]);
  });

  it('rejects unknown channels and bodies that are not JSON', async () => {
    expect((await post('/api/invoke/fs:readFile', '{}')).status).toBe(404);
    const bad = (await (await post('/api/invoke/runs:get', '{oops')).json()) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
  });

  it('stores an upload under the uploads folder with a safe name', async () => {
    const res = (await (await post('/api/upload?name=..%2F..%2Fevil%20name.csv', 'a,b\n1,2\n')).json()) as {
      ok: true;
      value: { path: string };
    };
    expect(res.ok).toBe(true);
    expect(res.value.path.startsWith(join(tmp.dir, 'uploads'))).toBe(true);
    expect(res.value.path).toMatch(/[/\\]evil_name\.csv$/);
    expect(readFileSync(res.value.path, 'utf8')).toBe('a,b\n1,2\n');
  });

  it('serves the UI with a CSP and never files outside it', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const escape = await fetch(`${base}/..%2f..%2fpackage.json`);
    expect(await escape.text()).toContain('<title>t</title>');
  });

  it('pushes events to WebSocket clients with the token only', async () => {
    const refused = new WebSocket(`${base.replace('http', 'ws')}/api/events?token=wrong`);
    await expect(new Promise((ok, fail) => refused.on('open', ok).on('error', fail))).rejects.toThrow(/401/);
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events?token=${TOKEN}`);
    await new Promise((ok) => ws.on('open', ok));
    const got = new Promise<string>((ok) => ws.on('message', (m) => ok(String(m))));
    app.broadcast('runs:progress', { type: 'started', runId: 3, epochs: 5 });
    expect(JSON.parse(await got)).toEqual({
      event: 'runs:progress',
      payload: { type: 'started', runId: 3, epochs: 5 },
    });
    ws.close();
  });
});
