// The output half of the exchange folder: a table the Spark job wrote (a Parquet folder of `id INT32, vector
// LIST<FLOAT>` rows, in part files) read back into a rows × dim Float32Array addressed by vocabulary index.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { WorkbenchError } from '../../shared';

export interface FactorTable {
  rows: number;
  dim: number;
  /** rows × dim; rows the job did not train (PAD, OOV, ids absent from the training split) stay zero. */
  data: Float32Array;
  /** How many rows the job wrote. */
  filled: number;
}

/** Spark's data files in an output folder (it also leaves _SUCCESS and, on some filesystems, .crc files). */
export function partFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new WorkbenchError('FileUnreadable', `cannot read the Spark job's output ${dir}: ${(err as Error).message}`);
  }
  const parts = names.filter((n) => n.startsWith('part-') && n.endsWith('.parquet')).sort();
  if (parts.length === 0)
    throw new WorkbenchError('FileUnreadable', `the Spark job wrote no Parquet part files in ${dir}`);
  return parts.map((n) => join(dir, n));
}

/** Reads one output table; ids must address the `rows` of the app's vocabulary and vectors be `dim` long. */
export async function readFactorTable(dir: string, rows: number, dim: number): Promise<FactorTable> {
  const data = new Float32Array(rows * dim);
  const seen = new Uint8Array(rows);
  let filled = 0;
  for (const path of partFiles(dir)) {
    const file = await asyncBufferFromFile(path);
    const meta = await parquetMetadataAsync(file);
    let groupStart = 0;
    // One row group at a time, so memory holds one group's JS arrays, not the whole table's.
    for (const group of meta.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      await parquetRead({
        file,
        metadata: meta,
        columns: ['id', 'vector'],
        rowStart: groupStart,
        rowEnd: groupEnd,
        onComplete: (got: unknown[][]) => {
          for (const [id, vector] of got as [number, ArrayLike<number>][]) {
            if (!Number.isInteger(id) || id < 0 || id >= rows)
              throw new WorkbenchError(
                'DatasetInvalid',
                `${path}: id ${id} is outside the vocabulary (0…${rows - 1}); the output is not from this dataset`,
              );
            if (vector.length !== dim)
              throw new WorkbenchError(
                'DatasetInvalid',
                `${path}: id ${id} has ${vector.length} values, expected ${dim}`,
              );
            if (seen[id]) throw new WorkbenchError('DatasetInvalid', `${path}: id ${id} appears twice`);
            seen[id] = 1;
            data.set(vector, id * dim);
            filled++;
          }
        },
      });
      groupStart = groupEnd;
    }
  }
  return { rows, dim, data, filled };
}
