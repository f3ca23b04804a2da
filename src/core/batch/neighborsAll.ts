// `batch:neighbors`: the K nearest rows of every row of a table (PAD and OOV are not queried), found as
// `embeddings:neighbors` finds them for one key (the same search on the same table, so a row here equals the
// single answer): `key,rank,neighbor,title,score`. Rows never trained are neither queried nor returned, and the
// minimum support applies as it does there (default DEFAULT_MIN_COUNT).
import type { BatchNeighborsRequest } from '../../shared';
import { METRICS, WorkbenchError } from '../../shared';
import { searchNeighbors } from '../explore/annIndex';
import { eligibleRows, isTrained } from '../explore/support';
import type { TableCache } from '../explore/tableAccess';
import type { BatchJob, BatchOutcome } from './batchJobs';
import { yieldToLoop } from './batchJobs';
import { writeBatchFile, type BatchColumn } from './batchWriter';
import type { OutputPlace } from './outputPath';

export const NEIGHBOR_COLUMNS: BatchColumn[] = [
  { name: 'key', kind: 'text' },
  { name: 'rank', kind: 'int' },
  { name: 'neighbor', kind: 'text' },
  { name: 'title', kind: 'text' },
  { name: 'score', kind: 'double' },
];

export async function neighborsAll(
  tables: TableCache,
  req: BatchNeighborsRequest,
  place: OutputPlace,
  job: BatchJob,
): Promise<BatchOutcome> {
  const t = tables.get(req.runId, req.table);
  const k = req.k ?? 10;
  const metric = req.metric ?? 'cosine';
  if (!METRICS.includes(metric))
    throw new WorkbenchError('BadRequest', `metric is one of ${METRICS.join(', ')} (got ${metric})`);
  const { eligible: filter } = eligibleRows(t, req.filter);
  const queries = t.vocab.filter((v) => v.idx >= 2 && v.idx < t.table.rows && isTrained(t, v.idx));
  const meta = { kind: 'neighbors', run: String(req.runId), table: req.table, metric, k: String(k) };
  const rows = await writeBatchFile(place.path, place.format, NEIGHBOR_COLUMNS, meta, async (sink) => {
    for (let n = 0; n < queries.length; n++) {
      const q = queries[n]!;
      const { found } = await searchNeighbors(t.table, q.idx, {
        k,
        metric,
        filter,
        approximate: req.approximate ?? false,
      });
      for (let r = 0; r < found.length; r++) {
        const v = t.byIdx.get(found[r]!.row);
        await sink.write([q.key, r + 1, v?.key ?? String(found[r]!.row), v?.title ?? null, found[r]!.score]);
      }
      job.progress(n + 1, queries.length);
      if (n % 64 === 63) await yieldToLoop();
    }
  });
  job.progress(queries.length, queries.length, true);
  return { queries: queries.length, rows };
}
