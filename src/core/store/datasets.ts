// Repository of datasets, their vocabularies and interactions.
import type { DatasetKind, DatasetSummary, FileFormat, KeyRow, Mapping } from '../../shared';
import { tokenPacker, unpackRange, type WideTokens } from './packedTokens';
import { WorkbenchError } from '../../shared';
import type { Db } from './db';
import { annotationOf } from './annotations';

export interface NewDataset {
  name: string;
  sourcePath: string;
  format: FileFormat;
  mapping: Mapping;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  ratingMin: number;
  ratingMax: number;
}

export function insertDataset(db: Db, d: NewDataset): number {
  const info = db
    .prepare(
      `INSERT INTO datasets (name, source_path, format, mapping_json, rows_read, rows_imported, rows_rejected, rating_min, rating_max)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      d.name,
      d.sourcePath,
      d.format,
      JSON.stringify(d.mapping),
      d.rowsRead,
      d.rowsImported,
      d.rowsRejected,
      d.ratingMin,
      d.ratingMax,
    );
  return Number(info.lastInsertRowid);
}

interface DatasetRow {
  id: number;
  kind: DatasetKind;
  sequences: number;
  name: string;
  source_path: string;
  format: FileFormat;
  mapping_json: string;
  rows_imported: number;
  rating_min: number;
  rating_max: number;
  created_at: string;
  users: number;
  items: number;
  item_features: number;
  user_features: number;
  note: string | null;
  tags_json: string | null;
}

const SELECT_DATASETS = `
  SELECT d.*, (SELECT COUNT(*) FROM vocab v WHERE v.dataset_id = d.id AND v.role = 'user') AS users,
              (SELECT COUNT(*) FROM vocab v WHERE v.dataset_id = d.id AND v.role = 'item') AS items,
              (SELECT COUNT(*) FROM vocab v WHERE v.dataset_id = d.id AND v.role = 'item_feature') AS item_features,
              (SELECT COUNT(*) FROM vocab v WHERE v.dataset_id = d.id AND v.role = 'user_feature') AS user_features,
              (SELECT COUNT(*) FROM sequences s WHERE s.dataset_id = d.id) AS sequences
  FROM datasets d`;

function toSummary(r: DatasetRow): DatasetSummary {
  return {
    id: r.id,
    name: r.name,
    sourcePath: r.source_path,
    format: r.format,
    kind: r.kind,
    mapping: JSON.parse(r.mapping_json) as Mapping,
    rows: r.rows_imported,
    sequences: r.sequences,
    users: r.users,
    items: r.items,
    ratingMin: r.rating_min,
    ratingMax: r.rating_max,
    createdAt: r.created_at,
    ...(r.item_features ? { itemFeatures: r.item_features } : {}),
    ...(r.user_features ? { userFeatures: r.user_features } : {}),
    ...annotationOf({ note: r.note, tags_json: r.tags_json }),
  };
}

export function listDatasets(db: Db): DatasetSummary[] {
  return (db.prepare(`${SELECT_DATASETS} ORDER BY d.id`).all() as DatasetRow[]).map(toSummary);
}

export function getDatasetByName(db: Db, name: string): DatasetSummary {
  const row = db.prepare(`${SELECT_DATASETS} WHERE d.name = ?`).get(name) as DatasetRow | undefined;
  if (!row) {
    const known = listDatasets(db).map((d) => d.name);
    throw new WorkbenchError(
      'NotFound',
      `no dataset "${name}"${known.length ? `; datasets: ${known.join(', ')}` : '; import one first'}`,
    );
  }
  return toSummary(row);
}

export function getDatasetById(db: Db, id: number): DatasetSummary {
  const row = db.prepare(`${SELECT_DATASETS} WHERE d.id = ?`).get(id) as DatasetRow | undefined;
  if (!row) throw new WorkbenchError('NotFound', `no dataset with id ${id}`);
  return toSummary(row);
}

/** Interactions as typed columns, the shape training wants. */
export interface InteractionColumns {
  users: Int32Array;
  items: Int32Array;
  /** The rating column; without one the weights (as older readers expect), or 1 for every row. */
  ratings: Float32Array;
  /** The `weight` column (quantity, play count …) when the import mapped one: what ials's confidence grows with. */
  weights?: Float32Array;
  splits: Uint8Array;
  numUsers: number;
  numItems: number;
}

const floats32 = (b: Buffer): Float32Array => new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
const ints32 = (b: Buffer): Int32Array => new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);

/**
 * Reads a dataset's interactions; `numUsers`/`numItems` are table sizes including PAD and OOV. Without a
 * rating column, `ratings` holds the weights, or 1 for every row (implicit feedback); `weights` is the weight
 * column itself, whether or not there is a rating.
 */
export function loadInteractions(db: Db, datasetId: number, share = false): InteractionColumns {
  const chunks = db
    .prepare(
      'SELECT rows, users, items, ratings, weights, splits FROM interaction_chunks WHERE dataset_id = ? ORDER BY chunk',
    )
    .all(datasetId) as {
    rows: number;
    users: Buffer;
    items: Buffer;
    ratings: Buffer | null;
    weights: Buffer | null;
    splits: Buffer;
  }[];
  const legacy = chunks.length === 0;
  const n = legacy
    ? (db.prepare('SELECT COUNT(*) AS n FROM interactions WHERE dataset_id = ?').get(datasetId) as { n: number }).n
    : chunks.reduce((a, c) => a + c.rows, 0);
  const alloc = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
    share ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const users = new Int32Array(alloc(n * 4));
  const items = new Int32Array(alloc(n * 4));
  const ratings = new Float32Array(alloc(n * 4));
  const splits = new Uint8Array(alloc(n));
  const weights = chunks.some((c) => c.weights) ? new Float32Array(alloc(n * 4)) : undefined;
  if (legacy) {
    // Datasets imported before interaction_chunks existed (schema version 1): one row per interaction.
    let i = 0;
    const rows = db
      .prepare('SELECT user_idx, item_idx, rating, split FROM interactions WHERE dataset_id = ? ORDER BY rowid')
      .raw()
      .iterate(datasetId) as IterableIterator<[number, number, number, number]>;
    for (const [u, it, r, s] of rows) {
      users[i] = u;
      items[i] = it;
      ratings[i] = r;
      splits[i] = s;
      i++;
    }
  } else {
    let at = 0;
    for (const c of chunks) {
      users.set(ints32(c.users), at);
      items.set(ints32(c.items), at);
      if (c.ratings ?? c.weights) ratings.set(floats32((c.ratings ?? c.weights)!), at);
      else ratings.fill(1, at, at + c.rows);
      if (weights && c.weights) weights.set(floats32(c.weights), at);
      splits.set(c.splits, at);
      at += c.rows;
    }
  }
  const size = (role: string): number =>
    (
      db
        .prepare('SELECT COALESCE(MAX(idx), 1) + 1 AS n FROM vocab WHERE dataset_id = ? AND role = ?')
        .get(datasetId, role) as { n: number }
    ).n;
  return {
    users,
    items,
    ratings,
    ...(weights ? { weights } : {}),
    splits,
    numUsers: size('user'),
    numItems: size('item'),
  };
}

/** A dataset's token sequences as CSR, with the vocabulary they index. */
export interface SequenceColumns {
  /** The vocabulary role of the tokens: `word`, `item` or `event`. */
  role: string;
  tokens: Int32Array;
  /** Sequence s is tokens[offsets[s] .. offsets[s + 1]). */
  offsets: Int32Array;
  splits: Uint8Array;
  /** Table rows: the vocabulary size including PAD and OOV. */
  rows: number;
}

/** Sequences as SequenceColumns, their tokens packed (packedTokens.ts): word2vec's CPU engine reads these. */
export interface PackedSequenceColumns extends Omit<SequenceColumns, 'tokens'> {
  tokens: Uint16Array;
  wide: WideTokens;
}

/** The columns with plain Int32 tokens (a packed corpus unpacked, for code that reads ids directly). */
export function unpacked(columns: SequenceColumns | PackedSequenceColumns): SequenceColumns {
  if (!('wide' in columns)) return columns;
  const { wide, ...rest } = columns;
  return { ...rest, tokens: unpackRange({ tokens: columns.tokens, wide }, 0, columns.tokens.length) };
}

/** How much of a corpus is read between two calls of a reader's `collect`. */
const COLLECT_BYTES = 2 << 20;

/**
 * A corpus left in the database: its shape and each id's count over all its tokens, not the tokens, which word2vec
 * reads a chunk at a time (sequenceTokenReader). `stored` says where they are.
 */
export interface StoredSequenceColumns extends Omit<SequenceColumns, 'tokens'> {
  /** Occurrences of each vocabulary id over every sequence. */
  counts: Float64Array;
  stored: { dbPath: string; datasetId: number };
}

interface SequenceRow {
  split: number;
  length: number;
  tokens: Buffer;
}

/**
 * A dataset's sequences one row at a time, in order, after their count, token total and role. Each row arrives as
 * a new Buffer, garbage at once: `collect`, when given, runs after each COLLECT_BYTES read, so that a caller able to
 * collect it (train/sequencesWorker.ts) keeps it from piling up.
 */
function readSequences(
  db: Db,
  datasetId: number,
  collect: (() => void) | undefined,
): { count: number; total: number; role: string; rows: () => Iterable<SequenceRow> } {
  const { count, total, role } = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(length), 0) AS total,
              (SELECT role FROM sequences WHERE dataset_id = $id ORDER BY seq LIMIT 1) AS role
       FROM sequences WHERE dataset_id = $id`,
    )
    .get({ id: datasetId }) as { count: number; total: number; role: string | null };
  if (count === 0 || role === null)
    throw new WorkbenchError('DatasetInvalid', 'this dataset has no sequences; import a session, event or text column');
  function* rows(): Iterable<SequenceRow> {
    const paced = pacedCollection(collect);
    const it = db
      .prepare('SELECT split, length, tokens FROM sequences WHERE dataset_id = ? ORDER BY seq')
      .iterate(datasetId) as IterableIterator<SequenceRow>;
    for (const r of it) {
      yield r;
      paced(r.tokens.byteLength);
    }
  }
  return { count, total, role, rows };
}

