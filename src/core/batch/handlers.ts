// The `batch:*` handlers: each resolves where its file goes, runs as a cancellable job with progress events,
// and logs the result as an export of its run (so that removing the run says it goes too).
import type { BatchKind, BatchOutput, BatchResult, EventSink, Handlers } from '../../shared';
import type { TableCache } from '../explore/tableAccess';
import { recordExport } from '../project/exportsLog';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { BatchJobs, type BatchJob, type BatchOutcome } from './batchJobs';
import { neighborsAll } from './neighborsAll';
import { outputPlace, type OutputPlace } from './outputPath';
import { predictFile } from './predictFile';
import { recommendAll } from './recommendAll';

type BatchHandlers = Pick<Handlers, 'batch:recommend' | 'batch:neighbors' | 'batch:predict' | 'batch:cancel'>;

export function batchHandlers(
  db: Db,
  tables: TableCache,
  exportsDir: string,
  emit: EventSink,
): { handlers: BatchHandlers; jobs: BatchJobs } {
  const jobs = new BatchJobs((p) => emit('batch:progress', p));
  const run = async <R extends BatchOutput & { runId: number }>(
    kind: BatchKind,
    req: R,
    work: (place: OutputPlace, job: BatchJob) => Promise<BatchOutcome>,
  ): Promise<BatchResult> => {
    const started = performance.now();
    const place = outputPlace(req, kind, getRun(db, req.runId), exportsDir);
    const outcome = await jobs.run(kind, req.batchId, (job) => work(place, job));
    recordExport(db, req.runId, kind, place.logged);
    const seconds = (performance.now() - started) / 1000;
    return { type: 'result', kind, runId: req.runId, format: place.format, out: place.path, seconds, ...outcome };
  };
  return {
    jobs,
    handlers: {
      'batch:recommend': (req) =>
        run('recommendations', req, (place, job) => recommendAll(db, tables, req, place, job)),
      'batch:neighbors': (req) => run('neighbors', req, (place, job) => neighborsAll(tables, req, place, job)),
      'batch:predict': (req) => run('predictions', req, (place, job) => predictFile(db, req, place, job)),
      'batch:cancel': async (req) => ({ cancelled: jobs.cancel(req.batchId) }),
    },
  };
}
