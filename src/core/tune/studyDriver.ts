// Runs one study in this process: keeps up to `parallel` trials training (each a normal run through the
// supervisor), prunes hopeless ones from their epoch curves, records every trial as it starts and ends, and
// stops when the budget and the cross-validation are done, or when cancelled. A resumed study first continues
// the trials a stopped session left running (their runs resumed from the last checkpoint).
import type { RunEvent, StudyEvent, StudyStatus, TrainRequest, TrainResult } from '../../shared';
import { resolveTrainRequest, resumeProblem } from '../../shared';
import type { RunStart } from '../runStarts';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import {
  addStudySeconds,
  getStudyRow,
  insertTrial,
  listTrials,
  setStudyStatus,
  updateTrial,
  type StoredTrial,
} from '../store/studies';
import { prunerOf, type Pruner } from './pruners';
import type { ResolvedTune } from './resolveTune';
import { samplerOf, type Sampler } from './samplers';
import { curveOf, objectiveMetric, summaryOf, trialOf, type Study } from './studyView';
import { nextNumber, nextTrial, optionsOf, requestOf, type Next } from './trialPlan';
import { bestOfCurve, missingObjective, pruneReason, scoreOf } from './trialScore';

/** What a study needs from the services: the database, runs to start, resume and cancel, and their events. */
export interface StudyHost {
  db: Db;
  cores: number;
  train(req: TrainRequest): RunStart;
  resume(runId: number): RunStart;
  cancelRun(runId: number, reason: string): boolean;
  onRunEvent(listener: (e: RunEvent) => void): () => void;
  emit(e: StudyEvent): void;
}

/** Trials failing one after another before any completes: the study stops (the config or data is wrong). */
const FAILURES_IN_A_ROW = 5;

export class StudyDriver {
  private readonly study: Study;
  private readonly r: ResolvedTune;
  private readonly trials: StoredTrial[];
  private readonly curves = new Map<number, [number, number][]>();
  private readonly bestEpochs = new Map<number, number>();
  private readonly running = new Map<number, { runId: number; pruned: string | null }>();
  private readonly sampler: Sampler;
  private readonly pruner: Pruner;
  private readonly started = performance.now();
  private cancelled = false;
  private fatal: string | null = null;
  private failuresInARow = 0;
  private poke: (() => void) | null = null;

  constructor(
    private readonly host: StudyHost,
    readonly id: number,
  ) {
    this.study = getStudyRow<ResolvedTune>(host.db, id);
    this.r = this.study.request;
    this.trials = listTrials(host.db, id);
    this.sampler = samplerOf(this.r.sampler, this.r.seed);
    const epochs = resolveTrainRequest(
      { ...this.r.searchFixed, dataset: this.r.dataset, model: this.r.model },
      1,
    ).epochs;
    this.pruner = prunerOf(this.r.pruner, epochs);
    for (const t of this.trials) {
      const run = t.runId === null ? null : getRun(host.db, t.runId);
      if (run) this.curves.set(t.number, curveOf(run, this.r.objective));
      if (run?.bestEpoch) this.bestEpochs.set(t.number, run.bestEpoch);
    }
  }

  async run(): Promise<{ status: StudyStatus; error: string | null }> {
    const { db } = this.host;
    setStudyStatus(db, this.id, 'running');
    this.host.emit({ type: 'started', studyId: this.id, total: this.r.trials });
    const off = this.host.onRunEvent((e) => this.onRunEvent(e));
    let status: StudyStatus = 'completed';
    let error: string | null = null;
    try {
      for (const t of this.trials.filter((t) => t.state === 'running')) this.continueTrial(t);
      for (;;) {
        while (!this.cancelled && !this.fatal && this.running.size < this.r.parallel) {
          const next = nextTrial(this.r, this.trials, this.sampler, this.timeUp());
          if (!next) break;
          this.launch(next);
        }
        if (this.running.size === 0) break;
        await new Promise<void>((resolve) => (this.poke = resolve));
      }
      if (this.fatal) [status, error] = ['failed', this.fatal];
      else if (this.cancelled) status = 'cancelled';
    } catch (err) {
      [status, error] = ['failed', (err as Error).message];
    } finally {
      off();
      addStudySeconds(db, this.id, (performance.now() - this.started) / 1000);
      setStudyStatus(db, this.id, status, error);
      this.host.emit({
        type: 'finished',
        studyId: this.id,
        status,
        ...(error ? { error: { name: 'WorkbenchError', code: 'RunFailed', message: error } } : {}),
      });
    }
    return { status, error };
  }

  /** Cancels the running trials; they stay `running` in the study, to be resumed with it. */
  cancel(): void {
    this.cancelled = true;
    for (const { runId } of this.running.values()) this.host.cancelRun(runId, `study ${this.id} was cancelled`);
    this.poke?.();
  }

  private timeUp(): boolean {
    if (this.r.minutes === null) return false;
    return this.study.seconds + (performance.now() - this.started) / 1000 >= this.r.minutes * 60;
  }

