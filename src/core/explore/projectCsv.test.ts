import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Projection } from './project';
import { writeProjectionCsv } from './projectCsv';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempPath(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ewb-project-csv-'));
  dirs.push(dir);
  return join(dir, name);
}

const projection: Projection = {
  rows: Int32Array.from([2, 3, 4, 5]),
  x: Float32Array.from([0.1, -2.5, 1e-8, 0]),
  y: Float32Array.from([1 / 3, 4, -0, 123456.789]),
};
const keys: Record<number, string> = { 2: 'plain', 3: 'a,b', 4: 'say "hi"', 5: 'two\nlines' };

describe('writeProjectionCsv', () => {
  it('writes key,x,y and extra columns with RFC 4180 quoting and CRLF line ends', async () => {
    const path = tempPath('map.csv');
    const titles: Record<number, string | null> = { 2: 'Toy Story (1995)', 3: null, 4: 'x', 5: 'Crème, brûlée' };
    const result = await writeProjectionCsv(path, projection, (r) => keys[r]!, [
      { name: 'title', value: (r) => titles[r] },
      { name: 'count', value: (r) => 100 - r },
    ]);
    expect(result).toEqual({ path, rows: 4 });
    expect(existsSync(`${path}.partial`)).toBe(false);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\r\n')).toEqual([
      'key,x,y,title,count',
      'plain,0.1,0.33333334,Toy Story (1995),98',
      '"a,b",-2.5,4,,97',
      '"say ""hi""",1e-8,-0,x,96',
      '"two\nlines",0,123456.79,"Crème, brûlée",95',
      '',
    ]);
  });

  it('coordinates read back as the same float32 values', async () => {
    const path = tempPath('map.csv');
    await writeProjectionCsv(path, projection, (r) => `k${r}`);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n').slice(1);
    lines.forEach((line, i) => {
      const [, x, y] = line.split(',');
      expect(Math.fround(Number(x))).toBe(projection.x[i]);
      expect(Math.fround(Number(y))).toBe(projection.y[i]);
    });
  });

  it('leaves no file, partial or final, when a key lookup fails', async () => {
    const path = tempPath('broken.csv');
    const failing = (r: number): string => {
      if (r === 4) throw new Error('no key');
      return 'k';
    };
    await expect(writeProjectionCsv(path, projection, failing)).rejects.toThrow('no key');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});
