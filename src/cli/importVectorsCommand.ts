// `ewb import-vectors FILE`: a word2vec (text or binary) or GloVe file as a table to explore, export and
// initialise runs with; optionally how much of a dataset's vocabularies it covers.
import type { ImportProgress, ImportVectorsRequest, ImportVectorsResult, VectorFileFormat } from '../shared';
import { VECTOR_FILE_FORMATS } from '../shared';
import { str, UsageError } from './args';
import type { Command, Values } from './command';
import { cancellable, printImportProgress } from './importProgress';
import { withServices } from './services';
import type { Output } from './output';

export function importVectorsRequest(file: string, values: Values): ImportVectorsRequest {
  const format = str(values.format);
  if (format !== undefined && format !== 'auto' && !VECTOR_FILE_FORMATS.includes(format as VectorFileFormat))
    throw new UsageError(`--format is one of auto, ${VECTOR_FILE_FORMATS.join(', ')} (got "${format}")`);
  const req: ImportVectorsRequest = {
    path: file,
    format: format as ImportVectorsRequest['format'],
    name: str(values.name),
    dataset: str(values.dataset),
    importId: `vectors-${process.pid}-${Date.now()}`,
  };
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as ImportVectorsRequest;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function importVectorsHuman(r: ImportVectorsResult): string {
  const lines = [
    `imported ${r.keys} keys × ${r.dim} (${r.format}) as "${r.name}": run ${r.runId}, table ${r.table} in ${r.seconds.toFixed(1)} s`,
  ];
  if (r.duplicateKeys > 0)
    lines.push(
      `${r.duplicateKeys} duplicate keys dropped (the first of each kept), e.g. ${r.duplicates
        .slice(0, 5)
        .map((d) => `"${d.key}" (row ${d.row})`)
        .join(', ')}`,
    );
  if (r.coverage) {
    for (const v of r.coverage.vocabularies)
      lines.push(
        `${r.coverage.dataset} ${v.table}: ${v.found} of ${v.keys} keys found (${pct(v.coverage)})` +
          (v.matchedByRule ? `, ${v.matchedByRule} after whitespace → _` : ''),
      );
    if (r.coverage.vocabularies.length === 0) lines.push(`${r.coverage.dataset} has no vocabulary to cover`);
  }
  lines.push(`initialise a run with: ewb train … --init TABLE=run:${r.runId}/${r.table}`);
  return lines.join('\n');
}

function progressLine(p: ImportProgress): string {
  if (p.stage === 'writing') return `writing ${p.rows - p.rejected} keys`;
  const share = p.totalBytes > 0 ? ` (${Math.round((100 * p.bytes) / p.totalBytes)}%)` : '';
  const eta = p.etaSeconds !== null ? `, ${Math.ceil(p.etaSeconds)} s left` : '';
  return `read ${p.rows} vectors${share}${eta}`;
}

export const importVectorsCommand: Command = {
  usage:
    'ewb import-vectors FILE --db DB [--format auto|word2vec|word2vec-binary|glove] [--name NAME] [--dataset D] [--json]',
  summary: 'import word2vec/GloVe vectors as a table to explore, export and initialise runs with',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    format: { type: 'string' },
    name: { type: 'string' },
    dataset: { type: 'string' },
  },
  help: [
    '--format F     auto (default: sniffed), word2vec (text, header "rows dim"), word2vec-binary, glove (text, no header)',
    '--name NAME    name of the table (default: the file name); it becomes a dataset of kind vectors with one run',
    '--dataset D    also report how many keys of each vocabulary of dataset D the file has (coverage)',
  ],
  async run(values, positionals, out: Output) {
    const file = positionals[0];
    if (!file) throw new UsageError('name the vectors FILE to import');
    if (positionals.length > 1) throw new UsageError(`one FILE at a time (got ${positionals.length})`);
    const req = importVectorsRequest(file, values);
    const result = await withServices(
      values,
      (s) => cancellable(s, req.importId!, () => s.handlers['tables:import'](req)),
      printImportProgress(out, 'import-vectors', req.importId!, progressLine),
    );
    out.result(result, importVectorsHuman(result));
  },
};
