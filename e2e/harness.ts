// Starts `ewb serve` on a temporary database and Debian's Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Channel, Req, Res, Result } from '../src/shared';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Served {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** Resolves with the URL (token included) that the server prints once it listens. */
export async function serve(): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'bin/ewb.js'), 'serve', '--db', join(dir, 'e2e.db'), '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ewb serve did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const m = /open (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`ewb serve exited (${code}):\n${log}`)));
  });
  return {
    url,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode !== null ? ok(null) : child.once('exit', ok)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One call of the contract over HTTP, as the renderer's browser api makes it (to set a test up). */
export async function invoke<C extends Channel>(server: Served, channel: C, req: Req<C>): Promise<Res<C>> {
  const url = new URL(server.url);
  const response = await fetch(`${url.origin}/api/invoke/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
    body: JSON.stringify(req ?? null),
  });
  const result = (await response.json()) as Result<Res<C>>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Uploads a local file as the browser's file picker does; returns the path the server keeps it at. */
export async function upload(server: Served, path: string): Promise<string> {
  const url = new URL(server.url);
  const response = await fetch(`${url.origin}/api/upload?name=${encodeURIComponent(path.split('/').pop()!)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/octet-stream' },
    body: readFileSync(path),
  });
  const result = (await response.json()) as Result<{ path: string }>;
  if (!result.ok) throw new Error(`upload: ${result.error.code}: ${result.error.message}`);
  return result.value.path;
}

/** Waits for a run started over HTTP to end; its status. */
export async function settled(server: Served, runId: number): Promise<string> {
  for (;;) {
    const run = await invoke(server, 'runs:get', { runId });
    if (run.status !== 'queued' && run.status !== 'running') return run.status;
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every uncaught page error and console error is collected; a test ends by expecting none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The app in browser mode as a test drives it: a server on a fresh database, Chromium, one page at its URL. */
export interface OpenApp {
  server: Served;
  browser: Browser;
  page: Page;
  /** Page and console errors seen so far (a test ends by expecting none). */
  errors: string[];
  close(): Promise<void>;
}

/** `ewb serve` on a new project, Chromium on its URL (downloads accepted), errors watched. */
export async function openApp(viewport = { width: 1280, height: 900 }): Promise<OpenApp> {
  const server = await serve();
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(server.url);
  return {
    server,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