/** Counts the bytes read and calls `collect` (if any) after each COLLECT_BYTES of them. */
function pacedCollection(collect: (() => void) | undefined): (bytes: number) => void {
  let read = 0;
  return (bytes) => {
    read += bytes;
    if (collect && read >= COLLECT_BYTES) {
      collect();
      read = 0;
    }
  };
}

/** The table rows of a role: its vocabulary size including PAD and OOV. */
const vocabRows = (db: Db, datasetId: number, role: string): number =>
  (
    db
      .prepare('SELECT COALESCE(MAX(idx), 1) + 1 AS n FROM vocab WHERE dataset_id = ? AND role = ?')
      .get(datasetId, role) as { n: number }
  ).n;

/**
 * Reads a dataset's sequences as CSR, one BLOB at a time (a corpus is read once, not held twice); `share`
 * allocates them in SharedArrayBuffers for worker threads, up front; `pack` keeps the tokens packed
 * (packedTokens.ts; its few wide ids stay plain). `collect`: see readSequences.
 */
export function loadSequences(db: Db, datasetId: number, share?: boolean): SequenceColumns;
export function loadSequences(
  db: Db,
  datasetId: number,
  share: boolean,
  pack: boolean,
  collect?: () => void,
): SequenceColumns | PackedSequenceColumns;
export function loadSequences(
  db: Db,
  datasetId: number,
  share = false,
  pack = false,
  collect?: () => void,
): SequenceColumns | PackedSequenceColumns {
  const { count, total, role, rows } = readSequences(db, datasetId, collect);
  const alloc = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
    share ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const packer = pack ? tokenPacker(total, alloc) : null;
  const tokens = packer ? null : new Int32Array(alloc(total * 4));
  const offsets = new Int32Array(alloc((count + 1) * 4));
  const splits = new Uint8Array(alloc(count));
  let s = 0;
  for (const r of rows()) {
    if (packer) packer.add(ints32(r.tokens));
    else tokens!.set(ints32(r.tokens), offsets[s]!);
    offsets[s + 1] = offsets[s]! + r.length;
    splits[s++] = r.split;
  }
  const size = vocabRows(db, datasetId, role);
  return packer
    ? { role, ...packer.done(), offsets, splits, rows: size }
    : { role, tokens: tokens!, offsets, splits, rows: size };
}

