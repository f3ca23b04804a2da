// `batch:recommend`: top-K items for every user of an mf or implicit run, each user's training items left out
// and explaining the picks, as `embeddings:recommend` answers one user (the same `recommend` on the same
// inputs, so a row here equals the single answer): `user,rank,item,title,score,because`.
import type { BatchRecommendRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { factorTables, recommend } from '../explore/recommend';
import { loadInteractions, loadVocabulary } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';
import type { BatchJob, BatchOutcome } from './batchJobs';
import { yieldToLoop } from './batchJobs';
import { writeBatchFile, type BatchColumn } from './batchWriter';
import type { OutputPlace } from './outputPath';

export const RECOMMEND_COLUMNS: BatchColumn[] = [
  { name: 'user', kind: 'text' },
  { name: 'rank', kind: 'int' },
  { name: 'item', kind: 'text' },
  { name: 'title', kind: 'text' },
  { name: 'score', kind: 'double' },
  // The user's items closest to the pick (keys joined by `|`, best first), as `because` in the single answer.
  { name: 'because', kind: 'text' },
];

/** Each user's training rows (split 0) as CSR, in the order of the dataset's rows. */
export function trainingItemsByUser(
  data: { users: Int32Array; items: Int32Array; ratings: Float32Array; splits: Uint8Array },
  numUsers: number,
): { offsets: Int32Array; items: Int32Array; ratings: Float32Array } {
  const offsets = new Int32Array(numUsers + 1);
  for (let r = 0; r < data.users.length; r++) if (data.splits[r] === 0) offsets[data.users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, numUsers);
  const items = new Int32Array(offsets[numUsers]!);
  const ratings = new Float32Array(offsets[numUsers]!);
  for (let r = 0; r < data.users.length; r++) {
    if (data.splits[r] !== 0) continue;
    const at = fill[data.users[r]!]!++;
    items[at] = data.items[r]!;
    ratings[at] = data.ratings[r]!;
  }
  return { offsets, items, ratings };
}

export async function recommendAll(
  db: Db,
  req: BatchRecommendRequest,
  place: OutputPlace,
  job: BatchJob,
): Promise<BatchOutcome> {
  const run = getRun(db, req.runId);
  if (run.model !== 'mf' && run.model !== 'implicit')
    throw new WorkbenchError(
      'BadRequest',
      `run ${run.id} is ${run.model}; recommendations need an mf or implicit run (users × items)`,
    );
  const k = req.k ?? 10;
  const users = loadTable(db, run.id, 'users');
  const items = loadTable(db, run.id, 'items');
  const t = factorTables(users, items);
  const userVocab = loadVocabulary(db, run.datasetId, 'user');
  const itemVocab = new Map(loadVocabulary(db, run.datasetId, 'item').map((v) => [v.idx, v]));
  const seen = trainingItemsByUser(loadInteractions(db, run.datasetId), users.rows);
  const rows = await writeBatchFile(
    place.path,
    place.format,
    RECOMMEND_COLUMNS,
    { kind: 'recommendations', run: String(run.id), k: String(k) },
    async (sink) => {
      for (let n = 0; n < userVocab.length; n++) {
        const user = userVocab[n]!;
        const u = user.idx;
        const from = seen.offsets[u]!;
        const to = seen.offsets[u + 1]!;
        const vector = users.data.slice(u * users.dim, (u + 1) * users.dim);
        const recs = recommend(
          t,
          vector,
          { items: seen.items.slice(from, to), ratings: seen.ratings.slice(from, to) },
          k,
        );
        for (let r = 0; r < recs.length; r++) {
          const rec = recs[r]!;
          const item = itemVocab.get(rec.item);
          const because = rec.because.map((b) => itemVocab.get(b.item)?.key ?? String(b.item)).join('|');
          await sink.write([user.key, r + 1, item?.key ?? String(rec.item), item?.title ?? null, rec.score, because]);
        }
        job.progress(n + 1, userVocab.length);
        if (n % 64 === 63) await yieldToLoop();
      }
    },
  );
  job.progress(userVocab.length, userVocab.length, true);
  return { queries: userVocab.length, rows };
}
