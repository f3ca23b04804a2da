// `batch:recommend`: top-K items for every user of an mf or implicit run, each user's training items left out
// and explaining the picks, as `embeddings:recommend` answers one user (the same `recommend` on the same
// inputs, so a row here equals the single answer): `user,rank,item,title,score,because`. Users never trained
// are left out; items never trained or under the minimum support are never recommended.
import type { BatchRecommendRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { recommendFor, runRecommender, userInputs } from '../explore/recommendRun';
import { eligibleRows, isTrained } from '../explore/support';
import type { TableCache } from '../explore/tableAccess';
import type { Db } from '../store/db';
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

export async function recommendAll(
  db: Db,
  tables: TableCache,
  req: BatchRecommendRequest,
  place: OutputPlace,
  job: BatchJob,
): Promise<BatchOutcome> {
  const k = req.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  const r = runRecommender(db, tables, req.runId);
  const { eligible } = eligibleRows(r.items, req.filter);
  // Users never trained have random vectors: they get no recommendations (as `--user` refuses them).
  const users = r.users.vocab.filter((v) => v.idx >= 2 && v.idx < r.users.table.rows && isTrained(r.users, v.idx));
  const rows = await writeBatchFile(
    place.path,
    place.format,
    RECOMMEND_COLUMNS,
    { kind: 'recommendations', run: String(req.runId), k: String(k) },
    async (sink) => {
      for (let n = 0; n < users.length; n++) {
        const user = users[n]!;
        const recs = recommendFor(r, userInputs(r, user.idx), k, eligible);
        for (let rank = 0; rank < recs.length; rank++) {
          const rec = recs[rank]!;
          const item = r.items.byIdx.get(rec.item);
          const because = rec.because.map((b) => r.items.byIdx.get(b.item)?.key ?? String(b.item)).join('|');
          await sink.write([
            user.key,
            rank + 1,
            item?.key ?? String(rec.item),
            item?.title ?? null,
            rec.score,
            because,
          ]);
        }
        job.progress(n + 1, users.length);
        if (n % 64 === 63) await yieldToLoop();
      }
    },
  );
  job.progress(users.length, users.length, true);
  return { queries: users.length, rows };
}
