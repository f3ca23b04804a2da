// The streaming pass of an import: every row validated, keys given provisional ids, values kept in typed
// columns. Nothing is written here; a rejected row is counted and (the first 100) kept with its line.
import type { ImportRequest, Mapping, Role } from '../../shared';
import { mappedColumns, WorkbenchError } from '../../shared';
import { float32Column, float64Column, int32Column, KeyIds, uint8Column, type Column } from './columns';
import { listColumns, type Layout } from './formats';
import { recordBatches, rowBatches } from './records';
import { decimalNumber, RowView } from './rowView';
import { splitRecord } from './delimited';
import type { SourceOptions } from './source';
import { parseSplit, NO_SPLIT } from './split';
import { createTokenizer, textPieces, type Tokenize } from './text';
import { splitGenres } from './genres';
import { collectTabularRow, newTabular, type TabularCollected } from './tabular';

const KEPT_REJECTS = 100;

export interface Collected {
  read: number;
  rejected: number;
  rejects: { line: number; reason: string }[];
  /** Accepted rows (interactions or events); documents for a text corpus are in `docs`. */
  rows: number;
  keys: { user: KeyIds; item: KeyIds; event: KeyIds; word: KeyIds; label: KeyIds; session: KeyIds };
  /** Per accepted row; null when the role is not mapped. Ids are provisional (first appearance). */
  cols: {
    user: Column<Int32Array> | null;
    item: Column<Int32Array> | null;
    /** Float32: ratings and weights need no more, and a 25M-row import must stay well under 1 GB. */
    rating: Column<Float32Array> | null;
    weight: Column<Float32Array> | null;
    ts: Column<Float64Array> | null;
    session: Column<Int32Array> | null;
    event: Column<Int32Array> | null;
    label: Column<Int32Array> | null;
    /** 0/1/2, or NO_SPLIT. */
    split: Column<Uint8Array> | null;
  };
  /** Word documents (a text corpus, or a `text` column): tokens[docStart[d] .. docStart[d+1]). */
  docs: { tokens: Column<Int32Array>; start: Column<Int32Array>; row: Column<Int32Array> } | null;
  itemMeta: Map<string, { title: string | null; genres: string[] }>;
  /** A tabular dataset's category, numeric and target columns (ingest/tabular.ts); null for other kinds. */
  tabular: TabularCollected | null;
}

/** 3000-01-01T00:00:00Z in epoch seconds: later times (and any before 1970) are taken for mistakes. */
export const YEAR_3000 = 32_503_680_000;

/** Epoch seconds from an epoch number: above 1e11 it is milliseconds (1e11 s would be the year 5138). */
const epochSeconds = (n: number): number => (n > 1e11 ? Math.floor(n / 1000) : n);

/** Why a cell is not a number we accept (a hex literal reads as 16 to JavaScript, not to an analyst). */
const notNumber = (role: string, raw: string): string =>
  /^\s*[+-]?0[xXbBoO]/.test(raw)
    ? `${role} "${raw}" is not a decimal number`
    : `${role} "${raw}" is not a finite number`;

