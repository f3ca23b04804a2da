// A forked training process is reported ended only after every message it sent has been delivered: its 'exit'
// can come first (seen in studies under load), and its result must not be lost to it.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { TrainerMessage } from '../../shared';
import { tempDir } from '../testing';
import { childTrainer, type TrainerChild } from './supervisor';

/** A child process whose events the test fires in the order it wants. */
class FakeChild extends EventEmitter {
  connected = true;
  killed: string[] = [];
  send = (): boolean => true;
  kill = (signal?: NodeJS.Signals | number): boolean => {
    this.killed.push(String(signal));
    return true;
  };
  disconnectNow(): void {
    this.connected = false;
    this.emit('disconnect');
  }
}

const done = { type: 'done' } as unknown as TrainerMessage;

/** The handle's messages and its end, in the order it reported them. */
function watch(child: FakeChild): string[] {
  const seen: string[] = [];
  const handle = childTrainer(child as unknown as TrainerChild);
  handle.onMessage((m) => seen.push(m.type));
  handle.onExit((reason) => seen.push(`exit: ${reason}`));
  return seen;
}

afterEach(() => vi.useRealTimers());

describe('a training process that exits', () => {
  it('before its last messages are read: they are delivered first, then the end', () => {
    const child = new FakeChild();
    const seen = watch(child);
    child.emit('exit', 0, null);
    expect(seen).toEqual([]);
    child.emit('message', done);
    child.disconnectNow();
    expect(seen).toEqual(['done', 'exit: null']);
  });

  it('with its channel already closed: the end at once, with the reason when it failed', () => {
    const child = new FakeChild();
    const seen = watch(child);
    child.disconnectNow();
    child.emit('exit', null, 'SIGSEGV');
    expect(seen).toEqual(['exit: the training process exited (SIGSEGV)']);
  });

  it('while something it started holds the channel open: the end after a few seconds, once', () => {
    vi.useFakeTimers();
    const child = new FakeChild();
    const seen = watch(child);
    child.emit('exit', 1, null);
    vi.advanceTimersByTime(4000);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(2000);
    child.disconnectNow();
    expect(seen).toEqual(['exit: the training process exited (code 1)']);
  });

  it('after an error: the end is reported once', () => {
    const child = new FakeChild();
    const seen = watch(child);
    child.emit('error', new Error('channel closed'));
    child.disconnectNow();
    child.emit('exit', 0, null);
    expect(seen).toEqual(['exit: the training process failed: channel closed']);
  });
});

describe('a real forked process', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('that sends its messages and leaves: all of them arrive before its end', async () => {
    const entry = join(tmp.dir, 'child.cjs');
    writeFileSync(
      entry,
      `process.once('message', () => {
        for (let i = 1; i <= 50; i++) process.send({ type: 'epoch', i });
        process.send({ type: 'done' }, undefined, {}, () => process.disconnect());
      });`,
    );
    const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const handle = childTrainer(child);
    const seen: string[] = [];
    handle.onMessage((m) => seen.push(m.type));
    const ended = new Promise<string | null>((resolve) => handle.onExit(resolve));
    handle.send({ type: 'start' } as never);
    // The parent is busy (another run storing its tables) while the child finishes and exits.
    const until = Date.now() + 300;
    while (Date.now() < until);
    expect(await ended).toBeNull();
    expect(seen.filter((t) => t === 'epoch')).toHaveLength(50);
    expect(seen.at(-1)).toBe('done');
  });
});
