// A new file read the way a run's dataset was: with its column mapping (a label column optional), tokenizer,
// session rules and document length, through the importer itself into a throw-away in-memory project; then its
// tokens and labels are renumbered by the run's vocabularies (keys the run never saw become OOV, index 1).
import type { DatasetSummary, ImportRequest, Mapping, ReadOptions, Role, TokenizerOptions } from '../../shared';
import { columnsOf, WorkbenchError } from '../../shared';
import { listColumns } from '../ingest/formats';
import { importDataset } from '../ingest/importDataset';
import { previewFile } from '../ingest/preview';
import type { Csr } from '../tfjs/padSequences';
import { openDb, type Db } from '../store/db';

/** Roles a new file may lack: they describe or score the data, they do not make its sequences. */
const OPTIONAL: readonly Role[] = ['label', 'rating', 'weight', 'split', 'title', 'genres'];
const OOV = 1;

export interface NewSequences extends Csr {
  /** Per sequence: its key (session, user; null for text) and class (−1: no label, or one the run never saw). */
  keys: (string | null)[];
  labels: Int32Array;
  unknownLabels: string[];
  /** Tokens outside the run's vocabulary, of all tokens. */
  oovTokens: number;
}

interface StoredOptions {
  tokenizer?: TokenizerOptions | null;
  duplicates?: ImportRequest['duplicates'];
  encoding?: ReadOptions['encoding'];
  maxSequenceLength?: number | null;
  sessionGapMinutes?: number | null;
}

/** The dataset's mapping cut to what the file has; a missing column that makes the sequences is an error. */
async function mappingFor(
  path: string,
  dataset: DatasetSummary,
  read: ReadOptions,
): Promise<{ mapping: Mapping; read: ReadOptions }> {
  // Plain text, one document per line (a .txt file, or asked for), feeds a run whose documents came from a
  // text column: sniffing alone would take a comma in the first sentence for a delimiter.
  const plain = read.format === 'text' || (read.format === undefined && /\.txt(\.gz)?$/i.test(path));
  const preview = await previewFile({ path, ...read, ...(plain ? { format: 'text' as const } : {}) });
  if (preview.format === 'text') {
    if (dataset.mapping.text || dataset.format === 'text') return { mapping: {}, read: { ...read, format: 'text' } };
    throw new WorkbenchError(
      'DatasetInvalid',
      `${path} reads as plain text, but the run's dataset "${dataset.name}" has no text column: give a file with its columns`,
    );
  }
  const mapping: Mapping = {};
  const missing: string[] = [];
  for (const [role, value] of Object.entries(dataset.mapping) as [Role, Mapping[Role]][]) {
    if (role === 'split' || value === undefined) continue;
    const columns = columnsOf(dataset.mapping, role);
    const absent = columns.filter((c) => !preview.columns.includes(c));
    if (absent.length === 0) (mapping as Record<string, unknown>)[role] = value;
    else if (!OPTIONAL.includes(role)) missing.push(`${absent.join(', ')} (${role})`);
  }
  if (missing.length)
    throw new WorkbenchError(
      'DatasetInvalid',
      `${path} has no column ${missing.join(' or ')}, which the run's dataset "${dataset.name}" was read with; its columns: ${listColumns(preview.columns)}`,
    );
  return { mapping, read };
}

function keyMap(db: Db, datasetId: number, role: string): Map<string, number> {
  const rows = db
    .prepare('SELECT idx, key FROM vocab WHERE dataset_id = ? AND role = ?')
    .raw()
    .all(datasetId, role) as [number, string][];
  return new Map(rows.map(([idx, key]) => [key, idx]));
}

export async function readNewSequences(
  project: Db,
  dataset: DatasetSummary,
  role: string,
  path: string,
  read: ReadOptions,
  signal: AbortSignal,
): Promise<NewSequences> {
  const stored = JSON.parse(
    (
      project.prepare('SELECT options_json FROM datasets WHERE id = ?').get(dataset.id) as {
        options_json: string | null;
      }
    ).options_json ?? '{}',
  ) as StoredOptions;
  const { mapping, read: readAs } = await mappingFor(path, dataset, { encoding: stored.encoding, ...read });
  const scratch = openDb(':memory:');
  try {
    const tokenizer = stored.tokenizer
      ? { lower: stored.tokenizer.lower, filters: stored.tokenizer.filters }
      : undefined;
    const imported = await importDataset(
      scratch,
      {
        ...readAs,
        path,
        name: 'new',
        mapping,
        split: { kind: 'random', valid: 0, test: 0 },
        duplicates: stored.duplicates ?? undefined,
        tokenizer,
        maxSequenceLength: stored.maxSequenceLength ?? undefined,
        sessionGapMinutes: stored.sessionGapMinutes ?? undefined,
      },
      { signal },
    );
    const id = imported.datasetId;
    const rows = scratch
      .prepare('SELECT key, role, label_idx, tokens FROM sequences WHERE dataset_id = ? ORDER BY seq')
      .all(id) as { key: string | null; role: string; label_idx: number | null; tokens: Buffer }[];
    if (rows.length === 0) throw new WorkbenchError('DatasetInvalid', `${path} holds no sequences to predict`);
    if (rows[0]!.role !== role)
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path} reads as sequences of ${rows[0]!.role}s; the run was trained on ${role}s`,
      );
    const fileKeys = new Map([...keyMap(scratch, id, role)].map(([k, i]) => [i, k]));
    const runIds = keyMap(project, dataset.id, role);
    const fileLabels = new Map([...keyMap(scratch, id, 'label')].map(([k, i]) => [i, k]));
    const classes = keyMap(project, dataset.id, 'label');
    const offsets = new Int32Array(rows.length + 1);
    rows.forEach((r, s) => (offsets[s + 1] = offsets[s]! + r.tokens.length / 4));
    const tokens = new Int32Array(offsets[rows.length]!);
    let oovTokens = 0;
    const unknownLabels = new Set<string>();
    const labels = new Int32Array(rows.length).fill(-1);
    rows.forEach((r, s) => {
      const ids = new Int32Array(r.tokens.buffer.slice(r.tokens.byteOffset, r.tokens.byteOffset + r.tokens.byteLength));
      for (let t = 0; t < ids.length; t++) {
        const runIdx = runIds.get(fileKeys.get(ids[t]!) ?? '');
        if (runIdx === undefined) oovTokens++;
        tokens[offsets[s]! + t] = runIdx ?? OOV;
      }
      const label = r.label_idx !== null ? fileLabels.get(r.label_idx) : undefined;
      if (label === undefined) return;
      const c = classes.get(label);
      if (c === undefined) unknownLabels.add(label);
      else labels[s] = c - 2;
    });
    return { tokens, offsets, keys: rows.map((r) => r.key), labels, unknownLabels: [...unknownLabels], oovTokens };
  } finally {
    scratch.close();
  }
}
