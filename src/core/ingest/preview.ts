// The first rows of a file with its detected layout, for the mapping step.
import type { FilePreview, PreviewRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { existsSync, statSync } from 'node:fs';
import { detectLayout, headRecords, suggestMapping } from './formats';
import { splitRecord } from './delimited';

const PREVIEW_ROWS = 20;

export function assertReadableFile(path: string): void {
  if (!path || !existsSync(path)) throw new WorkbenchError('FileUnreadable', `${path || '(no path)'}: no such file`);
  if (!statSync(path).isFile()) throw new WorkbenchError('FileUnreadable', `${path}: not a file`);
}

export async function previewFile(req: PreviewRequest): Promise<FilePreview> {
  assertReadableFile(req.path);
  const layout = await detectLayout(req.path, req.format ?? 'auto');
  const head = await headRecords(req.path, PREVIEW_ROWS + (layout.hasHeader ? 1 : 0));
  const rows = head.slice(layout.hasHeader ? 1 : 0).map((r) => {
    try {
      return splitRecord(r.text, layout.delimiter);
    } catch {
      return [r.text];
    }
  });
  return { path: req.path, ...layout, rows, suggestedMapping: suggestMapping(layout.columns) };
}
