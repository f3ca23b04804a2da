// The code that trains each model agrees with the rules table about which engines train it.
import { describe, expect, it } from 'vitest';
import { MODEL_RULES, MODELS } from '../../shared';
import { enginesOf } from './registry';

describe('the model registry', () => {
  it('has a factory for exactly the engines the rules allow, for every model', () => {
    for (const m of MODELS) expect(enginesOf(m), m).toEqual(Object.keys(MODEL_RULES[m].engines).sort());
  });
});
