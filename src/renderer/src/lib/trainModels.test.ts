import { describe, expect, it } from 'vitest';
import { dataset } from './testDatasets';
import { availableModels, pickModel, unavailableReason } from './trainModels';

const ratings = dataset({});
const clicks = dataset({ mapping: { user: 'user', item: 'item' } });
const clicksWithSessions = dataset({ mapping: { user: 'user', item: 'item', session: 's' }, sequences: 40 });
const sessions = dataset({ kind: 'sequences', mapping: { item: 'item', session: 's' }, rows: 0, sequences: 200 });
const text = dataset({ kind: 'text', mapping: { text: 'body' }, rows: 0, sequences: 50 });

describe('which models a dataset can feed', () => {
  it('mf needs interactions with a rating column', () => {
    expect(availableModels(ratings)).toEqual(['mf', 'implicit']);
    expect(unavailableReason('mf', clicks)).toMatch(/needs a rating column.*implicit/);
    expect(unavailableReason('mf', sessions)).toMatch(/needs user × item ratings; this is a sequences dataset/);
  });

  it('implicit needs interactions, with or without ratings', () => {
    expect(unavailableReason('implicit', clicks)).toBeNull();
    expect(unavailableReason('implicit', text)).toMatch(/this is a text dataset/);
  });

  it('sgns and cbow need sequences, of any kind', () => {
    expect(availableModels(clicksWithSessions)).toEqual(['implicit', 'sgns', 'cbow']);
    expect(availableModels(sessions)).toEqual(['sgns', 'cbow']);
    expect(availableModels(text)).toEqual(['sgns', 'cbow']);
    expect(unavailableReason('sgns', ratings)).toMatch(/needs token sequences/);
  });
});

describe('pickModel', () => {
  it('keeps the model when the dataset supports it, else takes the first that fits', () => {
    expect(pickModel(ratings, 'implicit')).toBe('implicit');
    expect(pickModel(sessions, 'mf')).toBe('sgns');
    expect(pickModel(clicks, 'cbow')).toBe('implicit');
    expect(pickModel(undefined, 'cbow')).toBe('cbow');
  });
});
