// The row filter flags of `ewb neighbors`, `analogy` and `recommend` (genre, text, minimum training support),
// and how their answers print: the filter as applied, then one ranked row per line with count and genres.
import type { AppliedFilter, RowFilter } from '../shared';
import { DEFAULT_MIN_COUNT } from '../shared';
import { intFlag, str, UsageError } from './args';
import type { Command, Values } from './command';

export const FILTER: Command['options'] = {
  genre: { type: 'string' },
  filter: { type: 'string' },
  'min-count': { type: 'string' },
  'from-features': { type: 'boolean' },
};

export const FILTER_HELP = [
  '--genre G      only rows with this genre (item metadata)',
  '--filter TEXT  only rows whose key or title contains TEXT',
  `--min-count N  only rows with at least N training interactions/occurrences (default ${DEFAULT_MIN_COUNT});`,
  '               rows never trained are never shown, whatever N is',
  '--from-features  only rows with no interactions of their own, their vectors from their features (the new',
  '               items of a run trained with --features)',
];

export function filterOf(values: Values): RowFilter | undefined {
  const minCount = intFlag(str(values['min-count']), 'min-count');
  if (minCount !== undefined && minCount < 0) throw new UsageError('--min-count takes a whole number ≥ 0');
  const filter: RowFilter = {};
  if (str(values.genre)) filter.genre = str(values.genre);
  if (str(values.filter)) filter.text = str(values.filter);
  if (minCount !== undefined) filter.minCount = minCount;
  if (values['from-features'] === true) filter.fromFeatures = true;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

/** "filter: min count 5 (hid 752 never trained, 3,291 under 5); genre Animation". */
export function filterLine(f: AppliedFilter): string {
  const parts: string[] = [];
  if (f.support === 'none') parts.push('no training counts (an imported table): every row shown');
  else {
    const from = f.support === 'vocabulary' ? ' (the dataset’s counts: this run stored none)' : '';
    parts.push(
      `min count ${f.minCount}${from} (hid ${f.untrained.toLocaleString('en')} never trained, ` +
        `${f.belowMinCount.toLocaleString('en')} under ${Math.max(1, f.minCount)})`,
    );
  }
  if (f.fromFeatures) parts.push('only from their features (new)');
  if (f.genre) parts.push(`genre ${f.genre}`);
  if (f.text) parts.push(`containing "${f.text}"`);
  return `filter: ${parts.join('; ')}`;
}

/** "  1. 0.597  588  Aladdin (1992)  [215; Adventure|Animation]". */
export function rankedLine(
  i: number,
  score: number,
  n: { key: string; title: string | null; count: number | null; genres: string[] },
): string {
  const about = [n.count === null ? null : String(n.count), n.genres.length ? n.genres.join('|') : null]
    .filter((x) => x !== null)
    .join('; ');
  return `${String(i + 1).padStart(3)}. ${score.toFixed(3)}  ${n.key}${n.title ? `  ${n.title}` : ''}${about ? `  [${about}]` : ''}`;
}
