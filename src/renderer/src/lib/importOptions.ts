// The import's options as the form holds them, which of them apply to a mapping, and the request they make.
import {
  columnsOf,
  datasetKind,
  type DatasetKind,
  type DuplicatePolicy,
  type FilePreview,
  type FileFormat,
  type ImportRequest,
  type Mapping,
  type MetadataFile,
  type SplitSpec,
  type VocabularyCut,
} from '../../../shared';

export type CutRole = 'user' | 'item' | 'event' | 'word' | 'category';
export interface CutDraft {
  minCount: number | null;
  maxSize: number | null;
}
export type SplitKind = SplitSpec['kind'];

/** An item-metadata file chosen beside the main one, with its columns from a preview. */
export interface ItemsDraft extends MetadataFile {
  /** The name the user chose (the path of an upload is the server's). */
  label: string;
  columns: string[];
}

/** A metadata file as its preview read it: the reading pinned, the suggested columns pre-selected. */
export function itemsDraft(label: string, preview: FilePreview): ItemsDraft {
  const s = preview.suggestedMapping;
  const reading =
    preview.format === 'jsonl'
      ? { format: preview.format }
      : { format: preview.format, delimiter: preview.delimiter, hasHeader: preview.hasHeader };
  return {
    path: preview.path,
    label,
    columns: preview.columns,
    ...reading,
    key: s.item ?? preview.columns[0] ?? '',
    title: s.title ?? '',
    genres: s.genres ?? '',
  };
}

/** Numbers are null while their field is empty (an optional limit, or a value being typed). */
export interface OptionsDraft {
  splitKind: SplitKind;
  valid: number | null;
  test: number | null;
  leaveLastN: number | null;
  /** Cold-items split: the share of items held out entirely. */
  coldItems: number | null;
  seed: number | null;
  duplicates: DuplicatePolicy;
  vocab: Record<CutRole, CutDraft>;
  /** A category column's (or group's) own cut-off, over the one of `category`; absent: that one. */
  columnVocab: Record<string, CutDraft>;
  numWords: number | null;
  lower: boolean;
  maxSequenceLength: number | null;
  /** Interactions with user and time but no session: also cut each user's rows into sequences. */
  gapSequences: boolean;
  sessionGapMinutes: number | null;
  items: ItemsDraft | null;
}

/** The importer's own defaults, shown as values so the analyst sees what happens when nothing is changed. */
export function defaultOptions(mapping: Mapping = {}): OptionsDraft {
  const cut = () => ({ minCount: 1, maxSize: null });
  return {
    splitKind: mapping.split ? 'column' : 'random',
    valid: 0.1,
    test: 0.1,
    leaveLastN: 1,
    coldItems: 0.1,
    seed: 42,
    duplicates: 'keep',
    vocab: { user: cut(), item: cut(), event: cut(), word: cut(), category: cut() },
    columnVocab: {},
    numWords: null,
    lower: true,
    maxSequenceLength: 10_000,
    gapSequences: false,
    sessionGapMinutes: 30,
    items: null,
  };
}

export interface SplitChoice {
  kind: SplitKind;
  label: string;
  /** Why it cannot be used with this mapping; null when it can. */
  unavailable: string | null;
}

export interface Applicable {
  kind: DatasetKind | null;
  splits: SplitChoice[];
  /** Interactions only: what to do with a repeated (user, item) pair. */
  duplicates: boolean;
  vocabRoles: CutRole[];
  /** A table's category columns (and groups), each with a vocabulary of its own. */
  categoryColumns: string[];
  /** Tokenizer and document length. */
  text: boolean;
  /** `required`: sequences are cut at time gaps; `optional`: interactions may also be cut into sequences. */
  sessionGap: 'required' | 'optional' | null;
  items: boolean;
}

export function applicableOptions(mapping: Mapping, format: FileFormat): Applicable {
  const kind = datasetKind(mapping, format);
  const has = (role: keyof Mapping): boolean => columnsOf(mapping, role).length > 0;
  const text = kind === 'text';
  const vocabRoles = (['user', 'item', 'event', 'category'] as const).filter((r) => !text && has(r));
  const gapPossible = !text && !has('session') && has('user') && has('timestamp');
  return {
    kind,
    splits: [
      { kind: 'random', label: 'random', unavailable: null },
      { kind: 'leaveLast', label: 'leave last N per user', unavailable: has('user') ? null : 'needs a user column' },
      { kind: 'chrono', label: 'chronological', unavailable: has('timestamp') ? null : 'needs a timestamp column' },
      {
        kind: 'column',
        label: "the file's split column",
        unavailable: has('split') ? null : 'map a split column first',
      },
      {
        kind: 'coldItems',
        label: 'hold out some items entirely (cold start)',
        unavailable: kind === 'interactions' ? null : 'needs user × item interactions',
      },
    ],
    duplicates: kind === 'interactions',
    vocabRoles: text ? ['word'] : vocabRoles,
    categoryColumns: kind === 'tabular' ? columnsOf(mapping, 'category') : [],
    text,
    sessionGap: !gapPossible ? null : kind === 'sequences' ? 'required' : kind === 'interactions' ? 'optional' : null,
    items: !text && has('item'),
  };
}

const whole = (v: number | null, min: number): boolean => v !== null && Number.isInteger(v) && v >= min;

