// The desktop shell against Electron's security checklist, with `electron` mocked (its binary cannot be
// downloaded here): the window's webPreferences, the CSP, the app:// protocol, navigation and permissions,
// every IPC handler's sender check, schema check and dialog-only file paths, and the fuses of the package.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../shared';
import { CHANNELS, DIALOG_PICK_EXPORT_DIR, DIALOG_PICK_FILE } from '../shared';
import { tempDir } from '../core/testing';

type Listener = (...args: unknown[]) => unknown;
const electron = vi.hoisted(() => {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    ipcMain: { handle: (channel: string, fn: Listener) => void handlers.set(channel, fn) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    windows: [] as { options: unknown; url?: string; contents: Record<string, unknown> }[],
    ready: { resolve: () => undefined as void },
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    session: {
      permission: null as Listener | null,
      check: null as Listener | null,
      headers: null as Listener | null,
    },
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: unknown) {
      const on = new Map<string, Listener>();
      this.webContents = { on: (e: string, fn: Listener) => on.set(e, fn), listeners: on, send: vi.fn() };
      this.webContents.setWindowOpenHandler = (fn: Listener) => (this.webContents.openHandler = fn);
      electron.windows.push({ options, contents: this.webContents });
    }
    loadURL(url: string) {
      electron.windows.at(-1)!.url = url;
      return Promise.resolve();
    }
    static getAllWindows = () => electron.windows;
  }
  return {
    app: {
      whenReady: () => new Promise<void>((ok) => (electron.ready.resolve = ok)),
      isPackaged: true,
      getPath: (name: string) => `/home/u/${name}`,
      getAppPath: () => '/opt/app',
      getVersion: () => '0.0.0',
      on: vi.fn(),
    },
    BrowserWindow,
    ipcMain: electron.ipcMain,
    dialog: electron.dialog,
    shell: { openExternal: vi.fn() },
    net: { fetch: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => electron.schemes.push(...s),
      handle: (scheme: string, fn: Listener) => electron.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (electron.session.permission = fn),
        setPermissionCheckHandler: (fn: Listener) => (electron.session.check = fn),
        webRequest: { onHeadersReceived: (fn: Listener) => (electron.session.headers = fn) },
      },
    },
    utilityProcess: { fork: vi.fn() },
  };
});

const calls: [string, unknown][] = [];
const fakeHandlers = new Proxy({} as Handlers, {
  get: (_t, channel: string) => async (req: unknown) => {
    calls.push([channel, req]);
    return { echoed: channel };
  },
});
vi.mock('../core/services', () => ({
  createServices: () => ({
    db: {},
    handlers: fakeHandlers,
    samplePath: '/opt/app/resources/sample/ratings.csv',
    close: vi.fn(),
  }),
  ensureSampleProject: async () => undefined,
}));
vi.mock('../core/store/runs', () => ({ failOrphanedRuns: vi.fn() }));

const security = await import('./security');
const tmp = tempDir();
afterAll(tmp.cleanup);

describe('the window and its page', () => {
  it('isolates the page: context isolation, sandbox, no Node, no webviews', () => {
    expect(security.webPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('has a CSP without inline styles, eval, or connections to any port', () => {
    const directives = Object.fromEntries(
      security.CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const),
    );
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(security.CSP).not.toMatch(/unsafe-|\*|ws:|http:/);
    // Only `electron-vite dev` (unpackaged, with a dev server) relaxes it, for Vite's injected styles.
    const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(security.cspFor(true, dev)).toBe(security.CSP);
    expect(security.cspFor(false, {})).toBe(security.CSP);
    expect(security.cspFor(false, dev)).toContain("style-src 'self' 'unsafe-inline'; ");
    expect(security.cspFor(false, dev)).toContain("connect-src 'self' ws://localhost:5173;");
  });

  it('never loads ELECTRON_RENDERER_URL in a packaged app; serves app:// instead of file://', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://evil.example:5173' };
    expect(security.rendererUrl(true, env)).toBe('app://workbench/index.html');
    expect(security.rendererUrl(false, env)).toBe('http://evil.example:5173');
    expect(security.trustedOrigins(true, env)).toEqual(['app://workbench']);
    expect(security.rendererUrl(false, {})).toBe('app://workbench/index.html');
  });

  it('serves only files inside the built renderer over app://', () => {
    const dir = '/opt/app/out/renderer';
    expect(security.appFile(dir, 'app://workbench/assets/x.js')).toEqual({
      path: `${dir}/assets/x.js`,
      type: 'text/javascript; charset=utf-8',
    });
    expect(security.appFile(dir, 'app://workbench/')?.path).toBe(`${dir}/index.html`);
    // `..` cannot climb out: it is resolved inside the renderer folder (and then not found there).
    expect(security.appFile(dir, 'app://workbench/..%2f..%2fetc/passwd')?.path).toBe(`${dir}/etc/passwd`);
    for (const bad of ['app://other/index.html', 'file:///etc/passwd'])
      expect(security.appFile(dir, bad), bad).toBeNull();
  });

  it('opens only allowlisted https links outside, and nothing inside', () => {
    expect(security.isAllowedExternal('https://projector.tensorflow.org/')).toBe(true);
    for (const url of [
      'http://projector.tensorflow.org/',
      'https://evil.example/',
      'javascript:alert(1)',
      'file:///etc',
    ])
      expect(security.isAllowedExternal(url), url).toBe(false);
  });
});

describe('main wires the settings in', async () => {
  process.env.ELECTRON_RENDERER_URL = 'http://evil.example:5173';
  await import('./index');
  electron.ready.resolve();
  await new Promise((ok) => setTimeout(ok, 20));
  const { shell } = await import('electron');

  it('registers app:// as privileged and loads the window from it with the checked webPreferences', () => {
    expect(electron.schemes).toEqual([{ scheme: 'app', privileges: security.APP_PRIVILEGES }]);
    expect(electron.protocolHandlers.has('app')).toBe(true);
    const win = electron.windows[0]!;
    expect((win.options as { webPreferences: unknown }).webPreferences).toEqual(
      security.webPreferences(expect.stringMatching(/preload\/index\.cjs$/) as unknown as string),
    );
    expect(win.url).toBe('app://workbench/index.html'); // packaged: the env variable is ignored
  });

  it('denies every permission request and check', () => {
    const answer = vi.fn();
    electron.session.permission!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(electron.session.check!({}, 'notifications')).toBe(false);
    const headers = vi.fn();
    electron.session.headers!({ responseHeaders: {} }, headers);
    expect(headers).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [security.CSP] } });
  });

  it('blocks navigation, new windows and webviews; opens allowlisted links in the browser only', () => {
    const contents = electron.windows[0]!.contents as { listeners: Map<string, Listener>; openHandler: Listener };
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      contents.listeners.get(event)!(e);
      expect(e.preventDefault, event).toHaveBeenCalled();
    }
    expect(contents.openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(contents.openHandler({ url: 'https://projector.tensorflow.org/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://projector.tensorflow.org/');
  });
});

