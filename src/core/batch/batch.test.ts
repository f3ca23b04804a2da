// Batch results against the single answers: for sampled users and rows, every line of `batch:recommend` and
// `batch:neighbors` (CSV and Parquet) equals what `embeddings:recommend` / `embeddings:neighbors` answer for
// that one query; progress events, cancel (no file left) and the refusal to overwrite an earlier result.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchProgress, BatchResult, EventSink } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';

const tmp = tempDir();
let services: Services;
let runId: number;
const progress: BatchProgress[] = [];

const emit: EventSink = (event, payload) => {
  if (event === 'batch:progress') progress.push(payload as BatchProgress);
};

/** RFC 4180 lines of a file we wrote (no quoted line breaks in these keys). */
function csvRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\r\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells: string[] = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      if (m.index === line.length && m[0] === '') break;
      cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    }
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

const sample = <T>(xs: readonly T[], n: number): T[] => xs.filter((_, i) => i % Math.ceil(xs.length / n) === 0);

beforeAll(async () => {
  const csv = join(tmp.dir, 'planted.csv');
  writePlantedRatings(csv, { users: 60, itemsPerCluster: 15 });
  services = headlessServices(join(tmp.dir, 'p.db'), emit);
  await services.handlers['datasets:import']({ path: csv, name: 'planted' });
  runId = (await services.train({ dataset: 'planted', dim: 8, epochs: 4, threads: 1 }).settled).runId;
}, 120_000);
afterAll(() => {
  services?.close();
  tmp.cleanup();
});

describe('batch:recommend', () => {
  let csv: BatchResult;
  it('writes top-K for every user, each line as the single answer for that user', async () => {
    csv = await services.handlers['batch:recommend']({ runId, k: 5, out: join(tmp.dir, 'recs.csv'), batchId: 'r1' });
    const users = await services.handlers['embeddings:keys']({ runId, table: 'users', limit: 1000 });
    expect(csv).toMatchObject({
      kind: 'recommendations',
      format: 'csv',
      queries: users.length,
      rows: users.length * 5,
    });
    const rows = csvRows(csv.out);
    expect(Object.keys(rows[0]!)).toEqual(['user', 'rank', 'item', 'title', 'score', 'because']);
    for (const u of sample(users, 12)) {
      const single = await services.handlers['embeddings:recommend']({ runId, user: u.key, k: 5 });
      const mine = rows.filter((r) => r.user === u.key);
      expect(mine.map((r) => r.item)).toEqual(single.recommendations.map((s) => s.key));
      expect(mine.map((r) => Number(r.score))).toEqual(single.recommendations.map((s) => s.score));
      expect(mine.map((r) => r.rank)).toEqual(['1', '2', '3', '4', '5']);
      expect(mine.map((r) => r.because)).toEqual(
        single.recommendations.map((s) => s.because.map((b) => b.key).join('|')),
      );
      expect(mine.map((r) => r.title)).toEqual(single.recommendations.map((s) => s.title ?? ''));
    }
    const mine = progress.filter((p) => p.batchId === 'r1');
    expect(mine.at(-1)).toMatchObject({ done: users.length, total: users.length, etaSeconds: 0 });
  });

  it('writes the same rows as Parquet', async () => {
    const pq = await services.handlers['batch:recommend']({
      runId,
      k: 5,
      format: 'parquet',
      out: join(tmp.dir, 'recs.parquet'),
    });
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(pq.out) })) as Record<string, unknown>[];
    const fromCsv = csvRows(csv.out);
    expect(rows).toHaveLength(fromCsv.length);
    sample(rows, 40).forEach((r) => {
      const twin = fromCsv[rows.indexOf(r)]!;
      expect([r.user, r.rank, r.item, r.title ?? '', r.score, r.because]).toEqual([
        twin.user,
        Number(twin.rank),
        twin.item,
        twin.title,
        Number(twin.score),
        twin.because,
      ]);
    });
  });

  it('never overwrites an earlier result unless asked', async () => {
    await expect(services.handlers['batch:recommend']({ runId, out: csv.out })).rejects.toThrow(
      /exists already.*--force/,
    );
    const again = await services.handlers['batch:recommend']({ runId, k: 2, out: csv.out, overwrite: true });
    expect(csvRows(again.out)).toHaveLength(again.rows);
  });

  it('goes into a new folder named after dataset and run when no file is named', async () => {
    const a = await services.handlers['batch:recommend']({ runId, k: 1 });
    const b = await services.handlers['batch:recommend']({ runId, k: 1 });
    expect(a.out).toMatch(/exports[\\/]planted-run\d+[\\/]recommendations\.csv$/);
    expect(b.out).toMatch(/exports[\\/]planted-run\d+-2[\\/]recommendations\.csv$/);
    const logged = await services.handlers['runs:exports']({ runId });
    expect(logged.filter((e) => e.kind === 'recommendations' && e.inProject)).toHaveLength(2);
  });

  it('refuses a run that has no users', async () => {
    await expect(services.handlers['batch:recommend']({ runId: 999, out: join(tmp.dir, 'x.csv') })).rejects.toThrow(
      /no run 999/,
    );
  });
});

describe('batch:neighbors', () => {
  it('writes the K nearest rows of every item, each as the single answer for that key', async () => {
    const out = join(tmp.dir, 'nn.csv');
    const res = await services.handlers['batch:neighbors']({ runId, table: 'items', k: 4, metric: 'dot', out });
    const items = await services.handlers['embeddings:keys']({ runId, table: 'items', limit: 1000 });
    expect(res).toMatchObject({ queries: items.length, rows: items.length * 4 });
    const rows = csvRows(out);
    for (const it of sample(items, 10)) {
      const single = await services.handlers['embeddings:neighbors']({
        runId,
        table: 'items',
        key: it.key,
        k: 4,
        metric: 'dot',
      });
      const mine = rows.filter((r) => r.key === it.key);
      expect(mine.map((r) => [r.neighbor, Number(r.score)])).toEqual(single.neighbors.map((n) => [n.key, n.score]));
    }
  });

  it('stops on cancel and leaves no file behind', async () => {
    const out = join(tmp.dir, 'cancelled.csv');
    const running = services.handlers['batch:neighbors']({ runId, table: 'items', k: 3, out, batchId: 'stop-me' });
    expect(await services.handlers['batch:cancel']({ batchId: 'stop-me' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'Cancelled' });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(await services.handlers['batch:cancel']({ batchId: 'stop-me' })).toEqual({ cancelled: false });
  });
});
