import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../../shared';
import { ApiCallError } from './apiError';
import { createBrowserApi, readToken, type BrowserDeps } from './browser';
import type { SocketHandlers } from './eventSocket';

function memoryStorage(): BrowserDeps['storage'] {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

interface FakeSocket extends SocketHandlers {
  url: string;
}

function setup(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sockets: FakeSocket[] = [];
  const timers: (() => void)[] = [];
  const saved: { blob: Blob; name: string }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    return respond(url, init ?? {});
  });
  const api = createBrowserApi({
    fetch: fetch as unknown as typeof globalThis.fetch,
    openSocket: (url, handlers) => void sockets.push({ url, ...handlers }),
    location: { protocol: 'http:', host: '127.0.0.1:5173', search: '?token=s3cret' },
    storage: memoryStorage(),
    setTimeout: (fn) => void timers.push(fn),
    saveBlob: (blob, name) => void saved.push({ blob, name }),
  });
  return { api, calls, sockets, timers, saved };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('readToken', () => {
  it('prefers the query and remembers it for a reload without one', () => {
    const storage = memoryStorage();
    expect(readToken('?token=abc', storage)).toBe('abc');
    expect(readToken('', storage)).toBe('abc');
    expect(readToken('?other=1', memoryStorage())).toBeNull();
  });
});

describe('createBrowserApi', () => {
  it('posts the request with the bearer token and unwraps the value', async () => {
    const { api, calls } = setup(() => json({ ok: true, value: { runId: 7 } }));
    await expect(api.invoke('runs:start', { dataset: 'ml', epochs: 3 })).resolves.toEqual({ runId: 7 });
    const call = calls[0]!;
    expect(call.url).toBe('/api/invoke/runs:start');
    expect(call.init.method).toBe('POST');
    expect(call.init.headers).toMatchObject({ Authorization: 'Bearer s3cret', 'Content-Type': 'application/json' });
    expect(JSON.parse(String(call.init.body))).toEqual({ dataset: 'ml', epochs: 3 });
  });

  it('sends null for void requests', async () => {
    const { api, calls } = setup(() => json({ ok: true, value: [] }));
    await api.invoke('datasets:list', undefined);
    expect(calls[0]!.init.body).toBe('null');
  });

  it('throws the backend error code and message', async () => {
    const error = { name: 'DatasetExists', code: 'DatasetExists', message: 'dataset "ml" exists' };
    const { api } = setup(() => json({ ok: false, error }, 409));
    const thrown = await api.invoke('datasets:import', { path: '/x.csv' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiCallError);
    expect(thrown).toMatchObject({ code: 'DatasetExists', message: 'dataset "ml" exists' });
  });

  it('maps a bare 401 to Unauthorized, pointing at the URL printed at start', async () => {
    const { api } = setup(() => new Response('nope', { status: 401 }));
    await expect(api.invoke('app:info', undefined)).rejects.toMatchObject({
      code: 'Unauthorized',
      message: 'Missing or wrong session token: open the URL printed at start (it carries the session token).',
    });
    expect(api.hasSession()).toBe(true);
  });

  it('downloads an export with the token, under the name the server gives it', async () => {
    const { api, calls, saved } = setup(
      () =>
        new Response('key,d0\r\n', {
          headers: { 'Content-Disposition': `attachment; filename="x"; filename*=UTF-8''caf%C3%A9-run3-items.csv` },
        }),
    );
    await expect(api.download('/p/exports/café-run3/items.csv')).resolves.toBe('café-run3-items.csv');
    expect(calls[0]!.url).toBe('/api/download?path=%2Fp%2Fexports%2Fcaf%C3%A9-run3%2Fitems.csv');
    expect(calls[0]!.init.headers).toEqual({ Authorization: 'Bearer s3cret' });
    expect(saved.map((s) => s.name)).toEqual(['café-run3-items.csv']);
    expect(await saved[0]!.blob.text()).toBe('key,d0\r\n');
    await expect(api.chooseExportDir('x')).resolves.toBeUndefined();
  });

  it('uploads raw bytes with the encoded file name and returns the server path', async () => {
    const { api, calls } = setup(() => json({ ok: true, value: { path: '/tmp/up/my ratings.csv' } }));
    const file = new File(['u,i,r\n1,2,3\n'], 'my ratings.csv');
    await expect(api.uploadFile(file)).resolves.toBe('/tmp/up/my ratings.csv');
    expect(calls[0]!.url).toBe('/api/upload?name=my%20ratings.csv');
    expect(calls[0]!.init.body).toBe(file);
  });

  it('delivers socket events to listeners and reconnects after a close', () => {
    const { api, sockets, timers } = setup(() => json({ ok: true, value: null }));
    const seen: RunEvent[] = [];
    const off = api.on('runs:progress', (e) => seen.push(e));
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:5173/api/events?token=s3cret');
    const event: RunEvent = { type: 'started', runId: 1, epochs: 5 };
    sockets[0]!.onOpen();
    sockets[0]!.onMessage(JSON.stringify({ event: 'runs:progress', payload: event }));
    sockets[0]!.onMessage(JSON.stringify({ event: 'other', payload: 1 }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    sockets[0]!.onMessage('not json');
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(seen).toEqual([event]);

    sockets[0]!.onClose();
    expect(sockets).toHaveLength(1);
    timers.shift()!();
    expect(sockets).toHaveLength(2);

    off();
    sockets[1]!.onMessage(JSON.stringify({ event: 'runs:progress', payload: event }));
    expect(seen).toHaveLength(1);
  });
});
