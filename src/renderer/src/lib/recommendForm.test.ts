import { describe, expect, it } from 'vitest';
import { featuresProblem, recommendRequest, type RecommendForm } from './recommendForm';

const form = (over: Partial<RecommendForm>): RecommendForm => ({
  mode: 'user',
  user: '',
  liked: [],
  userFeatures: '',
  k: 10,
  filter: {},
  ...over,
});

describe('the Recommendations panel’s request', () => {
  it('asks for a known user, or a new one from rated items, with the filter and minimum support', () => {
    expect(recommendRequest(form({ user: ' 7 ', filter: { genre: 'Drama' } }), 3, 5)).toEqual({
      runId: 3,
      k: 10,
      filter: { genre: 'Drama', minCount: 5 },
      user: '7',
    });
    expect(recommendRequest(form({ user: '  ' }), 3, 5)).toBeNull();
    const liked = [
      { key: 'a', label: 'A', rating: 4 },
      { key: 'b', label: 'B' },
    ];
    expect(recommendRequest(form({ mode: 'new', liked, k: 0 }), 3, 1)).toMatchObject({
      k: 10,
      items: [{ key: 'a', rating: 4 }, { key: 'b' }],
    });
    expect(recommendRequest(form({ mode: 'new' }), 3, 1)).toBeNull();
  });

  it('asks for a new user from features typed as column=value, and says what is not', () => {
    const req = recommendRequest(form({ mode: 'features', userFeatures: 'country=France, age = 30-39' }), 3, 5);
    expect(req?.userFeatures).toEqual([
      { column: 'country', value: 'France' },
      { column: 'age', value: '30-39' },
    ]);
    // A value holding a comma: pairs split on semicolons.
    expect(
      recommendRequest(form({ mode: 'features', userFeatures: 'city=Paris, France; age=40' }), 3, 5)?.userFeatures,
    ).toEqual([
      { column: 'city', value: 'Paris, France' },
      { column: 'age', value: '40' },
    ]);
    expect(recommendRequest(form({ mode: 'features', userFeatures: 'country=it, France' }), 3, 5)).toBeNull();
    expect(featuresProblem('country=it, France')).toBe('“France” is not column=value');
    expect(featuresProblem('=x')).toBe('“=x” is not column=value');
    expect(featuresProblem('country=it')).toBeNull();
    expect(recommendRequest(form({ mode: 'features' }), 3, 5)).toBeNull();
  });
});
