// Imports at scale and under interruption: progress, cancel, a killed process, and the real Online Retail log.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared';
import { listDatasets } from '../store/datasets';
import { openDb } from '../store/db';
import { importDataset } from './importDataset';
import { importFixture } from './testFiles';
import { sharedData } from '../testing';

const fx = importFixture();
afterAll(fx.cleanup);
const EWB = fileURLToPath(new URL('../../../bin/ewb.js', import.meta.url));
const RETAIL = sharedData('online-retail.csv.gz', 'the Online Retail import');

/** ~13 MB of ratings: enough 1 MiB chunks for progress events and a cancel in the middle. */
function bigRatings(): string {
  const lines = ['user,item,rating,ts'];
  for (let i = 0; i < 700_000; i++)
    lines.push(`user${i % 5000},item${(i * 7) % 3000},${(i % 5) + 1},${1_600_000_000 + i}`);
  return lines.join('\n') + '\n';
}

describe('long imports', () => {
  const big = fx.file('big.csv', bigRatings());

  it('reports progress by bytes with an ETA, then writing', async () => {
    const events: Omit<ImportProgress, 'importId'>[] = [];
    await importDataset(fx.db(), { path: big }, { onProgress: (p) => events.push(p) });
    const reading = events.filter((e) => e.stage === 'reading');
    expect(reading.length).toBeGreaterThan(0);
    expect(reading.every((e, i) => i === 0 || e.bytes >= reading[i - 1]!.bytes)).toBe(true);
    expect(reading.at(-1)!.totalBytes).toBeGreaterThan(10_000_000);
    expect(events.at(-1)).toMatchObject({ stage: 'writing' });
  });

  it('stops on cancel with Cancelled and writes nothing', async () => {
    const db = fx.db();
    const controller = new AbortController();
    const run = importDataset(db, { path: big }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'Cancelled' });
    expect(listDatasets(db)).toEqual([]);
  });

  it('leaves the database as it was when the importing process is killed', async () => {
    const dbPath = fx.file('killed.db', '');
    const child = spawn(process.execPath, [EWB, 'import', big, '--db', dbPath, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('"stage":"reading"')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((ok) => child.once('exit', ok));
    const db = openDb(dbPath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listDatasets(db)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM vocab').get()).toEqual({ n: 0 });
  });
});

describe.skipIf(RETAIL === null)('real data: UCI Online Retail (../shared/data)', () => {
  it('imports 541,909 invoice lines: customers × stock codes, invoices as baskets', async () => {
    const db = fx.db();
    const r = await importDataset(db, {
      path: RETAIL!,
      name: 'retail',
      mapping: {
        user: 'CustomerID',
        item: 'StockCode',
        timestamp: 'InvoiceDate',
        session: 'InvoiceNo',
        weight: 'Quantity',
        title: 'Description',
      },
      split: { kind: 'chrono', valid: 0.1, test: 0.1 },
    });
    // The data's README: CustomerID is empty on 135,080 of 541,909 rows.
    expect(r.rows).toEqual({ read: 541_909, imported: 406_829, rejected: 135_080 });
    expect(r.rejects[0]).toEqual({ line: 624, reason: 'empty user' });
    expect(r.vocabularies.user!.size).toBe(4372);
    expect(r.report.timeRange).toEqual({
      min: Date.UTC(2010, 11, 1, 8, 26) / 1000,
      max: Date.UTC(2011, 11, 9, 12, 50) / 1000,
    });
    expect(r.report.sequences!.count).toBeGreaterThan(20_000);
    expect(r.splits.test).toBeGreaterThan(0);
    expect(r.splits.train).toBeGreaterThan(r.splits.test);
  });
});
