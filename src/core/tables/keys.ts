// How each export format writes a key that contains characters its framing uses (spaces, tabs, line breaks,
// commas, quotes). The rules are documented in docs/export-formats.md.

/**
 * Whitespace by both JavaScript's `\s` and Python's `str.isspace` (which adds \x1c–\x1f and \x85): readers
 * split word2vec/GloVe lines with one or the other, so none of these may appear inside a key.
 */
// eslint-disable-next-line no-control-regex -- \x1c–\x1f are whitespace to Python, on purpose
const WHITESPACE = /[\s\x1c-\x1f\x85]/gu;

/** Line breaks as Python's `str.splitlines` sees them (a superset of what `for line in f` splits on). */
// eslint-disable-next-line no-control-regex -- \x1c–\x1e are line breaks to Python, on purpose
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/gu;

/**
 * word2vec (text and binary) and GloVe lines are `key v1 … vdim` split on spaces (gensim splits text lines on
 * " ", binary keys end at the first b" "; GloVe loaders split on any whitespace): every whitespace character
 * becomes `_`, and an empty key becomes `_` so the line still starts with a key.
 */
export function spaceFreeKey(key: string): string {
  if (key.length === 0) return '_';
  return key.replace(WHITESPACE, '_');
}

/** The `.npy` vocabulary file has one key per line: line breaks inside a key become `_`. */
export function lineFreeKey(key: string): string {
  return key.replace(LINE_BREAK, '_');
}

export { csvField, formulaSafe } from '../../shared';

/** Keys after a format's rule, with how many changed and how many now collide with an earlier key. */
export interface SafeKeys {
  keys: string[];
  replaced: number;
  duplicates: number;
}

export function applyKeyRule(keys: readonly string[], rule: (key: string) => string): SafeKeys {
  let replaced = 0;
  const out = keys.map((k) => {
    const safe = rule(k);
    if (safe !== k) replaced++;
    return safe;
  });
  // Keys are unique in a vocabulary, so a collision needs a replaced key: only then is the check worth a Set.
  let duplicates = 0;
  if (replaced > 0) {
    const seen = new Set<string>();
    for (const k of out) {
      if (seen.has(k)) duplicates++;
      else seen.add(k);
    }
  }
  return { keys: out, replaced, duplicates };
}
