// The Map panel's chosen point: focusing one rings it (and zooms to it when asked) and asks for its nearest
// neighbours in the embedding, which are then highlighted; an answer for a point no longer chosen is dropped.
import { computed, ref, shallowRef, type Ref } from 'vue';
import type { NeighborsResult, ProjectResult } from '../../../shared';
import { api } from '../api';

export interface FocusTarget {
  runId: number | null;
  table: string | null;
  minCount: number;
}

export function useMapFocus(
  result: Ref<ProjectResult | null>,
  target: () => FocusTarget,
  attempt: (task: () => Promise<void>) => Promise<unknown>,
) {
  const focus = ref<number | null>(null);
  /** Bumped to zoom to `focus` again. */
  const focusSeq = ref(0);
  const neighbours = shallowRef<NeighborsResult | null>(null);
  const highlight = shallowRef<number[]>([]);
  const keyIndex = computed(() => new Map((result.value?.keys ?? []).map((k, i) => [k, i])));
  let seq = 0;

  /** Focuses a point: zooms to it (if asked), rings it and asks for its nearest neighbours. */
  function choose(i: number, zoom: boolean): void {
    const r = result.value;
    const { runId, table, minCount } = target();
    if (!r || runId === null || table === null) return;
    focus.value = i;
    if (zoom) focusSeq.value++;
    highlight.value = [i];
    neighbours.value = null;
    const mine = ++seq;
    void attempt(async () => {
      const filter = { minCount };
      const found = await api.invoke('embeddings:neighbors', { runId, table, key: r.keys[i]!, k: 10, filter });
      if (mine !== seq) return;
      neighbours.value = found;
      highlight.value = [i, ...found.neighbors.flatMap((n) => keyIndex.value.get(n.key) ?? [])];
    });
  }

  function forget(): void {
    seq++;
    focus.value = null;
    neighbours.value = null;
    highlight.value = [];
  }

  return { focus, focusSeq, neighbours, highlight, keyIndex, choose, forget };
}
