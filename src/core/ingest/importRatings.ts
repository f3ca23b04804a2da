// Imports a ratings file into the project database: parse, validate, build vocabularies, split, write.
// Everything is written in one transaction, so a failed import leaves the database as it was.
import { basename, extname } from 'node:path';
import type { FileFormat, ImportRequest, ImportResult, Mapping, Role, SplitName } from '../../shared';
import { REQUIRED_ROLES, ROLES, WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { insertDataset } from '../store/datasets';
import { RecordError, readLogicalRecords, splitRecord } from './delimited';
import { detectLayout, suggestMapping } from './formats';
import { assertReadableFile } from './preview';
import { parseSplit, randomSplit } from './split';
import { buildVocabulary, KeyCounter, lookup } from './vocabulary';

const KEPT_REJECTS = 100;

interface ParsedRows {
  users: string[];
  items: string[];
  ratings: number[];
  timestamps: (number | null)[];
  splits: (number | null)[];
  itemMeta: Map<string, { title: string | null; genres: string[] }>;
}

/** Epoch seconds from epoch seconds, epoch milliseconds or an ISO-8601 date; null when empty. */
export function parseTimestamp(value: string): number | null | undefined {
  const v = value.trim();
  if (v === '') return null;
  const n = Number(v);
  if (Number.isFinite(n)) return n > 1e11 ? Math.floor(n / 1000) : Math.floor(n);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export async function importRatings(db: Db, req: ImportRequest): Promise<ImportResult> {
  const started = performance.now();
  assertReadableFile(req.path);
  const layout = await detectLayout(req.path, req.format ?? 'auto');
  const mapping: Mapping = req.mapping ?? suggestMapping(layout.columns);
  const columnOf = resolveColumns(req.path, mapping, layout.columns);
  const name = (req.name ?? basename(req.path, extname(req.path))).trim();
  if (!name) throw new WorkbenchError('BadRequest', 'a dataset needs a name');
  if (db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name)) {
    throw new WorkbenchError('DatasetExists', `a dataset named "${name}" exists already; choose another name`);
  }

  const parsed: ParsedRows = { users: [], items: [], ratings: [], timestamps: [], splits: [], itemMeta: new Map() };
  const rejects: { line: number; reason: string }[] = [];
  let rejected = 0;
  let read = 0;
  let headerSkipped = !layout.hasHeader;
  const reject = (line: number, reason: string): void => {
    rejected++;
    if (rejects.length < KEPT_REJECTS) rejects.push({ line, reason });
  };
  try {
    for await (const rec of readLogicalRecords(req.path, layout.delimiter.length === 1)) {
      if (!headerSkipped) {
        headerSkipped = true;
        continue;
      }
      read++;
      let fields: string[];
      try {
        fields = splitRecord(rec.text, layout.delimiter);
      } catch (err) {
        reject(rec.line, (err as Error).message);
        continue;
      }
      if (fields.length !== layout.columns.length) {
        reject(rec.line, `expected ${layout.columns.length} fields, found ${fields.length}`);
        continue;
      }
      const cell = (role: Role): string | undefined => {
        const c = columnOf[role];
        return c === undefined ? undefined : fields[c];
      };
      const user = cell('user')!.trim();
      const item = cell('item')!.trim();
      if (!user || !item) {
        reject(rec.line, `empty ${user ? 'item' : 'user'}`);
        continue;
      }
      const ratingText = cell('rating')!;
      const rating = Number(ratingText);
      if (ratingText.trim() === '' || !Number.isFinite(rating)) {
        reject(rec.line, `rating "${ratingText}" is not a finite number`);
        continue;
      }
      const tsText = cell('timestamp');
      const ts = tsText === undefined ? null : parseTimestamp(tsText);
      if (ts === undefined) {
        reject(rec.line, `timestamp "${tsText}" is neither epoch seconds, milliseconds nor an ISO-8601 date`);
        continue;
      }
      const splitText = cell('split');
      const split = splitText === undefined ? null : parseSplit(splitText);
      if (splitText !== undefined && split === null) {
        reject(rec.line, `split "${splitText}" is not train, valid or test`);
        continue;
      }
      parsed.users.push(user);
      parsed.items.push(item);
      parsed.ratings.push(rating);
      parsed.timestamps.push(ts);
      parsed.splits.push(split);
      if (!parsed.itemMeta.has(item)) {
        const title = cell('title')?.trim() || null;
        const genres = (cell('genres') ?? '')
          .split('|')
          .map((g) => g.trim())
          .filter((g) => g && g !== '(no genres listed)');
        if (title !== null || genres.length > 0) parsed.itemMeta.set(item, { title, genres });
      }
    }
  } catch (err) {
    if (err instanceof RecordError) throw new WorkbenchError('DatasetInvalid', `${req.path}: ${err.message}`);
    throw err;
  }
  if (parsed.users.length === 0) {
    const why =
      read === 0
        ? 'it has no data rows'
        : `all ${read} rows were rejected (first: line ${rejects[0]?.line}: ${rejects[0]?.reason})`;
    throw new WorkbenchError('DatasetInvalid', `${req.path}: nothing to import: ${why}`);
  }
  return writeDataset(db, {
    name,
    path: req.path,
    format: layout.format,
    mapping,
    parsed,
    read,
    rejected,
    rejects,
    seed: req.seed ?? 42,
    started,
  });
}

/** Role → column position; every required role must be mapped to a column the file has. */
function resolveColumns(path: string, mapping: Mapping, columns: readonly string[]): Partial<Record<Role, number>> {
  const out: Partial<Record<Role, number>> = {};
  for (const [role, column] of Object.entries(mapping) as [Role, string | undefined][]) {
    if (!ROLES.includes(role))
      throw new WorkbenchError('BadRequest', `unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    if (column === undefined || column === '') continue;
    const at = columns.indexOf(column);
    if (at < 0)
      throw new WorkbenchError(
        'BadRequest',
        `${path}: no column "${column}" (for ${role}); columns are ${columns.join(', ')}`,
      );
    out[role] = at;
  }
  const missing = REQUIRED_ROLES.filter((r) => out[r] === undefined);
  if (missing.length > 0) {
    throw new WorkbenchError(
      'BadRequest',
      `${path}: map a column to ${missing.join(', ')} (e.g. --map ${missing.map((r) => `${r}=COLUMN`).join(',')})`,
    );
  }
  return out;
}

interface WriteInput {
  name: string;
  path: string;
  format: FileFormat;
  mapping: Mapping;
  parsed: ParsedRows;
  read: number;
  rejected: number;
  rejects: { line: number; reason: string }[];
  seed: number;
  started: number;
}

function writeDataset(db: Db, w: WriteInput): ImportResult {
  const { parsed } = w;
  const userCounter = new KeyCounter();
  const itemCounter = new KeyCounter();
  parsed.users.forEach((u) => userCounter.add(u));
  parsed.items.forEach((i) => itemCounter.add(i));
  const users = buildVocabulary(userCounter);
  const items = buildVocabulary(itemCounter);
  const n = parsed.users.length;
  const userSplitGiven = parsed.splits.every((s) => s !== null);
  const random = userSplitGiven ? null : randomSplit(n, w.seed);
  const splits: Record<SplitName, number> = { train: 0, valid: 0, test: 0 };
  const names: SplitName[] = ['train', 'valid', 'test'];
  let min = Infinity;
  let max = -Infinity;
  for (const r of parsed.ratings) {
    if (r < min) min = r;
    if (r > max) max = r;
  }

  const datasetId = db.transaction(() => {
    const id = insertDataset(db, {
      name: w.name,
      sourcePath: w.path,
      format: w.format,
      mapping: w.mapping,
      rowsRead: w.read,
      rowsImported: n,
      rowsRejected: w.rejected,
      ratingMin: min,
      ratingMax: max,
    });
    const rej = db.prepare('INSERT INTO import_rejects (dataset_id, line, reason) VALUES (?, ?, ?)');
    for (const r of w.rejects) rej.run(id, r.line, r.reason);
    const voc = db.prepare(
      'INSERT INTO vocab (dataset_id, role, idx, key, count, title, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    users.keys.forEach((key, idx) => {
      if (idx > 1) voc.run(id, 'user', idx, key, users.counts[idx], null, null);
    });
    items.keys.forEach((key, idx) => {
      if (idx < 2) return;
      const meta = parsed.itemMeta.get(key);
      voc.run(
        id,
        'item',
        idx,
        key,
        items.counts[idx],
        meta?.title ?? null,
        meta && meta.genres.length ? JSON.stringify({ genres: meta.genres }) : null,
      );
    });
    const ins = db.prepare(
      'INSERT INTO interactions (dataset_id, user_idx, item_idx, rating, ts, split) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (let r = 0; r < n; r++) {
      const split = random ? random[r]! : parsed.splits[r]!;
      splits[names[split]!]++;
      ins.run(
        id,
        lookup(users, parsed.users[r]!),
        lookup(items, parsed.items[r]!),
        parsed.ratings[r]!,
        parsed.timestamps[r]!,
        split,
      );
    }
    return id;
  })();

  return {
    type: 'result',
    datasetId,
    dataset: w.name,
    rows: { read: w.read, imported: n, rejected: w.rejected },
    rejects: w.rejects,
    vocabularies: { user: { size: users.keys.length - 2 }, item: { size: items.keys.length - 2 } },
    splits,
    seconds: (performance.now() - w.started) / 1000,
  };
}
