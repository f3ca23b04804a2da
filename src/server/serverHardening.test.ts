// The bridge against hostile or broken clients (issue 11): typed bodies, file paths outside the project,
// oversized and aborted uploads, oversized JSON, foreign Host and Origin headers, downloads, and a session
// that cleans up after itself. Real services on a real database: every refusal leaves it as it was.
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../shared';
import { CHANNELS, pathFields, REQUEST_SCHEMAS } from '../shared';
import { headlessServices } from '../core/headless';
import type { Services } from '../core/services';
import { dumpHash, tempDir } from '../core/testing';
import { createHttpApp, type HttpApp } from './httpServer';

const tmp = tempDir();
const TOKEN = 'hardening-token';
const dbPath = join(tmp.dir, 'project.db');
const uploadsDir = join(tmp.dir, 'uploads');
const exportsDir = join(tmp.dir, 'exports');
let services: Services;
let app: HttpApp;
let port = 0;

beforeAll(async () => {
  services = headlessServices(dbPath, () => undefined);
  const staticDir = join(tmp.dir, 'web');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  app = createHttpApp({
    handlers: services.handlers,
    staticDir,
    token: TOKEN,
    uploadsDir,
    exportsDir,
    samplePath: services.samplePath,
    maxUploadBytes: 64 * 1024,
  });
  await new Promise<void>((ok) => app.server.listen(0, '127.0.0.1', ok));
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((ok) => app.server.close(ok));
  services.close();
  tmp.cleanup();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | null;
}

/** One HTTP request with full control of the headers (fetch would set Host and Origin itself). */
function send(
  method: string,
  path: string,
  body: string | Buffer | null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${TOKEN}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Answer['body'];
          try {
            parsed = JSON.parse(text) as Answer['body'];
          } catch {
            parsed = null;
          }
          ok({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', fail);
    req.end(body ?? undefined);
  });
}
const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  send('POST', `/api/invoke/${channel}`, JSON.stringify(body), headers);
const upload = (name: string, bytes: string | Buffer): Promise<Answer> =>
  send('POST', `/api/upload?name=${encodeURIComponent(name)}`, bytes);
const uploadedFiles = (): string[] =>
  existsSync(uploadsDir) ? readdirSync(uploadsDir, { recursive: true }).map(String) : [];

describe('typed bodies', () => {
  it('answers null, wrong types and unknown fields with a BadRequest naming the channel and field', async () => {
    const before = dumpHash(dbPath);
    const cases: [Channel, unknown, RegExp][] = [
      ['runs:get', null, /^runs:get: the request must be an object \(got null\)$/],
      ['runs:get', { runId: '9' }, /^runs:get: runId must be a whole number ≥ 0 \(got "9"\)$/],
      ['runs:start', { dataset: 'x', epochs: 'ten' }, /^runs:start: epochs must be a whole number/],
      ['runs:start', {}, /^runs:start: dataset is missing \(a string\)$/],
      ['datasets:import', { path: 42 }, /^datasets:import: path must be a file path \(a string\) \(got 42\)$/],
      ['datasets:import', { path: 'x', split: { kind: 'leaveLast', n: 'two' } }, /split\.n must be a whole number/],
      ['datasets:import', { path: 'x', mapping: { user: ['a'] } }, /mapping\.user must be a string \(got a list\)/],
      ['embeddings:analogy', { runId: 1, table: 't', positive: ['a', 3], negative: [] }, /positive\[1\] must be/],
      ['embeddings:neighbors', { runId: 1, table: 't', key: 'k', metric: 'manhattan' }, /metric must be one of/],
      ['embeddings:export', { runId: 1, table: 't', format: 'csv', outdir: '/tmp' }, /outdir is not a field/],
      ['datasets:list', { surprise: true }, /^datasets:list: the request must be empty \(got an object\)$/],
    ];
    for (const [channel, body, message] of cases) {
      const r = await invoke(channel, body);
      expect(r.status, channel).toBe(200);
      expect(r.body?.ok, channel).toBe(false);
      expect(r.body?.error?.code, `${channel} ${JSON.stringify(body)}`).toBe('BadRequest');
      expect(r.body?.error?.message).toMatch(message);
    }
    // Every channel that takes an object refuses null the same way.
    for (const channel of CHANNELS) {
      if (REQUEST_SCHEMAS[channel].node.kind === 'void') continue;
      const r = await invoke(channel, null);
      expect(r.body?.error, channel).toEqual({
        name: 'BadRequest',
        code: 'BadRequest',
        message: `${channel}: the request must be an object (got null)`,
      });
    }
    expect(dumpHash(dbPath)).toBe(before);
  });
});

describe('file paths', () => {
  it('refuses every path field of every channel outside the uploads (to read) and exports (to write)', async () => {
    const before = dumpHash(dbPath);
    mkdirSync(uploadsDir, { recursive: true });
    const outside = join(tmp.dir, 'secret.csv');
    writeFileSync(outside, 'user,item,rating\nroot,x,1\n');
    symlinkSync(outside, join(uploadsDir, 'link.csv'));
    const attempts = ['/etc/passwd', outside, join(uploadsDir, '..', 'secret.csv'), join(uploadsDir, 'link.csv')];
    let tried = 0;
    for (const channel of CHANNELS) {
      for (const field of pathFields(REQUEST_SCHEMAS[channel].node)) {
        for (const bad of field.use === 'write' ? [join(exportsDir, '..', '..'), '/tmp', 'relative/dir'] : attempts) {
          const r = await invoke(channel, requestWith(channel, field.at, bad));
          tried++;
          expect(r.body?.ok, `${channel} ${field.at}=${bad}`).toBe(false);
          expect(r.body?.error?.code).toBe('BadRequest');
          expect(r.body?.error?.message).toContain(`${channel}: ${field.at}: `);
          expect(r.text).not.toContain('root,x'); // no line of the file echoed back
          expect(r.text).not.toContain('root:x:0');
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(20);
    expect(dumpHash(dbPath)).toBe(before);
  });

  it('reads the bundled sample and a complete upload', async () => {
    const r = await invoke('datasets:preview', { path: services.samplePath });
    expect(r.body?.ok).toBe(true);
    const up = await upload('my ratings.csv', 'user,item,rating\n1,2,3\n');
    const path = (up.body?.value as { path: string }).path;
    expect((await invoke('datasets:preview', { path })).body?.ok).toBe(true);
  });
});

/** The smallest valid request of `channel` with the path field `at` set to `value`. */
function requestWith(channel: Channel, at: string, value: string): unknown {
  const base: Record<string, unknown> = {
    'datasets:preview': {},
    'datasets:import': { path: services.samplePath },
    'tables:import': {},
    'embeddings:evaluate': { runId: 1 },
    'embeddings:export': { runId: 1, table: 'items', format: 'csv' },
    'runs:predict': { runId: 1 },
    'studies:start': { dataset: 'sample', model: 'mf' },
    'runs:pack': { runId: 1 },
    'batch:recommend': { runId: 1 },
    'batch:neighbors': { runId: 1, table: 'items' },
    'batch:predict': { runId: 1, path: services.samplePath },
    'runs:startSpark': { train: { dataset: 'x' }, spark: { master: 'local[2]' } },
  };
  const req = structuredClone(base[channel] ?? {}) as Record<string, Record<string, unknown>>;
  const [head, tail] = at.split('.');
  const listed = /^(\w+)\[0\]$/.exec(head!);
  // A list of files (an import's side-feature files): one entry, valid but for the field under test.
  if (listed && tail)
    (req as Record<string, unknown>)[listed[1]!] = [
      { of: 'item', key: 'item', columns: ['genres'], path: services.samplePath, [tail]: value },
    ];
  else if (tail) req[head!] = { ...(req[head!] ?? { path: services.samplePath }), [tail]: value };
  else (req as Record<string, unknown>)[head!] = value;
  return req;
}

describe('uploads', () => {
  it('refuses a file over the cap, declared or streamed, and keeps nothing of it', async () => {
    const big = Buffer.alloc(200 * 1024, 'a');
    const declared = await upload('big.csv', big);
    expect(declared.status).toBe(413);
    expect(declared.body?.error?.message).toMatch(/larger than the upload limit of 0\.1 MiB/);
    const streamed = await new Promise<number>((ok) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/upload?name=streamed.csv',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Transfer-Encoding': 'chunked' },
        },
        (res) => ok(res.statusCode ?? 0),
      );
      req.on('error', () => ok(-1)); // the server may close before we finish writing
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(32 * 1024, 'b'));
      req.end();
    });
    expect([413, -1]).toContain(streamed);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(uploadedFiles().filter((f) => /big|streamed/.test(f))).toEqual([]);
  });

  it('leaves no file, partial or complete-looking, after a client drops mid-upload', async () => {
    await new Promise<void>((ok) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/upload?name=cut.csv',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': '50000' },
      });
      req.on('error', () => ok());
      req.write('user,item,rating\n1,2,3\n');
      setTimeout(() => {
        req.destroy();
        ok();
      }, 100);
    });
    await new Promise((ok) => setTimeout(ok, 200));
    expect(uploadedFiles().filter((f) => f.includes('cut'))).toEqual([]);
    expect((await invoke('datasets:list', null)).body?.ok).toBe(true); // the server goes on
  });

  it('names the user file in errors and removes the uploaded copy once imported', async () => {
    const before = dumpHash(dbPath);
    const bin = await upload('my photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3, 0xff, 10]));
    const binPath = (bin.body?.value as { path: string }).path;
    const refused = await invoke('datasets:preview', { path: binPath });
    expect(refused.body?.error?.message).toMatch(/^my photo\.csv: /);
    expect(refused.text).not.toContain(uploadsDir);
    expect(dumpHash(dbPath)).toBe(before);

    const up = await upload('ratings.csv', 'user,item,rating\n1,2,3\n1,3,4\n2,2,5\n');
    const path = (up.body?.value as { path: string }).path;
    expect(existsSync(path)).toBe(true);
    const r = await invoke('datasets:import', { path, name: 'uploaded' });
    expect(r.body?.ok).toBe(true);
    expect(existsSync(path)).toBe(false);
    const again = await invoke('datasets:import', { path, name: 'uploaded-again' });
    expect(again.body?.error?.message).toBe(
      'datasets:import: path: ratings.csv was imported already and its uploaded copy removed: choose the file again',
    );
  });
});

