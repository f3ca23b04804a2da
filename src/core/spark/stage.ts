// The input half of a Spark run's exchange folder: the dataset as Parquet (the app's vocabulary indices and
// split codes, exactly as stored) and the job's spec.json, read by resources/spark/ewb_spark.py.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { GroupFlushingWriter } from '../tables/parquet';
import { writeFiles } from '../tables/partialFile';
import type { InteractionColumns, SequenceColumns } from '../store/datasets';
import type { SparkJobSpec } from './spec';

export const INTERACTIONS_FILE = 'interactions.parquet';
export const SEQUENCES_FILE = 'sequences.parquet';
export const SPEC_FILE = 'spec.json';

/** Rows per row group: 1M interactions are 16 MB before encoding, a size Spark splits and reads well. */
const INTERACTION_GROUP = 1 << 20;
/** Tokens per row group of sequences (the writer builds plain JS arrays per group, so keep it moderate). */
const SEQUENCE_GROUP_TOKENS = 1 << 20;

const required = (name: string, type: 'INT32' | 'FLOAT'): SchemaElement => ({
  name,
  type,
  repetition_type: 'REQUIRED',
});

/** What a staged input file holds, for progress and for the exchange-cost figures. */
export interface StagedInput {
  path: string;
  rows: number;
}

async function writeParquet(
  path: string,
  schema: SchemaElement[],
  groups: Iterable<{ rows: number; columns: ColumnSource[] }>,
): Promise<void> {
  await writeFiles([path], async ([file]) => {
    const writer = new ParquetWriter({
      writer: new GroupFlushingWriter(file!),
      schema,
      createdBy: 'Embedding Workbench (hyparquet-writer)',
    });
    for (const g of groups) await writer.write({ columnData: g.columns, rowGroupSize: g.rows });
    await writer.finish();
  });
}

function ratingsLess(ratings: Float32Array, start: number, end: number, offset: number): Float32Array {
  const out = new Float32Array(end - start);
  for (let n = start; n < end; n++) out[n - start] = ratings[n]! - offset;
  return out;
}

/**
 * `user`, `item` (INT32 vocabulary indices), `rating` (FLOAT: rating, weight or 1, less `offset`) and `split`
 * (0/1/2). Explicit ALS gets its ratings less the training mean μ, so that its u·v is the app's mf model
 * μ + u·v (with zero biases) and an id it never saw predicts μ, not 0.
 */
export async function writeInteractions(dir: string, data: InteractionColumns, offset = 0): Promise<StagedInput> {
  const path = join(dir, INTERACTIONS_FILE);
  const n = data.users.length;
  function* groups(): Generator<{ rows: number; columns: ColumnSource[] }> {
    for (let start = 0; start < n; start += INTERACTION_GROUP) {
      const end = Math.min(n, start + INTERACTION_GROUP);
      yield {
        rows: end - start,
        columns: [
          { name: 'user', data: data.users.subarray(start, end) },
          { name: 'item', data: data.items.subarray(start, end) },
          // Ratings rarely repeat enough for a dictionary to pay; PLAIN skips the attempt.
          {
            name: 'rating',
            data: offset === 0 ? data.ratings.subarray(start, end) : ratingsLess(data.ratings, start, end, offset),
            encoding: 'PLAIN',
          },
          { name: 'split', data: Int32Array.from(data.splits.subarray(start, end)) },
        ],
      };
    }
  }
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: 4 },
    required('user', 'INT32'),
    required('item', 'INT32'),
    required('rating', 'FLOAT'),
    required('split', 'INT32'),
  ];
  await writeParquet(path, schema, groups());
  return { path, rows: n };
}

/** `tokens` (LIST<INT32> of vocabulary indices, PAD/OOV included as stored) and `split` per sequence. */
export async function writeSequences(
  dir: string,
  data: SequenceColumns,
  groupTokens = SEQUENCE_GROUP_TOKENS,
): Promise<StagedInput> {
  const path = join(dir, SEQUENCES_FILE);
  const count = data.splits.length;
  function* groups(): Generator<{ rows: number; columns: ColumnSource[] }> {
    for (let start = 0, end = 0; start < count; start = end) {
      while (end < count && data.offsets[end]! - data.offsets[start]! < groupTokens) end++;
      const tokens: number[][] = [];
      for (let s = start; s < end; s++)
        tokens.push(Array.from(data.tokens.subarray(data.offsets[s]!, data.offsets[s + 1]!)));
      yield {
        rows: end - start,
        columns: [
          { name: 'tokens', data: tokens, statistics: false },
          { name: 'split', data: Int32Array.from(data.splits.subarray(start, end)) },
        ],
      };
    }
  }
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: 2 },
    // The three-level LIST layout of the Parquet spec (LogicalTypes.md, "Lists"), which Spark reads as array<int>.
    { name: 'tokens', converted_type: 'LIST', repetition_type: 'REQUIRED', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    required('element', 'INT32'),
    required('split', 'INT32'),
  ];
  await writeParquet(path, schema, groups());
  return { path, rows: count };
}

/** The job's settings; written last, so a stage with a spec.json has its input complete. */
export function writeSpec(dir: string, spec: SparkJobSpec): string {
  const path = join(dir, SPEC_FILE);
  writeFileSync(path, JSON.stringify(spec, null, 2) + '\n');
  return path;
}