/**
 * A dataset's sequences without their tokens (StoredSequenceColumns): one pass counts them. The arrays are shared
 * (SharedArrayBuffer) and allocated before the rows are read. `collect`: see readSequences.
 */
export function loadSequenceCounts(
  db: Db,
  dbPath: string,
  datasetId: number,
  collect?: () => void,
): StoredSequenceColumns {
  const { count, role, rows } = readSequences(db, datasetId, collect);
  const size = vocabRows(db, datasetId, role);
  const offsets = new Int32Array(new SharedArrayBuffer((count + 1) * 4));
  const splits = new Uint8Array(new SharedArrayBuffer(count));
  const counts = new Float64Array(new SharedArrayBuffer(size * 8));
  let s = 0;
  for (const r of rows()) {
    const ids = ints32(r.tokens);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < 0 || id >= size) throw outsideVocabulary(s, id, size);
      counts[id]!++;
    }
    offsets[s + 1] = offsets[s]! + r.length;
    splits[s++] = r.split;
  }
  return { role, offsets, splits, rows: size, counts, stored: { dbPath, datasetId } };
}

/** Is the dataset a text corpus (word sequences) with every sequence in train (split 0)? */
export function isWholeText(db: Db, datasetId: number): boolean {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS n, SUM(role = 'word') AS words, SUM(split = 0) AS train
       FROM sequences WHERE dataset_id = ?`,
    )
    .get(datasetId) as { n: number; words: number | null; train: number | null };
  return r.n > 0 && r.words === r.n && r.train === r.n;
}

const outsideVocabulary = (seq: number, id: number, size: number): WorkbenchError =>
  new WorkbenchError(
    'DatasetInvalid',
    `sequence ${seq} holds token id ${id}, outside its vocabulary of ${size}: the dataset is damaged; import it again`,
  );

/**
 * Reads the tokens of sequences [from, to) of a stored corpus (loadSequenceCounts) into `into`, or into a larger
 * array when it is too short, and returns that array. Checks that the rows are the ones counted: `offsets` gives
 * their lengths, ids stay below `size`. Each call's rows are garbage at once: `collect` as for readSequences.
 */
export function sequenceTokenReader(
  db: Db,
  datasetId: number,
  offsets: Int32Array,
  size: number,
  collect?: () => void,
): (from: number, to: number, into: Int32Array) => Int32Array {
  const stmt = db.prepare(
    'SELECT seq, length, tokens FROM sequences WHERE dataset_id = ? AND seq >= ? AND seq < ? ORDER BY seq',
  );
  const paced = pacedCollection(collect);
  return (from, to, into) => {
    const need = offsets[to]! - offsets[from]!;
    const out = into.length >= need ? into : new Int32Array(Math.max(need, 2 * into.length));
    let s = from;
    let at = 0;
    for (const r of stmt.iterate(datasetId, from, to) as IterableIterator<{ seq: number } & SequenceRow>) {
      if (r.seq !== s || r.length !== offsets[s + 1]! - offsets[s]!)
        throw new WorkbenchError('DatasetInvalid', `sequence ${s} changed while training read it; train again`);
      const ids = ints32(r.tokens);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (id < 0 || id >= size) throw outsideVocabulary(s, id, size);
        out[at++] = id;
      }
      s++;
      paced(r.tokens.byteLength);
    }
    if (s !== to)
      throw new WorkbenchError(
        'DatasetInvalid',
        `sequence ${s} is no longer in the database: the dataset was removed while training read it`,
      );
    return out;
  };
}

/** Sequences with the label each carries (datasets imported with a `label` column), for the classifier. */
export interface LabelledSequences extends SequenceColumns {
  /** Per sequence, its class: the label's vocabulary index − 2; −1 when it has no label. */
  labels: Int32Array;
  /** Label keys by class (vocabulary order: most frequent first). */
  classes: string[];
}

export function loadLabelledSequences(db: Db, datasetId: number): LabelledSequences {
  const seqs = loadSequences(db, datasetId);
  const labelIdx = db
    .prepare('SELECT label_idx FROM sequences WHERE dataset_id = ? ORDER BY seq')
    .raw()
    .all(datasetId) as [number | null][];
  const classes = (
    db
      .prepare(`SELECT key FROM vocab WHERE dataset_id = ? AND role = 'label' AND idx >= 2 ORDER BY idx`)
      .all(datasetId) as { key: string }[]
  ).map((r) => r.key);
  const labels = Int32Array.from(labelIdx, ([l]) => (l !== null && l >= 2 ? l - 2 : -1));
  if (classes.length === 0 || !labels.some((l) => l >= 0))
    throw new WorkbenchError(
      'DatasetInvalid',
      'this dataset has no labels; a classifier needs sequences with a label: import the file again with a ' +
        '`label` column mapped beside `text` or `session` (--map text=…,label=…)',
    );
  if (classes.length < 2)
    throw new WorkbenchError(
      'DatasetInvalid',
      `every labelled sequence has the same label ("${classes[0]}"); a classifier needs at least 2 labels`,
    );
  return { ...seqs, labels, classes };
}

/** Keys of a vocabulary, most frequent first, optionally filtered by a substring of key or title. */
export function searchKeys(db: Db, datasetId: number, role: string, query: string, limit: number): KeyRow[] {
  const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT key, title, count FROM vocab WHERE dataset_id = ? AND role = ?
       AND (key LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\') ORDER BY idx LIMIT ?`,
    )
    .all(datasetId, role, like, like, limit) as KeyRow[];
}

