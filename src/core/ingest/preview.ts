// The first rows of a file with its detected layout and a proposed mapping, for the mapping step.
import { existsSync, statSync } from 'node:fs';
import type { FilePreview, PreviewRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { detectLayout, ratingScale, suggestMapping } from './formats';
import { byteChunks } from './source';
import { textChunks } from './textBytes';
import { rowBatches } from './records';

const PREVIEW_ROWS = 20;
const TEXT_PREVIEW_CHARS = 300;

export function assertReadableFile(path: string): void {
  if (!path || !existsSync(path)) throw new WorkbenchError('FileUnreadable', `${path || '(no path)'}: no such file`);
  if (!statSync(path).isFile()) throw new WorkbenchError('FileUnreadable', `${path}: not a file`);
}

export async function previewFile(req: PreviewRequest): Promise<FilePreview> {
  assertReadableFile(req.path);
  const layout = await detectLayout(req.path, req);
  const rows: string[][] = [];
  if (layout.format === 'text') {
    // Only the first chunk: a corpus may be one 100 MB line.
    for await (const chunk of textChunks(req.path, byteChunks(req.path), req.encoding)) {
      const text = new TextDecoder(req.encoding === 'latin1' ? 'latin1' : 'utf-8').decode(chunk);
      for (const line of text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, PREVIEW_ROWS)) {
        rows.push([line.length > TEXT_PREVIEW_CHARS ? `${line.slice(0, TEXT_PREVIEW_CHARS)}…` : line]);
      }
      break;
    }
  } else {
    outer: for await (const batch of rowBatches(req.path, layout, { encoding: req.encoding })) {
      for (const row of batch) {
        rows.push(row.fields ?? [`(line ${row.line}: ${row.error})`]);
        if (rows.length >= PREVIEW_ROWS) break outer;
      }
    }
  }
  const suggestedMapping = suggestMapping(layout, rows);
  return {
    path: req.path,
    ...layout,
    rows,
    suggestedMapping,
    ratingScale: ratingScale(layout, rows, suggestedMapping),
  };
}
