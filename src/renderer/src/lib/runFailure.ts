// What the Train view says when a run ends without a result, by the error's code: a cancel is a note, not an
// error; a diverged run offers a learning rate ten times lower (the usual first step, and the message's advice).
import type { ApiError } from '../../../shared';
import { optionProblem } from '../../../shared';

export interface FailureView {
  message: string;
  tone: 'note' | 'error';
  /** TrainingDiverged: the learning rate to try next, when the form's is known; else null. */
  lowerLr: number | null;
}

export function failureView(error: ApiError, lr: unknown): FailureView {
  const lower = typeof lr === 'number' ? Number((lr / 10).toPrecision(3)) : null;
  return {
    message: error.message,
    tone: error.code === 'Cancelled' ? 'note' : 'error',
    lowerLr: error.code === 'TrainingDiverged' && lower !== null && optionProblem('lr', lower) === null ? lower : null,
  };
}