describe('IPC handlers', () => {
  const appFrame = { senderFrame: { url: 'app://workbench/index.html', parent: null } };
  const invoke = (channel: string, req: unknown, event: unknown = appFrame) =>
    electron.handlers.get(channel)!(event, req) as Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string };
    }>;
  beforeEach(() => void (calls.length = 0));

  it('refuses every channel called from an iframe, another origin or a destroyed frame', async () => {
    const strangers = [
      { senderFrame: { url: 'app://workbench/index.html', parent: {} } },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'http://evil.example:5173/', parent: null } }, // the dev URL, in a packaged app
      { senderFrame: null },
    ];
    let tried = 0;
    for (const channel of [...CHANNELS, DIALOG_PICK_EXPORT_DIR]) {
      for (const event of strangers) {
        const r = await invoke(channel, null, event);
        expect(r, channel).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
        tried++;
      }
    }
    expect(await invoke(DIALOG_PICK_FILE, null, strangers[0])).toBeNull();
    expect(tried).toBe((CHANNELS.length + 1) * 4);
    expect(calls).toEqual([]);
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('checks bodies against the schema before a handler runs', async () => {
    expect(await invoke('runs:get', null)).toEqual({
      ok: false,
      error: { name: 'BadRequest', code: 'BadRequest', message: 'runs:get: the request must be an object (got null)' },
    });
    expect(await invoke('runs:get', { runId: 3 })).toEqual({ ok: true, value: { echoed: 'runs:get' } });
    expect(calls).toEqual([['runs:get', { runId: 3 }]]);
  });

  it('reads only files picked in its own open dialog (or the sample), writes only into save-dialog folders', async () => {
    const file = join(tmp.dir, 'ratings.csv');
    writeFileSync(file, 'user,item\n1,2\n');
    const refused = await invoke('datasets:preview', { path: file });
    expect(refused.error?.message).toMatch(/^datasets:preview: path: open the file with Choose file… first/);
    expect((await invoke('datasets:preview', { path: '/opt/app/resources/sample/ratings.csv' })).ok).toBe(true);
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    expect(await invoke(DIALOG_PICK_FILE, null)).toBe(file);
    expect((await invoke('datasets:preview', { path: file })).ok).toBe(true);

    const outDir = join(tmp.dir, 'my-export');
    const export_ = { runId: 1, table: 'items', format: 'csv', outDir };
    expect((await invoke('embeddings:export', export_)).error?.message).toMatch(
      /outDir: exports go to a folder chosen/,
    );
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: outDir });
    expect(await invoke(DIALOG_PICK_EXPORT_DIR, 'movies-run1-items')).toEqual({ ok: true, value: outDir });
    expect(existsSync(outDir)).toBe(true);
    expect((await invoke('embeddings:export', export_)).ok).toBe(true);
  });

  it('never hands out a folder that holds an earlier export', async () => {
    const earlier = join(tmp.dir, 'earlier');
    mkdirSync(earlier);
    writeFileSync(join(earlier, 'items.csv'), 'key,d0\r\n');
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: earlier });
    const r = await invoke(DIALOG_PICK_EXPORT_DIR, 'x');
    expect(r.error?.message).toBe(
      `${earlier} exists already and holds files: choose a new folder name (an earlier export is never overwritten)`,
    );
    expect(readFileSync(join(earlier, 'items.csv'), 'utf8')).toBe('key,d0\r\n');
    const options = electron.dialog.showSaveDialog.mock.calls.at(-1)!.at(-1) as { defaultPath: string };
    expect(options.defaultPath).toBe('/home/u/downloads/x');
  });
});

describe('the packaged app', () => {
  it('turns off the Electron fuses that would let it run as plain Node or load code from outside the asar', () => {
    const config = JSON.parse(readFileSync(new URL('../../electron-builder.json', import.meta.url), 'utf8')) as {
      electronFuses: Record<string, boolean>;
      asarUnpack: string[];
    };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
