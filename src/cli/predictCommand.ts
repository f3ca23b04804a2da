// `ewb predict`: a classifier run's predicted probabilities per sequence, with key and true label, as CSV.
import { openDb } from '../core/store/db';
import { readPredictions, writePredictionsCsv, type PredictSplit } from '../core/tfjs/classifierPredictions';
import { classificationMetrics } from '../core/eval/classification';
import { intFlag, required, str, UsageError } from './args';
import type { Command } from './commands';
import { metricsLine } from './output';

const SPLIT_CHOICES: readonly PredictSplit[] = ['train', 'valid', 'test', 'all'];

export const predictCommand: Command = {
  usage: 'ewb predict --db DB --run RUN [--split test|valid|train|all] --out FILE.csv [--json]',
  summary: "write a classifier run's predicted probabilities per sequence (key, split, label) as CSV",
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    split: { type: 'string' },
    out: { type: 'string' },
  },
  help: [
    '--run N        a completed classifier run',
    '--split S      test (default), valid, train or all',
    '--out FILE     the CSV to write: seq,key,split,label,predicted,p_<label>… (one probability per label;',
    '               predicted is the most probable label, for two labels the second at p ≥ 0.5)',
  ],
  async run(values, _positionals, out) {
    const runId = intFlag(required(str(values.run), 'run'), 'run')!;
    const split = (str(values.split) ?? 'test') as PredictSplit;
    if (!SPLIT_CHOICES.includes(split))
      throw new UsageError(`--split is one of ${SPLIT_CHOICES.join(', ')} (got "${split}")`);
    const path = required(str(values.out), 'out');
    const db = openDb(required(str(values.db), 'db'), { readonly: true });
    let p: ReturnType<typeof readPredictions>;
    try {
      p = readPredictions(db, runId, split);
    } finally {
      db.close();
    }
    await writePredictionsCsv(path, p);
    // The same metrics as training reports, over the labelled rows written.
    const labelled = p.rows.filter((r) => r.label !== null);
    const classOf = new Map(p.classes.map((c, i) => [c, i]));
    const k = p.classes.length;
    const values2 = new Float32Array(k === 2 ? labelled.length : labelled.length * k);
    labelled.forEach((r, i) => {
      if (k === 2) values2[i] = r.probabilities[1]!;
      else values2.set(r.probabilities, i * k);
    });
    const metrics = labelled.length
      ? classificationMetrics(
          { classes: k, values: values2 },
          Int32Array.from(labelled, (r) => classOf.get(r.label!)!),
        )
      : null;
    const result = {
      type: 'result',
      runId,
      split,
      out: path,
      rows: p.rows.length,
      labelled: labelled.length,
      classes: p.classes,
      metrics,
    };
    out.result(
      result,
      `wrote ${p.rows.length} predictions of run ${runId} (${split}) to ${path}` +
        (metrics ? `\n${metricsLine({ ...metrics })}` : ''),
    );
  },
};
