// The studies of this process: start one from a request, resume a stopped one, cancel, and the promise of each
// study's result (the CLI waits on it). Each study is driven by a StudyDriver over the services' runs.
import type { TuneRequest, TuneResult } from '../../shared';
import { WorkbenchError } from '../../shared';
import { getDatasetByName } from '../store/datasets';
import { createStudy, getStudyRow, setStudyStatus } from '../store/studies';
import { resolveTuneRequest } from './resolveTune';
import { StudyDriver, type StudyHost } from './studyDriver';
import { studyDetail, tuneResult } from './studyView';

export interface StudyStart {
  studyId: number;
  /** Resolves with the study's result when it ends (completed or cancelled); rejects when it failed. */
  settled: Promise<TuneResult>;
}

export class Studies {
  private readonly active = new Map<number, StudyDriver>();

  constructor(private readonly host: StudyHost) {}

  start(req: TuneRequest): StudyStart {
    if (!req || typeof req.dataset !== 'string') throw new WorkbenchError('BadRequest', 'name the dataset to tune on');
    const dataset = getDatasetByName(this.host.db, req.dataset);
    const resolved = resolveTuneRequest(req, dataset, this.host.cores);
    return this.drive(createStudy(this.host.db, dataset.id, req.model, resolved));
  }

  resume(studyId: number): StudyStart {
    const study = getStudyRow(this.host.db, studyId);
    if (this.active.has(studyId)) throw new WorkbenchError('BadRequest', `study ${studyId} is running`);
    if (study.status !== 'cancelled' && study.status !== 'interrupted')
      throw new WorkbenchError(
        'BadRequest',
        `study ${studyId} is ${study.status}; only a cancelled or interrupted study can be resumed`,
      );
    return this.drive(studyId);
  }

  cancel(studyId: number): boolean {
    const driver = this.active.get(studyId);
    driver?.cancel();
    return driver !== undefined;
  }

  /** Application exit: running studies stop and stay resumable (their trials' runs are cancelled). */
  stopAll(): void {
    for (const [id, driver] of this.active) {
      driver.cancel();
      setStudyStatus(this.host.db, id, 'cancelled');
    }
    this.active.clear();
  }

  private drive(studyId: number): StudyStart {
    const driver = new StudyDriver(this.host, studyId);
    this.active.set(studyId, driver);
    const settled = driver.run().then(({ status, error }) => {
      this.active.delete(studyId);
      if (status === 'failed') throw new WorkbenchError('RunFailed', `study ${studyId} failed: ${error}`);
      return tuneResult(studyDetail(this.host.db, studyId));
    });
    settled.catch(() => undefined); // callers that do not wait must not see an unhandled rejection
    return { studyId, settled };
  }
}
