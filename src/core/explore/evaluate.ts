// Evaluates a run's table against analogy questions and word-similarity pairs (files the user names).
import { readFileSync } from 'node:fs';
import type { EvaluateRequest, EvaluateResult } from '../../shared';
import { WorkbenchError } from '../../shared';
import { evaluateAnalogies, parseAnalogies, type KeyedVectors } from '../eval/analogies';
import { evaluateSimilarity, parseSimilarityPairs } from '../eval/similarity';
import { assertReadableFile } from '../ingest/preview';
import { loadVocabulary } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';

/** The run's main table: the one whose name has no `.context` suffix, words before items before events. */
export function mainTable(names: string[]): string | undefined {
  return (
    ['words', 'items', 'events', 'users'].find((n) => names.includes(n)) ?? names.find((n) => !n.endsWith('.context'))
  );
}

function readText(path: string): string {
  assertReadableFile(path);
  return readFileSync(path, 'utf8');
}

/**
 * Only the rows that were trained, in vocabulary order (PAD and OOV kept in front): a word under the training
 * min-count is outside the vocabulary, as in gensim, never a candidate answer with a random vector.
 */
export function trainedRows(kv: KeyedVectors, counts: Int32Array | null): KeyedVectors {
  if (!counts) return kv;
  const keep: number[] = [0, 1];
  for (let r = 2; r < kv.words.length; r++) if (counts[r]! > 0) keep.push(r);
  if (keep.length === kv.words.length) return kv;
  const vectors = new Float32Array(keep.length * kv.dim);
  keep.forEach((r, i) => vectors.set(kv.vectors.subarray(r * kv.dim, (r + 1) * kv.dim), i * kv.dim));
  return { words: keep.map((r) => kv.words[r]!), vectors, dim: kv.dim };
}

export function evaluateRun(db: Db, req: EvaluateRequest): EvaluateResult {
  if (!req.analogies && !req.similarity)
    throw new WorkbenchError('BadRequest', 'name an analogies file, a similarity file, or both');
  const run = getRun(db, req.runId);
  const table = req.table ?? mainTable(run.tables.map((t) => t.name));
  if (!table) throw new WorkbenchError('NotFound', `run ${req.runId} has no tables (status: ${run.status})`);
  const t = loadTable(db, req.runId, table);
  const words: string[] = new Array<string>(t.rows).fill('');
  for (const v of loadVocabulary(db, run.datasetId, t.role)) words[v.idx] = v.key;
  const kv = trainedRows({ words, vectors: t.data, dim: t.dim }, t.counts ?? null);
  const out: EvaluateResult = { type: 'result', runId: req.runId, table };
  if (req.analogies)
    out.analogies = evaluateAnalogies(parseAnalogies(readText(req.analogies), req.analogies).questions, kv, {
      restrict: req.restrict ?? 30_000,
    });
  if (req.similarity)
    out.similarity = evaluateSimilarity(parseSimilarityPairs(readText(req.similarity), req.similarity), kv);
  return out;
}