describe('request limits and origins', () => {
  it('answers a JSON body over 1 MiB with 413 and goes on', async () => {
    const before = dumpHash(dbPath);
    const r = await send('POST', '/api/invoke/runs:start', JSON.stringify({ dataset: 'x'.repeat(2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body?.error?.message).toBe('the request body is larger than 1024 KiB');
    expect((await invoke('datasets:list', null)).body?.ok).toBe(true);
    expect(dumpHash(dbPath)).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, and serves its own', async () => {
    const rebound = await invoke('datasets:list', null, { Host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body?.error?.message).toMatch(/not to Host "attacker\.example:\d+"/);
    expect((await send('GET', '/', null, { Host: `attacker.example:${port}` })).status).toBe(403);
    const foreign = await invoke('datasets:list', null, { Origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body?.error?.message).toMatch(/requests from http:\/\/attacker\.example are refused/);
    const own = await invoke('datasets:list', null, { Origin: `http://127.0.0.1:${port}` });
    expect(own.body?.ok).toBe(true);
    expect((await invoke('datasets:list', null, { Host: `localhost:${port}` })).body?.ok).toBe(true);
  });

  it('serves the UI with a CSP without inline styles or any-port connections', async () => {
    const page = await send('GET', '/', null);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect(csp).not.toMatch(/connect-src[^;]*\b(ws|http):(\s|;|$)/);
  });

  it('downloads exports from the exports folder only, under a dataset-run name', async () => {
    mkdirSync(join(exportsDir, 'movies-run3'), { recursive: true });
    writeFileSync(join(exportsDir, 'movies-run3', 'items.csv'), 'key,d0\r\na,1\r\n');
    const ok = await send(
      'GET',
      `/api/download?path=${encodeURIComponent(join(exportsDir, 'movies-run3', 'items.csv'))}`,
      null,
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('key,d0\r\na,1\r\n');
    expect(ok.headers['content-disposition']).toContain('filename="movies-run3-items.csv"');
    for (const bad of ['/etc/passwd', join(exportsDir, '..', 'project.db'), join(exportsDir, '..', '..')]) {
      const r = await send('GET', `/api/download?path=${encodeURIComponent(bad)}`, null);
      expect(r.status, bad).toBe(404);
    }
  });
});
