// The one resolver of what a person types for a row — a key, or a title or part of one — used by every channel
// and the CLI: the exact key first, then the key in another case, the title (articles and year optional),
// then a unique part of a title. Several matches are an `Ambiguous` error listing them ("did you mean");
// none, a `NotFound` naming the closest keys and titles by character bigrams.
import { WorkbenchError } from '../../shared';
import type { VocabEntry } from '../store/datasets';

export interface NamedRows {
  role: string;
  tableName: string;
  vocab: readonly VocabEntry[];
  byKey: Map<string, number>;
  byIdx: Map<number, VocabEntry>;
  /** Training support per row (more support lists first among matches); null when unknown. */
  counts: Int32Array | null;
}

/** Titles as people type them: lower case, no accents or punctuation, "Lion King, The" → "the lion king". */
export function normalizeTitle(s: string): string {
  let t = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
  // MovieLens and library catalogues move a leading article behind the title: "Lion King, The (1994)".
  t = t.replace(/^(.*), (the|a|an|les|la|le|il|el|der|die|das)( \(\d{4}\))?$/, '$2 $1$3');
  return t
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The title without a trailing year or a leading article: "the matrix 1999" → "matrix". */
const withoutYear = (normalized: string): string =>
  normalized.replace(/ (1[89]|20)\d\d$/, '').replace(/^(the|a|an) (?=.)/, '');

interface Names {
  lowerKey: Map<string, number[]>;
  title: Map<string, number[]>;
  bareTitle: Map<string, number[]>;
  /** Normalised title (or key when there is none) per entry, for substring and similarity search. */
  text: { row: number; text: string }[];
}

const cache = new WeakMap<readonly VocabEntry[], Names>();

function push(map: Map<string, number[]>, key: string, row: number): void {
  const at = map.get(key);
  if (at) at.push(row);
  else map.set(key, [row]);
}

function namesOf(vocab: readonly VocabEntry[]): Names {
  const hit = cache.get(vocab);
  if (hit) return hit;
  const names: Names = { lowerKey: new Map(), title: new Map(), bareTitle: new Map(), text: [] };
  for (const v of vocab) {
    push(names.lowerKey, v.key.toLowerCase(), v.idx);
    if (v.title) {
      const n = normalizeTitle(v.title);
      push(names.title, n, v.idx);
      push(names.bareTitle, withoutYear(n), v.idx);
      names.text.push({ row: v.idx, text: n });
    } else names.text.push({ row: v.idx, text: v.key.toLowerCase() });
  }
  cache.set(vocab, names);
  return names;
}

/** How a row is shown in a "did you mean" list: `Toy Story (1995) [1]`, or the key. */
function shown(t: NamedRows, row: number): string {
  const v = t.byIdx.get(row);
  if (!v) return `row ${row}`;
  return v.title ? `${v.title} [${v.key}]` : v.key;
}

/** Most support first (then vocabulary order), as a person would expect the famous one first. */
function bySupport(t: NamedRows, rows: readonly number[]): number[] {
  const c = t.counts;
  return [...rows].sort((a, b) => (c ? c[b]! - c[a]! : 0) || a - b);
}

const LISTED = 8;

function ambiguous(t: NamedRows, input: string, rows: readonly number[]): WorkbenchError {
  const sorted = bySupport(t, rows);
  const list = sorted.slice(0, LISTED).map((r) => shown(t, r));
  const more = sorted.length > LISTED ? `, … (${sorted.length - LISTED} more)` : '';
  return new WorkbenchError(
    'Ambiguous',
    `"${input}" matches ${sorted.length} ${t.role}s of table ${t.tableName}: did you mean ${list.join(', ')}${more}? ` +
      'Give the key or the full title.',
  );
}

/** Character bigrams of a string, for Dice similarity (typos, missing words). */
function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Up to five rows whose key or title is closest to `input` (Dice ≥ 0.5 on bigrams). */
export function closestRows(t: NamedRows, input: string, limit = 5): number[] {
  const want = normalizeTitle(input);
  const grams = bigrams(want);
  const scored: { row: number; score: number }[] = [];
  for (const { row, text } of namesOf(t.vocab).text) {
    // Lengths far apart cannot reach 0.5: skip the set work for them.
    if (text.length > 3 * want.length + 4 || want.length > 3 * text.length + 4) continue;
    const score = dice(grams, bigrams(withoutYear(text)));
    if (score >= 0.5) scored.push({ row, score });
  }
  scored.sort((a, b) => b.score - a.score || a.row - b.row);
  return scored.slice(0, limit).map((s) => s.row);
}

/** The row `input` names in this table; `Ambiguous` or `NotFound` (with suggestions) otherwise. */
export function resolveRow(t: NamedRows, input: string): number {
  const exact = t.byKey.get(input);
  if (exact !== undefined) return exact;
  const typed = input.trim();
  if (typed === '') throw new WorkbenchError('BadRequest', `name a ${t.role} by its key or title`);
  const names = namesOf(t.vocab);
  const trimmed = t.byKey.get(typed);
  if (trimmed !== undefined) return trimmed;
  // Keys that differ only in case: the most frequent spelling (the lowest index), as gensim's lookups do.
  const cased = names.lowerKey.get(typed.toLowerCase());
  if (cased) return Math.min(...cased);
  const n = normalizeTitle(typed);
  for (const found of [names.title.get(n), names.bareTitle.get(withoutYear(n))]) {
    if (found?.length === 1) return found[0]!;
    if (found && found.length > 1) throw ambiguous(t, typed, found);
  }
  // A part of a title (tables with titles only: for bare keys such as words a typo is likelier than a part).
  if (n.length >= 3 && names.title.size > 0) {
    const parts = names.text.filter((x) => t.byIdx.get(x.row)?.title && x.text.includes(n)).map((x) => x.row);
    if (parts.length === 1) return parts[0]!;
    if (parts.length > 1) throw ambiguous(t, typed, parts);
  }
  const close = closestRows(t, typed);
  const hint = close.length ? `; did you mean ${close.map((r) => shown(t, r)).join(', ')}?` : '';
  throw new WorkbenchError('NotFound', `no ${t.role} "${typed}" in table ${t.tableName} (by key or title)${hint}`);
}
