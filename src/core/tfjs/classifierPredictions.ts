// A classifier run's predictions, per sequence of its dataset: what `ewb predict` writes. The run stores them
// as its `predictions` table (role `sequence`, one row per sequence in import order, the probability of class 1
// for two labels or one probability per class), computed with the best epoch's weights.
import { existsSync } from 'node:fs';
import type { PredictRequest, PredictResult, PredictSplit, SplitName } from '../../shared';
import { PREDICT_SPLITS, SPLITS, WorkbenchError } from '../../shared';
import { classificationMetrics } from '../eval/classification';
import { csvField, formulaSafe } from '../tables/keys';
import { writeFiles } from '../tables/partialFile';
import type { Db } from '../store/db';
import { vectorBytes } from '../store/tableParts';
import { PREDICTIONS_ROLE, PREDICTIONS_TABLE } from './classifierTfjs';

export interface PredictionRow {
  /** The sequence's index in the dataset (import order) and its key (session or customer; null for text). */
  seq: number;
  key: string | null;
  split: SplitName;
  /** The true label, null when the sequence has none. */
  label: string | null;
  predicted: string;
  /** One probability per class, in `classes` order. */
  probabilities: number[];
}

export interface Predictions {
  runId: number;
  classes: string[];
  rows: PredictionRow[];
}

export function readPredictions(db: Db, runId: number, split: PredictSplit = 'test'): Predictions {
  const run = db.prepare('SELECT model, dataset_id, status FROM runs WHERE id = ?').get(runId) as
    { model: string; dataset_id: number; status: string } | undefined;
  if (!run) throw new WorkbenchError('NotFound', `no run ${runId}`);
  if (run.model !== 'classifier')
    throw new WorkbenchError('BadRequest', `run ${runId} is a ${run.model} run; predictions come from classifier runs`);
  const table = db
    .prepare('SELECT rows, dim, data, parts FROM run_tables WHERE run_id = ? AND name = ? AND role = ?')
    .get(runId, PREDICTIONS_TABLE, PREDICTIONS_ROLE) as
    { rows: number; dim: number; data: Buffer; parts: number } | undefined;
  if (!table || run.status !== 'completed')
    throw new WorkbenchError(
      'NotFound',
      `run ${runId} has no predictions (status ${run.status}); they are stored when a classifier run completes`,
    );
  const classes = (
    db
      .prepare(`SELECT key FROM vocab WHERE dataset_id = ? AND role = 'label' AND idx >= 2 ORDER BY idx`)
      .all(run.dataset_id) as { key: string }[]
  ).map((r) => r.key);
  const bytes = vectorBytes(db, runId, PREDICTIONS_TABLE, table);
  const values =
    bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
      : new Float32Array(Uint8Array.from(bytes).buffer);
  const seqs = db
    .prepare('SELECT seq, key, split, label_idx FROM sequences WHERE dataset_id = ? ORDER BY seq')
    .all(run.dataset_id) as { seq: number; key: string | null; split: number; label_idx: number | null }[];
  if (seqs.length !== table.rows)
    throw new WorkbenchError(
      'DatasetInvalid',
      `run ${runId} predicted ${table.rows} sequences but its dataset now has ${seqs.length}; train the run again`,
    );
  const rows: PredictionRow[] = [];
  seqs.forEach((s, r) => {
    const splitName = SPLITS[s.split]!;
    if (split !== 'all' && splitName !== split) return;
    const probabilities =
      table.dim === 1 ? [1 - values[r]!, values[r]!] : Array.from(values.subarray(r * table.dim, (r + 1) * table.dim));
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[best]!) best = c;
    // Binary: class 1 at p ≥ 0.5, the rule accuracy is computed with.
    if (table.dim === 1) best = values[r]! >= 0.5 ? 1 : 0;
    rows.push({
      seq: s.seq,
      key: s.key,
      split: splitName,
      label: s.label_idx !== null && s.label_idx >= 2 ? (classes[s.label_idx - 2] ?? null) : null,
      predicted: classes[best] ?? String(best),
      probabilities,
    });
  });
  return { runId, classes, rows };
}

/**
 * `seq,key,split,label,predicted,p_<class>…` with a header; probabilities with 6 significant digits. Keys and
 * labels a spreadsheet would run as formulas get a leading `'` (docs/export-formats.md).
 */
export async function writePredictionsCsv(path: string, p: Predictions): Promise<void> {
  // Through `<path>.partial`, renamed when complete: a failed write leaves no half-written file.
  await writeFiles([path], async ([file]) => {
    const header = ['seq', 'key', 'split', 'label', 'predicted', ...p.classes.map((c) => `p_${c}`)];
    await file!.writeText(header.map((h) => csvField(formulaSafe(h))).join(',') + '\n');
    for (const r of p.rows) {
      const fields = [String(r.seq), r.key ?? '', r.split, r.label ?? '', r.predicted];
      await file!.writeText(
        fields.map((f) => csvField(formulaSafe(f))).join(',') +
          ',' +
          r.probabilities.map((v) => v.toPrecision(6)).join(',') +
          '\n',
      );
    }
  });
}

/** Writes a run's predictions of a split as CSV and scores the labelled ones as training does. */
export async function predictRun(db: Db, req: PredictRequest): Promise<PredictResult> {
  const split = req.split ?? 'test';
  if (!PREDICT_SPLITS.includes(split))
    throw new WorkbenchError('BadRequest', `split is one of ${PREDICT_SPLITS.join(', ')} (got "${String(split)}")`);
  if (typeof req.out !== 'string' || req.out === '')
    throw new WorkbenchError('BadRequest', 'name the CSV file to write (out)');
  if (!req.overwrite && existsSync(req.out))
    throw new WorkbenchError(
      'BadRequest',
      `${req.out} exists already: choose another file name, or replace it on purpose (--force)`,
    );
  const p = readPredictions(db, req.runId, split);
  await writePredictionsCsv(req.out, p);
  const labelled = p.rows.filter((r) => r.label !== null);
  const classOf = new Map(p.classes.map((c, i) => [c, i]));
  const k = p.classes.length;
  const values = new Float32Array(k === 2 ? labelled.length : labelled.length * k);
  labelled.forEach((r, i) => {
    if (k === 2) values[i] = r.probabilities[1]!;
    else values.set(r.probabilities, i * k);
  });
  const labels = Int32Array.from(labelled, (r) => classOf.get(r.label!)!);
  return {
    type: 'result',
    runId: req.runId,
    split,
    out: req.out,
    rows: p.rows.length,
    labelled: labelled.length,
    classes: p.classes,
    metrics: labelled.length ? classificationMetrics({ classes: k, values }, labels) : null,
  };
}