  private launch(next: Next): void {
    const trial: StoredTrial = {
      number: nextNumber(this.trials),
      kind: next.kind,
      arm: next.kind === 'cv' ? next.arm.label : (next.arm ?? null),
      fold: next.kind === 'cv' ? next.fold : null,
      runId: null,
      params: next.kind === 'cv' ? next.arm.params : next.params,
      state: 'running',
      value: null,
      note: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    insertTrial(this.host.db, this.id, trial);
    this.trials.push(trial);
    this.startRun(trial, () => this.host.train(this.requestOf(trial)));
  }

  private requestOf(t: StoredTrial): TrainRequest {
    return requestOf(this.r, optionsOf(this.r, this.trials, t), this.host.cores, t.fold);
  }

  /** A trial a stopped session left running: its run finished, resumed from its checkpoint, or started again. */
  private continueTrial(t: StoredTrial): void {
    const run = t.runId === null ? null : getRun(this.host.db, t.runId);
    if (run?.status === 'completed' && run.result) {
      this.completed(t, run.result);
      return;
    }
    if (run && run.model !== 'imported' && resumeProblem(run) === null) {
      const kept = (this.curves.get(t.number) ?? []).filter(([e]) => e <= run.checkpointEpoch!);
      this.startRun(t, () => this.host.resume(run.id), kept);
    } else this.startRun(t, () => this.host.train(this.requestOf(t)));
  }

  private startRun(t: StoredTrial, start: () => RunStart, curve: [number, number][] = []): void {
    let s: RunStart;
    try {
      s = start();
    } catch (err) {
      this.failed(t, (err as Error).message);
      return;
    }
    t.runId = s.runId;
    updateTrial(this.host.db, this.id, t.number, { runId: s.runId });
    this.curves.set(t.number, curve);
    this.running.set(t.number, { runId: s.runId, pruned: null });
    this.emitTrial(t);
    s.settled
      .then(
        (result) => this.completed(t, result),
        (err: unknown) => this.stopped(t, err as Error),
      )
      .catch((err: unknown) => (this.fatal = `recording trial ${t.number} failed: ${(err as Error).message}`))
      .finally(() => {
        this.running.delete(t.number);
        this.poke?.();
      });
  }

  private onRunEvent(e: RunEvent): void {
    if (e.type !== 'epoch') return;
    const entry = [...this.running.entries()].find(([, r]) => r.runId === e.runId);
    const metric = objectiveMetric(this.r.objective);
    if (!entry || !metric) return;
    const [number, running] = entry;
    const value = e.metrics.valid[metric];
    if (value === undefined || !Number.isFinite(value)) return;
    const curve = this.curves.get(number) ?? [];
    curve.push([e.metrics.epoch, value]);
    this.curves.set(number, curve);
    const trial = this.trials.find((t) => t.number === number)!;
    this.emitTrial(trial);
    if (trial.kind !== 'search' || running.pruned) return;
    const reason = pruneReason(this.pruner, this.r.objective, this.trials, this.curves, number);
    if (!reason) return;
    running.pruned = reason;
    this.host.cancelRun(running.runId, `pruned by study ${this.id}: ${reason}`);
  }

  private completed(t: StoredTrial, result: Omit<TrainResult, 'type'>): void {
    this.bestEpochs.set(t.number, result.bestEpoch);
    let value: number | undefined;
    try {
      value = scoreOf(this.host.db, this.r.objective, t.runId!, result);
    } catch (err) {
      this.failed(t, `scoring run ${t.runId}: ${(err as Error).message}`);
      return;
    }
    if (value !== undefined && Number.isFinite(value)) {
      this.failuresInARow = 0;
      this.finish(t, 'complete', value, null);
      return;
    }
    const note = missingObjective(this.r.objective, t.runId!, result);
    this.finish(t, 'failed', null, note);
    // No use going on: every trial of this study would lack it too.
    if (!this.trials.some((x) => x.state === 'complete')) this.stop(note);
  }

  private stopped(t: StoredTrial, err: Error): void {
    const pruned = this.running.get(t.number)?.pruned;
    if (pruned) {
      this.finish(t, 'pruned', bestOfCurve(this.r.objective, this.curves.get(t.number)), pruned);
    } else if (this.cancelled) {
      this.emitTrial(t); // stays running: the study resumes it
    } else this.failed(t, err.message);
  }

  private failed(t: StoredTrial, message: string): void {
    this.finish(t, 'failed', null, message);
    if (++this.failuresInARow >= FAILURES_IN_A_ROW && !this.trials.some((x) => x.state === 'complete'))
      this.stop(`${FAILURES_IN_A_ROW} trials in a row failed; the last: ${message}`);
  }

  private stop(reason: string): void {
    this.fatal = reason;
    for (const { runId } of this.running.values()) this.host.cancelRun(runId, `study ${this.id} stopped: ${reason}`);
  }

  private finish(t: StoredTrial, state: StoredTrial['state'], value: number | null, note: string | null): void {
    Object.assign(t, { state, value, note, finishedAt: new Date().toISOString() });
    updateTrial(this.host.db, this.id, t.number, { state, value, note });
    this.emitTrial(t);
  }

  private emitTrial(t: StoredTrial): void {
    const summary = summaryOf(this.study, this.trials);
    const best = summary.bestTrial !== null ? { number: summary.bestTrial, value: summary.bestValue! } : null;
    const trial = { ...trialOf(t, null, this.r.objective), curve: this.curves.get(t.number) ?? [] };
    trial.bestEpoch = this.bestEpochs.get(t.number) ?? null;
    this.host.emit({ type: 'trial', studyId: this.id, trial, best, done: summary.trialsDone });
  }
}
