// `batch:predict`: a completed classifier run on a new file of texts or sequences. The file is read with the
// run's dataset rules (newSequences.ts), padded as the run was trained, and run through the run's own layers
// (classifierWeights.ts) in chunks, yielding between them: `seq,key,label,predicted,p_<class>…`, scored where
// the file has labels the run knows.
import type { BatchPredictRequest } from '../../shared';
import { classificationMetrics, predictedClass, type Probabilities } from '../eval/classification';
import { getDatasetById } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { loadTfjs, type TfjsRuntime } from '../tfjs/backend';
import { predictProbabilities } from '../tfjs/classifierTfjs';
import { loadClassifier } from '../tfjs/classifierWeights';
import { padSequences } from '../tfjs/padSequences';
import type { BatchJob, BatchOutcome } from './batchJobs';
import { yieldToLoop } from './batchJobs';
import { writeBatchFile, type BatchColumn } from './batchWriter';
import { readNewSequences } from './newSequences';
import type { OutputPlace } from './outputPath';

/** Sequences per chunk between two yields to the event loop (and progress reports). */
const CHUNK = 2048;

/** The backend the run trained on when it loads here (the same arithmetic), else the best one available. */
async function runtimeFor(backend: string | null | undefined): Promise<TfjsRuntime> {
  if (backend && backend !== 'cpu-engine') {
    try {
      return await loadTfjs({ only: backend as TfjsRuntime['backend'] });
    } catch {
      // Not available in this process (a GPU build elsewhere): the best one here computes the same model.
    }
  }
  return loadTfjs();
}

export async function predictFile(
  db: Db,
  req: BatchPredictRequest,
  place: OutputPlace,
  job: BatchJob,
): Promise<BatchOutcome> {
  const run = getRun(db, req.runId);
  const rt = await runtimeFor(run.backend);
  const c = loadClassifier(db, run.id, rt);
  try {
    const data = await readNewSequences(
      db,
      getDatasetById(db, run.datasetId),
      c.role,
      req.path,
      req.read ?? {},
      job.signal,
    );
    const n = data.keys.length;
    const k = c.classes.length;
    const width = k === 2 ? 1 : k;
    const pad = { maxLen: c.config.maxLen, padding: c.config.padding, truncating: c.config.truncating };
    const all: Probabilities = { classes: k, values: new Float32Array(n * width) };
    const columns: BatchColumn[] = [
      { name: 'seq', kind: 'int' },
      { name: 'key', kind: 'text' },
      { name: 'label', kind: 'text' },
      { name: 'predicted', kind: 'text' },
      ...c.classes.map((cls) => ({ name: `p_${cls}`, kind: 'float' as const })),
    ];
    const meta = { kind: 'predictions', run: String(run.id), source: req.path };
    const rows = await writeBatchFile(place.path, place.format, columns, meta, async (sink) => {
      for (let from = 0; from < n; from += CHUNK) {
        const to = Math.min(n, from + CHUNK);
        const pick = Int32Array.from({ length: to - from }, (_, i) => from + i);
        const p = predictProbabilities(rt.tf, c.model, padSequences(data, pad, pick), pad.maxLen, k);
        all.values.set(p.values, from * width);
        for (let s = from; s < to; s++) {
          const probs =
            k === 2 ? [1 - all.values[s]!, all.values[s]!] : Array.from(all.values.subarray(s * k, (s + 1) * k));
          const label = data.labels[s]! >= 0 ? c.classes[data.labels[s]!]! : null;
          await sink.write([s, data.keys[s] ?? null, label, c.classes[predictedClass(all, s)]!, ...probs]);
        }
        job.progress(to, n);
        await yieldToLoop();
      }
    });
    job.progress(n, n, true);
    // Scored as training scores a split: the labelled sequences only.
    const labelled = Int32Array.from(data.labels.filter((l) => l >= 0));
    const picked = new Float32Array(labelled.length * width);
    let at = 0;
    data.labels.forEach((l, s) => {
      if (l >= 0) picked.set(all.values.subarray(s * width, (s + 1) * width), width * at++);
    });
    return {
      queries: n,
      rows,
      predictions: {
        classes: c.classes,
        labelled: labelled.length,
        metrics: labelled.length ? classificationMetrics({ classes: k, values: picked }, labelled) : null,
        unknownLabels: data.unknownLabels,
        oovShare: data.tokens.length ? data.oovTokens / data.tokens.length : 0,
      },
    };
  } finally {
    const optimizer = c.model.optimizer;
    c.model.dispose();
    optimizer?.dispose();
  }
}
