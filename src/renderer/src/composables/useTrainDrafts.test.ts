import { effectScope, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { defaultDraft } from '../lib/trainForm';
import { useTrainDrafts } from './useTrainDrafts';

/** localStorage as a Map; `full` makes every write throw, as a full or disabled storage does. */
function memoryStorage(full = false): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => {
      if (full) throw new Error('QuotaExceededError');
      items.set(k, v);
    },
  };
}

/** The composable as a view uses it, in its own scope (a view that is opened, and later closed). */
function open(storage: Storage) {
  const scope = effectScope();
  const drafts = scope.run(() => useTrainDrafts(storage))!;
  return { ...drafts, close: () => scope.stop() };
}

describe('the Train form’s remembered settings', () => {
  it('bring back each model’s last settings in the next session', async () => {
    const storage = memoryStorage();
    const first = open(storage);
    first.drafts.value.mf = { ...first.drafts.value.mf, epochs: 5 };
    first.drafts.value.implicit = { ...first.drafts.value.implicit, loss: 'bpr' };
    await nextTick();
    first.close();

    const next = open(storage);
    expect(next.drafts.value.mf).toEqual({ ...defaultDraft('mf'), epochs: 5 });
    expect(next.drafts.value.implicit.loss).toBe('bpr');
    expect(next.drafts.value.sgns).toEqual(defaultDraft('sgns'));
    next.reset('mf');
    await nextTick();
    expect(open(storage).drafts.value.mf).toEqual(defaultDraft('mf'));
  });

  it('start from the defaults when what was stored cannot be read or written', async () => {
    const storage = memoryStorage();
    storage.setItem('ewb.train.mf', '{not json');
    expect(open(storage).drafts.value.mf).toEqual(defaultDraft('mf'));

    const full = open(memoryStorage(true));
    full.drafts.value.mf = { ...full.drafts.value.mf, dim: 8 };
    await nextTick();
    expect(full.drafts.value.mf.dim).toBe(8);
  });
});
