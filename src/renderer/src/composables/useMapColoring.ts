// The Map panel's colouring and filter: the colouring (the points' default, from their metadata, until the
// analyst or a bookmark picks one that applies), the value filter and the search as a filter, the colour groups
// holding only the drawn points, and the line that says what a filter leaves drawn. A moving layout draws every
// point.
import { computed, ref, shallowRef, type Ref } from 'vue';
import type { MapBookmarkState } from '../../../shared';
import { colorChoices, colorGroups, defaultColoring, type ColorBy } from '../lib/mapColors';
import { filterFor, restrictGroups, shownLine, visiblePoints, type MapFilter, type MapShown } from '../lib/mapFilter';
import type { MapPoints } from '../lib/mapPoints';

type Saved = Pick<MapBookmarkState, 'colorBy' | 'filter' | 'query' | 'searchOnly'>;

/** `shown`: what the chart draws (a moving layout or the finished map); `finished`: the finished map. */
export function useMapColoring(shown: Ref<MapPoints | null>, finished: Ref<MapPoints | null>) {
  /** The colouring the analyst (or a bookmark) chose, when `picked`: the next map keeps it while it applies. */
  const chosen = ref<ColorBy>('frequency');
  const picked = ref(false);
  const filter = shallowRef<MapFilter | null>(null);
  const query = ref('');
  const searchOnly = ref(false);

  const choices = computed(() => (shown.value ? colorChoices(shown.value) : []));
  /** The chosen colouring while these points offer it, else theirs by default (a moving layout's too). */
  const colorBy = computed<ColorBy>(() => {
    if (!shown.value || (picked.value && choices.value.includes(chosen.value))) return chosen.value;
    return defaultColoring(shown.value);
  });
  const state = computed<MapShown>(() => ({ filter: filter.value, query: query.value, searchOnly: searchOnly.value }));
  const visible = computed(() =>
    finished.value && shown.value === finished.value ? visiblePoints(finished.value, state.value) : null,
  );
  const groups = computed(() =>
    shown.value ? restrictGroups(colorGroups(shown.value, colorBy.value), visible.value) : null,
  );
  const line = computed(() =>
    finished.value ? shownLine(finished.value.keys.length, visible.value, state.value) : null,
  );

  function pick(by: ColorBy): void {
    chosen.value = by;
    picked.value = true;
  }

  /** A new finished map: a filter whose field it lacks goes. */
  function adopt(points: MapPoints): void {
    filter.value = filterFor(points, filter.value);
  }

  /** Another run or table: nothing chosen carries over. */
  function forget(): void {
    picked.value = false;
    filter.value = null;
    query.value = '';
    searchOnly.value = false;
  }

  function capture(): Saved {
    const saved: Saved = { colorBy: colorBy.value, query: query.value, searchOnly: searchOnly.value };
    if (filter.value) saved.filter = { ...filter.value };
    return saved;
  }

  /** A bookmark's colouring (when these points offer it), filter, search and search-as-filter. */
  function restore(saved: Saved, points: MapPoints): void {
    if (colorChoices(points).includes(saved.colorBy as ColorBy)) pick(saved.colorBy as ColorBy);
    filter.value = filterFor(points, saved.filter);
    query.value = saved.query ?? '';
    searchOnly.value = saved.searchOnly ?? false;
  }

  return { colorBy, filter, query, searchOnly, choices, visible, groups, line, pick, adopt, forget, capture, restore };
}
