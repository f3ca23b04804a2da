import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { writeFiles } from './partialFile';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe('writeFiles', () => {
  it('writes through .partial files, renamed only when every file is complete', async () => {
    const a = join(tmp.dir, 'out', 'a.txt');
    const b = join(tmp.dir, 'out', 'b.bin');
    await writeFiles([a, b], async ([fa, fb]) => {
      await fa!.writeText('hello ');
      await fb!.writeBytes(new Uint8Array([1, 2, 3]));
      await fa!.writeText('world\n');
      expect(existsSync(a) || existsSync(b)).toBe(false);
    });
    expect(readFileSync(a, 'utf8')).toBe('hello world\n');
    expect([...readFileSync(b)]).toEqual([1, 2, 3]);
    expect(readdirSync(join(tmp.dir, 'out')).sort()).toEqual(['a.txt', 'b.bin']);
  });

  it('streams: data reaches the disk while writing, so memory holds about one chunk', async () => {
    const path = join(tmp.dir, 'big.txt');
    const line = `${'x'.repeat(99)}\n`;
    let onDiskBeforeClose = 0;
    await writeFiles([path], async ([f]) => {
      for (let i = 0; i < 80_000; i++) await f!.writeText(line); // 8 MB
      onDiskBeforeClose = statSync(`${path}.partial`).size;
    });
    expect(onDiskBeforeClose).toBeGreaterThanOrEqual(8_000_000 - 2 * 2 ** 20);
    expect(statSync(path).size).toBe(8_000_000);
  });

  it('removes every .partial file and writes nothing when the body fails', async () => {
    const a = join(tmp.dir, 'a.txt');
    const b = join(tmp.dir, 'b.txt');
    await expect(
      writeFiles([a, b], async ([fa]) => {
        await fa!.writeText('half');
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('keeps an existing file intact when a new export of it fails', async () => {
    const a = join(tmp.dir, 'a.txt');
    await writeFiles([a], async ([f]) => f!.writeText('old\n'));
    await expect(writeFiles([a], async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(readFileSync(a, 'utf8')).toBe('old\n');
    expect(existsSync(`${a}.partial`)).toBe(false);
  });
});
