import { describe, expect, it } from 'vitest';
import { dataset } from './testDatasets';
import { buildTrainRequest, defaultDraft, engineProblem } from './trainOptions';

const ratings = dataset({ name: 'movies' });
const sessions = dataset({ name: 'sessions', kind: 'sequences', rows: 0, sequences: 200 });

describe('the engine choice of the Train form', () => {
  it('leaves auto out of the request and sends cpu or tfjs', () => {
    const auto = buildTrainRequest(ratings, 'mf', defaultDraft('mf'));
    expect(auto.ok && auto.request).not.toHaveProperty('engine');
    const tfjs = buildTrainRequest(ratings, 'mf', { ...defaultDraft('mf'), engine: 'tfjs' });
    expect(tfjs.ok && tfjs.request.engine).toBe('tfjs');
    const cpu = buildTrainRequest(ratings, 'mf', { ...defaultDraft('mf'), engine: 'cpu' });
    expect(cpu.ok && cpu.request.engine).toBe('cpu');
  });

  it('refuses what the tfjs engine does not train, as the backend does', () => {
    expect(engineProblem('cbow', { ...defaultDraft('cbow'), engine: 'tfjs' })).toMatch(/CPU engine only/);
    expect(engineProblem('implicit', { ...defaultDraft('implicit'), engine: 'tfjs', loss: 'warp' })).toMatch(
      /bpr only/,
    );
    expect(engineProblem('implicit', { ...defaultDraft('implicit'), engine: 'tfjs', loss: 'bpr' })).toBeNull();
    expect(engineProblem('cbow', { ...defaultDraft('cbow'), engine: 'auto' })).toBeNull();
    expect(engineProblem('classifier', { ...defaultDraft('mf'), engine: 'cpu' })).toMatch(/tfjs engine only/);
    const built = buildTrainRequest(sessions, 'cbow', { ...defaultDraft('cbow'), engine: 'tfjs' });
    expect(built.ok).toBe(false);
  });
});
