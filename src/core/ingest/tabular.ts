// A tabular dataset's columns as the import reads them: each category column (or group of columns sharing one
// vocabulary) keyed with provisional ids, numeric columns as float32 with NaN for a missing value, and the
// target both as a class key and as a number. Then the vocabularies (PAD/OOV and cut-offs per column, as for the
// other roles), the columns remapped to them, and the columns' report.
import type { ImportRequest, Mapping, TabularColumnReport, TabularReport, VocabularyReport } from '../../shared';
import { categoryGroups, categoryRole, MAX_TARGET_CLASSES, WorkbenchError } from '../../shared';
import { float32Column, int32Column, KeyIds, type Column } from './columns';
import { splitGenres } from './genres';
import { listColumns } from './formats';
import type { TabularWrite } from '../store/tabular';
import type { RowView } from './rowView';
import { buildVocabulary, type Vocabulary } from './vocabulary';

/** The key an empty category cell gets: a value of its own (a missing customer id says something). */
export const MISSING_KEY = '(missing)';
/** Cells a numeric column reads as missing (flagged by the model), not as a malformed row. */
const MISSING_NUMBER = /^(|na|n\/a|nan|null|none|\?|-)$/i;
/** The vocabulary role of a classification target's values. */
export const TARGET_ROLE = 'target';

export interface TabularCollected {
  groups: { name: string; keys: KeyIds }[];
  categories: { column: string; at: number; group: number; ids: Column<Int32Array> }[];
  numerics: { column: string; at: number; values: Column<Float32Array> }[];
  target: { column: string; at: number; keys: KeyIds; ids: Column<Int32Array>; values: Column<Float32Array> };
  /** `title`/`genres` describe the values of the first category column (as they describe items elsewhere). */
  meta: { titleAt: number; genresAt: number; byKey: Map<string, { title: string | null; genres: string[] }> };
}

export function newTabular(path: string, mapping: Mapping, columns: readonly string[]): TabularCollected {
  const at = (column: string, role: string): number => {
    const i = columns.indexOf(column);
    if (i < 0)
      throw new WorkbenchError(
        'BadRequest',
        `${path}: no column "${column}" (for ${role}); columns are ${listColumns(columns)}`,
      );
    return i;
  };
  const groups = categoryGroups(mapping);
  const numeric = mapping.numeric === undefined ? [] : ([] as string[]).concat(mapping.numeric);
  return {
    groups: groups.map((g) => ({ name: g.name, keys: new KeyIds() })),
    categories: groups.flatMap((g, group) =>
      g.columns.map((column) => ({ column, at: at(column, 'category'), group, ids: int32Column() })),
    ),
    numerics: numeric
      .filter((c) => c !== '')
      .map((column) => ({ column, at: at(column, 'numeric'), values: float32Column() })),
    target: {
      column: mapping.target!,
      at: at(mapping.target!, 'target'),
      keys: new KeyIds(),
      ids: int32Column(),
      values: float32Column(),
    },
    meta: {
      titleAt: mapping.title ? at(mapping.title, 'title') : -1,
      genresAt: mapping.genres ? at(mapping.genres, 'genres') : -1,
      byKey: new Map(),
    },
  };
}

/** Reads one row's tabular cells; returns why the row is rejected, or null when it was taken. */
export function collectTabularRow(t: TabularCollected, v: RowView): string | null {
  // Check every numeric cell before pushing anything, so that a rejected row leaves no partial values.
  for (const n of t.numerics) {
    if (Number.isFinite(v.num(n.at)) || MISSING_NUMBER.test(v.str(n.at))) continue;
    return `numeric column ${n.column}: "${v.raw(n.at)}" is not a number (map it as a category column instead)`;
  }
  for (const n of t.numerics) n.values.push(v.num(n.at)); // NaN (missing) where it is not a finite number
  for (const c of t.categories) {
    const keys = t.groups[c.group]!.keys;
    c.ids.push(v.empty(c.at) ? keys.id(MISSING_KEY) : v.key(c.at, keys));
  }
  const first = t.categories[0];
  if (first && (t.meta.titleAt >= 0 || t.meta.genresAt >= 0)) {
    const key = v.str(first.at) || MISSING_KEY;
    if (!t.meta.byKey.has(key))
      t.meta.byKey.set(key, {
        title: t.meta.titleAt >= 0 ? v.str(t.meta.titleAt) || null : null,
        genres: t.meta.genresAt >= 0 ? splitGenres(v.raw(t.meta.genresAt)) : [],
      });
  }
  const target = t.target;
  if (v.empty(target.at)) {
    target.ids.push(-1);
    target.values.push(NaN);
  } else {
    target.ids.push(v.key(target.at, target.keys));
    target.values.push(v.num(target.at));
  }
  return null;
}

