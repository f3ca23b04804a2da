// The cold-start benches' data (bench/features.ts, bench/mfFeatures.ts): MovieLens ml-latest-small imported with its
// genres (movies.csv) and tags (tags.csv) as item features and a cold-items split (a share of the movies held out
// entirely, all their ratings to test), and the dev split that chooses defaults without the test rows.
import { join } from 'node:path';
import type { InteractionColumns } from '../src/core/store/datasets';
import { importDataset } from '../src/core/ingest/importDataset';
import { getDatasetById, loadInteractions } from '../src/core/store/datasets';
import { createRng, shuffle } from '../src/core/random';
import { openDb, type Db } from '../src/core/store/db';
import { loadFeatures, type Features } from '../src/core/store/features';

export const defaultDataDir = (): string => join(import.meta.dirname, '../../shared/data/ml-latest-small');

/** The flags both cold-start benches take (parseArgs options): sizes, the held-out share, seeds, --dev, --data. */
export const COLD_BENCH_OPTIONS = {
  epochs: { type: 'string' },
  dim: { type: 'string' },
  cold: { type: 'string' },
  threads: { type: 'string' },
  seeds: { type: 'string' },
  dev: { type: 'boolean' },
  data: { type: 'string' },
} as const;

/**
 * The dev split: `share` of the movies with training or validation rows held out entirely (their rows become test
 * rows), the real test rows dropped — so defaults are chosen without the test split (the held-out test movies stay
 * in the vocabulary and are ranked as cold too).
 */
export function devSplit(all: InteractionColumns, share: number): InteractionColumns {
  const seen = new Uint8Array(all.numItems);
  all.splits.forEach((s, r) => s !== 2 && (seen[all.items[r]!] = 1));
  const present = Int32Array.from(seen.keys()).filter((i) => seen[i] === 1);
  shuffle(present, createRng(777));
  const held = new Uint8Array(all.numItems);
  for (const i of present.subarray(0, Math.floor(present.length * share))) held[i] = 1;
  const keep = Array.from(all.splits.keys()).filter((r) => all.splits[r] !== 2);
  return {
    ...all,
    users: Int32Array.from(keep, (r) => all.users[r]!),
    items: Int32Array.from(keep, (r) => all.items[r]!),
    ratings: Float32Array.from(keep, (r) => all.ratings[r]!),
    splits: Uint8Array.from(keep, (r) => (held[all.items[r]!] ? 2 : all.splits[r]!)),
  };
}

export interface ColdItemsData {
  db: Db;
  columns: InteractionColumns;
  item: Features;
  ratingMin: number;
  ratingMax: number;
}

/** Imports ml-latest-small from `dir` into `dbPath` with `share` of the movies held out; prints what it holds. */
export async function importColdItems(
  dir: string,
  dbPath: string,
  share: number,
  dev: boolean,
): Promise<ColdItemsData> {
  const db = openDb(dbPath);
  const imported = await importDataset(db, {
    path: join(dir, 'ratings.csv'),
    items: { path: join(dir, 'movies.csv') },
    features: [{ path: join(dir, 'tags.csv'), of: 'item', key: 'movieId', columns: ['tag'] }],
    split: { kind: 'coldItems', items: share, valid: 0.1, test: 0.1 },
  });
  const columns = dev
    ? devSplit(loadInteractions(db, imported.datasetId), share)
    : loadInteractions(db, imported.datasetId);
  const f = imported.report.features!.item!;
  console.log(
    `ml-latest-small: ${imported.rows.imported} ratings; split ${imported.splits.train} / ${imported.splits.valid} / ${imported.splits.test} ` +
      `(${share * 100}% of the movies held out entirely); item features ${f.features} (genres and tags) on ${f.entities} movies`,
  );
  if (dev)
    console.log(
      `--dev: ${share * 100}% of the training movies held out instead (${columns.splits.filter((s) => s === 2).length} rows); the test rows dropped`,
    );
  const { ratingMin, ratingMax } = getDatasetById(db, imported.datasetId);
  return { db, columns, item: loadFeatures(db, imported.datasetId, 'item')!, ratingMin, ratingMax };
}
