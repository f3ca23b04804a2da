// The TensorFlow Projector pair: vectors TSV (one row per id, no header) and metadata TSV (a header line, as
// the Projector requires when there is more than one column). PAD and OOV rows are left out.
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ExportResult } from '../../shared';
import type { VocabEntry } from '../store/datasets';
import type { StoredTable } from '../store/runs';

/** Tabs and line breaks would split a TSV cell: they become spaces. */
export const tsvCell = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/** Writes via `.partial` files renamed at the end, so a failure never leaves a half-written export. */
export async function exportProjector(table: StoredTable, vocab: VocabEntry[], outDir: string): Promise<ExportResult> {
  mkdirSync(outDir, { recursive: true });
  const vectorsPath = join(outDir, `${table.name}_vectors.tsv`);
  const metadataPath = join(outDir, `${table.name}_metadata.tsv`);
  const partial = [`${vectorsPath}.partial`, `${metadataPath}.partial`] as const;
  try {
    const vectors = createWriteStream(partial[0]);
    const metadata = createWriteStream(partial[1]);
    const write = async (stream: NodeJS.WritableStream, text: string): Promise<void> => {
      if (!stream.write(text)) await once(stream, 'drain');
    };
    await write(metadata, 'key\ttitle\tgenres\tcount\n');
    for (const v of vocab) {
      const row = table.data.subarray(v.idx * table.dim, (v.idx + 1) * table.dim);
      await write(vectors, `${Array.from(row, (x) => x.toPrecision(9)).join('\t')}\n`);
      await write(
        metadata,
        `${tsvCell(v.key)}\t${tsvCell(v.title ?? '')}\t${tsvCell(v.genres.join('|'))}\t${v.count}\n`,
      );
    }
    await Promise.all(
      [vectors, metadata].map(async (s) => {
        s.end();
        await once(s, 'finish');
      }),
    );
    renameSync(partial[0], vectorsPath);
    renameSync(partial[1], metadataPath);
  } catch (err) {
    for (const p of partial) rmSync(p, { force: true });
    throw err;
  }
  return { type: 'result', files: [vectorsPath, metadataPath], rows: vocab.length, dim: table.dim };
}