/** Epoch seconds from epoch seconds, epoch milliseconds or an ISO-8601 date; null when empty. */
export function parseTimestamp(value: string): number | null | undefined {
  const v = value.trim();
  if (v === '') return null;
  const n = decimalNumber(v);
  if (Number.isFinite(n)) return epochSeconds(n);
  // `YYYY-MM-DD HH:MM:SS` (a space instead of T) is common in logs; read it as UTC like the ISO form.
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(v) ? v.replace(' ', 'T') : v;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export function newCollected(mapping: Mapping, textCorpus: boolean): Collected {
  const has = (r: Role): boolean => mappedColumns(mapping, r).length > 0;
  const text = textCorpus || has('text');
  return {
    read: 0,
    rejected: 0,
    rejects: [],
    rows: 0,
    keys: {
      user: new KeyIds(),
      item: new KeyIds(),
      event: new KeyIds(),
      word: new KeyIds(),
      label: new KeyIds(),
      session: new KeyIds(),
    },
    cols: {
      user: has('user') ? int32Column() : null,
      item: has('item') ? int32Column() : null,
      rating: has('rating') ? float32Column() : null,
      weight: has('weight') ? float32Column() : null,
      ts: has('timestamp') ? float64Column() : null,
      session: has('session') ? int32Column() : null,
      event: has('event') ? int32Column() : null,
      label: has('label') ? int32Column() : null,
      split: has('split') ? uint8Column() : null,
    },
    docs: text ? { tokens: int32Column(), start: int32Column(), row: int32Column() } : null,
    itemMeta: new Map(),
    tabular: null,
  };
}

function reject(c: Collected, line: number, reason: string): void {
  c.rejected++;
  if (c.rejects.length < KEPT_REJECTS) c.rejects.push({ line, reason });
}

/** Column positions of each mapped role; every named column must exist. */
export function resolveColumns(
  path: string,
  mapping: Mapping,
  columns: readonly string[],
): Partial<Record<Role, number[]>> {
  const out: Partial<Record<Role, number[]>> = {};
  for (const role of Object.keys(mapping) as Role[]) {
    const at = mappedColumns(mapping, role).map((column) => {
      const i = columns.indexOf(column);
      if (i < 0)
        throw new WorkbenchError(
          'BadRequest',
          `${path}: no column "${column}" (for ${role}); columns are ${listColumns(columns)}`,
        );
      return i;
    });
    if (at.length) out[role] = at;
  }
  return out;
}

/**
 * Calls `reserve` once, early, with the row count the file will probably have (rows per byte so far × size,
 * plus 10%): the columns then grow once instead of many times. For gzip the bytes are compressed bytes, which
 * estimates as well.
 */
function withSizeHint(source: SourceOptions, rows: () => number, reserve: (rows: number) => void): SourceOptions {
  let done = false;
  return {
    ...source,
    onBytes: (bytes, total) => {
      source.onBytes?.(bytes, total);
      if (!done && rows() >= 200_000 && bytes > 0) {
        done = true;
        reserve((rows() / bytes) * total * 1.1);
      }
    },
  };
}

function reserveAll(c: Collected, rows: number): void {
  for (const col of Object.values(c.cols)) col?.reserve(rows);
}

type OnRow = (line: number, view: RowView | null, error?: string) => void;

/** Calls `onRow` for every data row of a delimited or JSON Lines file, seen through one reused RowView. */
async function forEachRow(path: string, layout: Layout, source: SourceOptions, onRow: OnRow): Promise<void> {
  const view = new RowView(layout.columns.length);
  const width = layout.columns.length;
  if (layout.format === 'jsonl') {
    for await (const rows of rowBatches(path, layout, source)) {
      for (const row of rows) {
        if (row.fields) view.setFields(row.fields);
        onRow(row.line, row.fields ? view : null, row.error);
      }
    }
    return;
  }
  const quoted = layout.delimiter.length === 1;
  for await (const records of recordBatches(path, layout, source)) {
    for (const rec of records) {
      if (quoted && rec.text.includes('"')) {
        let fields: string[];
        try {
          fields = splitRecord(rec.text, layout.delimiter);
        } catch (err) {
          onRow(rec.line, null, (err as Error).message);
          continue;
        }
        if (fields.length !== width) onRow(rec.line, null, `expected ${width} fields, found ${fields.length}`);
        else {
          view.setFields(fields);
          onRow(rec.line, view);
        }
      } else {
        const found = view.setText(rec.text, layout.delimiter, width);
        if (found !== width) onRow(rec.line, null, `expected ${width} fields, found ${found}`);
        else onRow(rec.line, view);
      }
    }
  }
}

/** Reads every data row of a delimited or JSON Lines file into `c`. */
export async function collectRows(
  path: string,
  layout: Layout,
  req: ImportRequest,
  mapping: Mapping,
  c: Collected,
  source: SourceOptions,
): Promise<void> {
  const at = resolveColumns(path, mapping, layout.columns);
  const one = (role: Role): number => at[role]?.[0] ?? -1;
  const [iUser, iItem, iRating, iWeight, iTs, iSession, iLabel, iSplit, iTitle, iGenres, iText] = (
    ['user', 'item', 'rating', 'weight', 'timestamp', 'session', 'label', 'split', 'title', 'genres', 'text'] as Role[]
  ).map(one) as number[];
  const eventCols = at.event ?? [];
  const eventNames = eventCols.map((i) => layout.columns[i]!);
  const tokenize: Tokenize | null = iText! >= 0 ? createTokenizer(req.tokenizer) : null;
  const { cols, keys } = c;
  const tabular = mapping.target ? newTabular(path, mapping, layout.columns) : null;
  c.tabular = tabular;
  const hinted = withSizeHint(
    source,
    () => c.read,
    (rows) => reserveAll(c, rows),
  );
  await forEachRow(path, layout, hinted, (line, v, error) => {
    {
      c.read++;
      if (v === null) {
        reject(c, line, error ?? 'malformed row');
        return;
      }
      if (iUser! >= 0 && v.empty(iUser!)) {
        reject(c, line, 'empty user');
        return;
      }
      if (iItem! >= 0 && v.empty(iItem!)) {
        reject(c, line, 'empty item');
        return;
      }
      let rating = NaN;
      if (iRating! >= 0) {
        rating = v.num(iRating!);
        if (!Number.isFinite(rating)) {
          reject(c, line, notNumber('rating', v.raw(iRating!)));
          return;
        }
      }
      let weight = NaN;
      if (iWeight! >= 0) {
        weight = v.num(iWeight!);
        if (!Number.isFinite(weight)) {
          reject(c, line, notNumber('weight', v.raw(iWeight!)));
          return;
        }
      }
      let ts = NaN;
      if (iTs! >= 0) {
        // Epoch numbers take the fast path; anything else is parsed as a date.
        const n = v.num(iTs!);
        const t = Number.isFinite(n) ? epochSeconds(n) : parseTimestamp(v.raw(iTs!));
        if (t === undefined) {
          reject(c, line, `timestamp "${v.raw(iTs!)}" is neither epoch seconds, milliseconds nor an ISO-8601 date`);
          return;
        }
        if (t !== null && (t < 0 || t >= YEAR_3000)) {
          const unit = Number.isFinite(n) ? ' (as epoch seconds or milliseconds)' : '';
          reject(c, line, `timestamp "${v.raw(iTs!)}" is outside 1970–3000${unit}`);
          return;
        }
        ts = t ?? NaN;
      }
      let split = NO_SPLIT;
      if (iSplit! >= 0) {
        const s = parseSplit(v.raw(iSplit!));
        if (s === null) {
          reject(c, line, `split "${v.raw(iSplit!)}" is not train, valid or test`);
          return;
        }
        split = s;
      }
      let eventToken = '';
      if (eventCols.length) {
        eventToken = v.str(eventCols[0]!);
        if (!eventToken) {
          reject(c, line, 'empty event');
          return;
        }
        if (eventCols.length > 1)
          eventToken +=
            ':' +
            eventCols
              .slice(1)
              .map((i, k) => `${eventNames[k + 1]}=${v.str(i)}`)
              .join(',');
      }
      if (iSession! >= 0 && v.empty(iSession!)) {
        reject(c, line, 'empty session');
        return;
      }
      if (tabular) {
        const why = collectTabularRow(tabular, v);
        if (why !== null) {
          reject(c, line, why);
          return;
        }
      }
      if (tokenize && c.docs) {
        c.docs.start.push(c.docs.tokens.length);
        c.docs.row.push(c.rows);
        for (const w of tokenize(v.raw(iText!))) c.docs.tokens.push(keys.word.id(w));
      }
      const item = iItem! >= 0 ? v.key(iItem!, keys.item) : -1;
      cols.user?.push(v.key(iUser!, keys.user));
      cols.item?.push(item);
      cols.rating?.push(rating);
      cols.weight?.push(weight);
      cols.ts?.push(ts);
      cols.session?.push(v.key(iSession!, keys.session));
      cols.event?.push(keys.event.id(eventToken));
      cols.label?.push(v.key(iLabel!, keys.label));
      cols.split?.push(split);
      if (item >= 0 && (iTitle! >= 0 || iGenres! >= 0) && !c.itemMeta.has(keys.item.keys[item]!)) {
        c.itemMeta.set(keys.item.keys[item]!, {
          title: iTitle! >= 0 ? v.str(iTitle!) || null : null,
          genres: splitGenres(iGenres! >= 0 ? v.raw(iGenres!) : ''),
        });
      }
      c.rows++;
    }
  });
}

/** Reads a plain-text corpus (one document per line) into `c.docs`; empty lines are not documents. */
export async function collectText(
  path: string,
  req: ImportRequest,
  c: Collected,
  source: SourceOptions,
): Promise<void> {
  const tokenize = createTokenizer(req.tokenizer);
  const docs = c.docs!;
  let open = false;
  for await (const pieces of textPieces(path, tokenize, { ...source, encoding: req.encoding })) {
    for (const p of pieces) {
      if (!open) {
        if (p.tokens.length === 0 && p.ends) continue; // blank lines are not documents, as in delimited files
        c.read++;
        docs.start.push(docs.tokens.length);
        docs.row.push(c.rows);
        c.rows++;
      }
      for (const w of p.tokens) docs.tokens.push(c.keys.word.id(w));
      open = !p.ends;
    }
  }
}