/** What keeps these options from being sent, in plain words; empty when they are fine. */
export function optionProblems(d: OptionsDraft, a: Applicable): string[] {
  const problems: string[] = [];
  const split = a.splits.find((s) => s.kind === d.splitKind);
  if (split?.unavailable) problems.push(`Split “${split.label}” ${split.unavailable}.`);
  if (d.splitKind === 'coldItems' && !(d.coldItems !== null && d.coldItems > 0 && d.coldItems < 1))
    problems.push('The share of items held out must be above 0 and below 1.');
  if (d.splitKind === 'random' || d.splitKind === 'chrono' || d.splitKind === 'coldItems') {
    const { valid, test } = d;
    if (valid === null || test === null || valid < 0 || test < 0 || valid + test >= 1) {
      problems.push('Valid and test fractions must be 0 or more and leave some training data (together below 1).');
    }
  }
  if (d.splitKind === 'leaveLast' && !whole(d.leaveLastN, 1)) problems.push('Leave-last N must be a whole number ≥ 1.');
  if (d.splitKind === 'random' && !whole(d.seed, 0)) problems.push('The seed must be a whole number ≥ 0.');
  const cuts: [string, CutDraft][] = [
    ...a.vocabRoles.map((role): [string, CutDraft] => [role, d.vocab[role]]),
    ...a.categoryColumns.flatMap((c): [string, CutDraft][] => (d.columnVocab[c] ? [[c, d.columnVocab[c]]] : [])),
  ];
  for (const [name, { minCount, maxSize }] of cuts) {
    if (!whole(minCount, 1)) problems.push(`Minimum count of ${name} must be a whole number ≥ 1.`);
    if (maxSize !== null && !whole(maxSize, 1)) problems.push(`Maximum size of ${name} must be a whole number ≥ 1.`);
  }
  if (a.text) {
    if (d.numWords !== null && !whole(d.numWords, 3)) {
      problems.push('numWords must be a whole number ≥ 3 (it counts padding and OOV, as in Keras).');
    }
    if (!whole(d.maxSequenceLength, 1)) problems.push('Words per sequence must be a whole number ≥ 1.');
  }
  const gap = a.sessionGap === 'required' || (a.sessionGap === 'optional' && d.gapSequences);
  if (gap && !(d.sessionGapMinutes !== null && d.sessionGapMinutes > 0)) {
    problems.push('The session gap must be more than 0 minutes.');
  }
  return problems;
}

type OptionFields = Pick<
  ImportRequest,
  | 'split'
  | 'seed'
  | 'duplicates'
  | 'vocab'
  | 'columnVocab'
  | 'tokenizer'
  | 'maxSequenceLength'
  | 'sessionGapMinutes'
  | 'items'
>;

/** The request's cut-off from a draft's: only what differs from keeping every id. */
function cutOf({ minCount, maxSize }: CutDraft): VocabularyCut {
  const cut: VocabularyCut = {};
  if (minCount !== null && minCount !== 1) cut.minCount = minCount;
  if (maxSize !== null) cut.maxSize = maxSize;
  return cut;
}

function splitSpec(d: OptionsDraft): SplitSpec {
  switch (d.splitKind) {
    case 'random':
    case 'chrono':
      return { kind: d.splitKind, valid: d.valid ?? undefined, test: d.test ?? undefined };
    case 'leaveLast':
      return { kind: 'leaveLast', n: d.leaveLastN ?? undefined };
    case 'column':
      return { kind: 'column' };
    case 'coldItems':
      return {
        kind: 'coldItems',
        items: d.coldItems ?? undefined,
        valid: d.valid ?? undefined,
        test: d.test ?? undefined,
      };
  }
}

/** The request fields of the options that apply; options that do not apply are left out, not sent empty. */
export function requestOptions(d: OptionsDraft, a: Applicable): OptionFields {
  const out: OptionFields = { split: splitSpec(d) };
  if ((d.splitKind === 'random' || d.splitKind === 'coldItems') && d.seed !== null) out.seed = d.seed;
  if (a.duplicates) out.duplicates = d.duplicates;
  const vocab: NonNullable<ImportRequest['vocab']> = {};
  for (const role of a.vocabRoles) {
    const cut = cutOf(d.vocab[role]);
    if (Object.keys(cut).length > 0) vocab[role] = cut;
  }
  if (Object.keys(vocab).length > 0) out.vocab = vocab;
  // A column's own cut is sent whole (a min count of 1 there undoes the one of `category`).
  const columnVocab = Object.fromEntries(
    a.categoryColumns.flatMap((c) => {
      const draft = d.columnVocab[c];
      return draft
        ? [[c, { minCount: draft.minCount ?? 1, ...(draft.maxSize !== null ? { maxSize: draft.maxSize } : {}) }]]
        : [];
    }),
  );
  if (Object.keys(columnVocab).length > 0) out.columnVocab = columnVocab;
  if (a.text) {
    out.tokenizer = d.numWords !== null ? { lower: d.lower, numWords: d.numWords } : { lower: d.lower };
    if (d.maxSequenceLength !== null) out.maxSequenceLength = d.maxSequenceLength;
  }
  const gap = a.sessionGap === 'required' || (a.sessionGap === 'optional' && d.gapSequences);
  if (gap && d.sessionGapMinutes !== null) out.sessionGapMinutes = d.sessionGapMinutes;
  if (a.items && d.items) {
    const { path, format, delimiter, hasHeader, encoding, key, title, genres } = d.items;
    // Empty choices are left out: the importer then guesses those columns from their names.
    const chosen = Object.entries({ format, delimiter, hasHeader, encoding, key, title, genres }).filter(
      ([, v]) => v !== undefined && v !== '',
    );
    out.items = { path, ...Object.fromEntries(chosen) };
  }
  return out;
}