export interface VocabEntry {
  idx: number;
  key: string;
  count: number;
  title: string | null;
  genres: string[];
  /** An item metadata file's other columns (year, country…), when it had any. */
  columns?: Record<string, string>;
}

/** The metadata columns any entry carries, in the order first met (the metadata file's order). */
export function metaColumnNames(entries: readonly (VocabEntry | null)[]): string[] {
  const names = new Set<string>();
  for (const v of entries) for (const name of Object.keys(v?.columns ?? {})) names.add(name);
  return [...names];
}

/** meta_json: `{genres?, columns?}` (docs/import.md). */
interface VocabMeta {
  genres?: string[];
  columns?: Record<string, string>;
}

/** The whole vocabulary of a role, by index (real ids only: idx ≥ 2). */
export function loadVocabulary(db: Db, datasetId: number, role: string): VocabEntry[] {
  const rows = db
    .prepare('SELECT idx, key, count, title, meta_json FROM vocab WHERE dataset_id = ? AND role = ? ORDER BY idx')
    .all(datasetId, role) as {
    idx: number;
    key: string;
    count: number;
    title: string | null;
    meta_json: string | null;
  }[];
  return rows.map((r) => {
    const meta = r.meta_json ? (JSON.parse(r.meta_json) as VocabMeta) : {};
    const entry: VocabEntry = { idx: r.idx, key: r.key, count: r.count, title: r.title, genres: meta.genres ?? [] };
    if (meta.columns) entry.columns = meta.columns;
    return entry;
  });
}

export function lookupIndex(db: Db, datasetId: number, role: string, key: string): number {
  const row = db
    .prepare('SELECT idx FROM vocab WHERE dataset_id = ? AND role = ? AND key = ?')
    .get(datasetId, role, key) as { idx: number } | undefined;
  if (!row) throw new WorkbenchError('NotFound', `no ${role} "${key}" in this dataset's vocabulary`);
  return row.idx;
}
