import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../shared';
import { failureView } from './runFailure';

const error = (code: ApiError['code'], message = 'm'): ApiError => ({ name: code, code, message });

describe('a run that ended without a result', () => {
  it('shows a cancel as a note and a failure as an error, with the message', () => {
    expect(failureView(error('Cancelled', 'cancelled by the user'), 0.05)).toEqual({
      message: 'cancelled by the user',
      tone: 'note',
      lowerLr: null,
    });
    expect(failureView(error('RunFailed'), 0.05)).toMatchObject({ tone: 'error', lowerLr: null });
  });

  it('offers a learning rate ten times lower after divergence, one the rules accept', () => {
    expect(failureView(error('TrainingDiverged'), 10).lowerLr).toBe(1);
    expect(failureView(error('TrainingDiverged'), 0.025).lowerLr).toBe(0.0025);
    expect(failureView(error('TrainingDiverged'), null).lowerLr).toBeNull();
    expect(failureView(error('TrainingDiverged'), 0).lowerLr).toBeNull();
  });
});
