// `ewb serve` as its own process against clients that break the WebSocket protocol or send huge messages: the
// process must live on (issue 11: a 4-byte unmasked frame or a 200 MB message used to kill it). Also what a
// start clears (uploads and `.partial` exports left by a killed session) and the warning off loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempDir } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
const children: ChildProcess[] = [];

/** Starts `ewb serve` and resolves with its URL and everything it printed so far. */
async function serve(dir: string, ...args: string[]): Promise<{ url: URL; log: () => string; child: ChildProcess }> {
  const child = spawn(process.execPath, [EWB, 'serve', '--db', join(dir, 'p.db'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  const url = await new Promise<URL>((ok, fail) => {
    const onData = (c: Buffer): void => {
      log += c.toString();
      const m = /open (http:\/\/\S+)/.exec(log);
      if (m) ok(new URL(m[1]!));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`ewb serve exited (${code}):\n${log}`)));
  });
  return { url, log: () => log, child };
}

let served: Awaited<ReturnType<typeof serve>>;
const projectDir = join(tmp.dir, 'project');

beforeAll(async () => {
  // What a killed session leaves: an upload and an export cut off mid-write.
  mkdirSync(join(projectDir, 'uploads', 'a1b2c3'), { recursive: true });
  writeFileSync(join(projectDir, 'uploads', 'a1b2c3', 'left.csv'), 'user,item\n1,2\n');
  mkdirSync(join(projectDir, 'exports', 'sample-run1'), { recursive: true });
  writeFileSync(join(projectDir, 'exports', 'sample-run1', 'items.csv.partial'), 'key,d0\r\na,');
  writeFileSync(join(projectDir, 'exports', 'sample-run1', 'items.json'), '{}');
  served = await serve(projectDir);
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});

const token = (): string => served.url.searchParams.get('token')!;
const alive = async (): Promise<boolean> => {
  const r = await fetch(new URL('/api/invoke/datasets:list', served.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token()}` },
    body: 'null',
  });
  return ((await r.json()) as { ok: boolean }).ok && served.child.exitCode === null;
};

/** A WebSocket handshake by hand, then `frame` written raw; resolves when the server closes the socket. */
function rawFrame(frame: Buffer): Promise<string> {
  return new Promise((ok) => {
    const socket = connect(Number(served.url.port), '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n') && !got.includes('sent')) {
        got += ' sent';
        socket.write(frame);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => ok(got));
    socket.write(
      `GET /api/events?token=${token()} HTTP/1.1\r\nHost: 127.0.0.1:${served.url.port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

describe('ewb serve against broken WebSocket clients', () => {
  it('survives a 4-byte unmasked frame and an invalid opcode', async () => {
    expect(await rawFrame(Buffer.from([0x81, 0x02, 0x68, 0x69]))).toMatch(/^HTTP\/1\.1 101/);
    expect(await rawFrame(Buffer.from([0x8f, 0x80, 0, 0, 0, 0]))).toMatch(/^HTTP\/1\.1 101/);
    expect(await alive()).toBe(true);
  });

  it('closes a socket that sends a message over the cap (1009) and goes on', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.url.port}/api/events?token=${token()}`);
    await new Promise((ok) => ws.on('open', ok));
    const closed = new Promise<number>((ok) => ws.on('close', (code) => ok(code)));
    ws.on('error', () => undefined);
    ws.send(Buffer.alloc(8 * 1024 * 1024, 1));
    expect(await closed).toBe(1009);
    expect(await alive()).toBe(true);
  });

  it('refuses a WebSocket from a foreign origin', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.url.port}/api/events?token=${token()}`, {
      origin: 'http://attacker.example',
    });
    await expect(new Promise((ok, fail) => ws.on('open', ok).on('error', fail))).rejects.toThrow(/403/);
    expect(await alive()).toBe(true);
  });
});

describe('ewb serve at start', () => {
  it('removes uploads and .partial exports a killed session left, and keeps finished exports', () => {
    expect(existsSync(join(projectDir, 'uploads', 'a1b2c3'))).toBe(false);
    expect(existsSync(join(projectDir, 'exports', 'sample-run1', 'items.csv.partial'))).toBe(false);
    expect(existsSync(join(projectDir, 'exports', 'sample-run1', 'items.json'))).toBe(true);
  });

  it('warns that a non-loopback address lets anyone with the token read and write the project', async () => {
    const open = await serve(join(tmp.dir, 'open'), '--host', '0.0.0.0');
    expect(open.log()).toContain(
      "warning: listening on 0.0.0.0, not only on this machine: anyone who can reach it and gets the token (it is in the URL) can read and write this project's data",
    );
    expect(served.log()).not.toContain('warning');
  });
});