/** A tabular dataset's columns as stored (store/tabular.ts), before the split is assigned. */
export type TabularOut = Omit<TabularWrite, 'splits'>;

export interface TabularBuilt {
  out: TabularOut;
  vocabularies: { role: string; vocab: Vocabulary; meta?: TabularCollected['meta']['byKey'] }[];
  reports: Record<string, VocabularyReport>;
  report: TabularReport;
}

function stats(values: Float32Array): { rows: number; mean: number; std: number; min: number; max: number } {
  let rows = 0;
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    rows++;
    sum += x;
    sq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = rows ? sum / rows : NaN;
  return { rows, mean, std: rows ? Math.sqrt(Math.max(0, sq / rows - mean * mean)) : NaN, min, max };
}

/** Vocabularies with their cut-offs (a group's own, else `vocab.category`), and the columns remapped to them. */
export function buildTabular(t: TabularCollected, req: Pick<ImportRequest, 'vocab' | 'columnVocab'>): TabularBuilt {
  const vocabs = t.groups.map((g) => buildVocabulary(g.keys, req.columnVocab?.[g.name] ?? req.vocab?.category));
  const reports: Record<string, VocabularyReport> = {};
  t.groups.forEach((g, i) => (reports[g.name] = vocabs[i]!.report));
  const categories = t.categories.map((c) => {
    const ids = c.ids.drain();
    const remap = vocabs[c.group]!.remap;
    for (let r = 0; r < ids.length; r++) ids[r] = remap[ids[r]!]!;
    return { name: c.column, role: categoryRole(t.groups[c.group]!.name), ids };
  });
  const numerics = t.numerics.map((n) => ({ name: n.column, values: n.values.drain() }));
  const values = t.target.values.drain();
  const provisional = t.target.ids.drain();
  const hasClasses = t.target.keys.size <= MAX_TARGET_CLASSES;
  const targetVocab = hasClasses ? buildVocabulary(t.target.keys) : null;
  const classIds = targetVocab
    ? Int32Array.from(provisional, (id) => (id < 0 ? -1 : targetVocab.remap[id]! - 2))
    : null;
  let missing = 0;
  for (const id of provisional) if (id < 0) missing++;
  const numeric = stats(values);
  const columns: TabularColumnReport[] = [
    ...t.groups.map((g, i) => ({ name: g.name, kind: 'category' as const, vocabulary: vocabs[i]!.report })),
    ...numerics.map((n) => {
      const { rows, mean, std, min, max } = stats(n.values);
      return { name: n.name, kind: 'numeric' as const, missing: n.values.length - rows, mean, std, min, max };
    }),
  ];
  const firstGroup = t.categories[0]?.group;
  return {
    out: { rows: values.length, categories, numerics, target: { name: t.target.column, values, classIds } },
    vocabularies: [
      ...t.groups.map((g, i) => ({
        role: categoryRole(g.name),
        vocab: vocabs[i]!,
        meta: i === firstGroup && t.meta.byKey.size > 0 ? t.meta.byKey : undefined,
      })),
      ...(targetVocab ? [{ role: TARGET_ROLE, vocab: targetVocab }] : []),
    ],
    reports,
    report: {
      columns,
      target: {
        name: t.target.column,
        missing,
        classes: targetVocab ? targetVocab.keys.map((value, k) => ({ value, count: targetVocab.counts[k]! })) : null,
        numeric: numeric.rows > 0 ? numeric : null,
      },
    },
  };
}
