// Imports a file as a dataset: read and validate every row (streamed), build vocabularies with cut-offs,
// handle duplicates, build sequences, assign splits, report quality, then write it all in one transaction.
import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type {
  ImportProgress,
  ImportRequest,
  ImportResult,
  Mapping,
  QualityReport,
  SplitName,
  VocabularyReport,
} from '../../shared';
import { datasetKind, defaultSplit, mappingProblems, SPLITS, WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { collectRows, collectText, newCollected } from './collect';
import type { Column } from './columns';
import { dedupe } from './dedupe';
import { readMetadata } from './metadata';
import { listColumns } from './formats';
import { assertReadableFile, previewFile } from './preview';
import { countPerIndex, histogram, summarizeCounts } from './report';
import { documentSequences, gapSequences, sequenceGivenSplits, sessionSequences, type SequenceSet } from './sequences';
import { assignSplits } from './split';
import { collectFeatures } from './features';
import { buildTabular } from './tabular';
import { buildVocabulary, type Vocabulary } from './vocabulary';
import type { TabularWrite } from '../store/tabular';
import { writeDataset, type DatasetOut, type InteractionsOut, type SequencesOut } from './write';

export interface ImportContext {
  signal?: AbortSignal;
  onProgress?: (p: Omit<ImportProgress, 'importId'>) => void;
}

const DEFAULT_MAX_SEQUENCE = 10_000;
const DEFAULT_GAP_MINUTES = 30;
const PROGRESS_MS = 250;

type Typed = Int32Array | Float64Array | Float32Array | Uint8Array;
const whole = <T extends Typed>(c: Column<T> | null): T | null => (c ? c.drain() : null);
/** Provisional ids → vocabulary indices, in place. */
function remapInPlace(ids: Int32Array, v: Vocabulary): Int32Array {
  for (let r = 0; r < ids.length; r++) ids[r] = v.remap[ids[r]!]!;
  return ids;
}
/** The rows `keep` marks; the same array when every row stays. */
function select<T extends Typed>(a: T, keep: Uint8Array, n: number): T {
  if (n === a.length) return a;
  const out = new (a.constructor as new (n: number) => T)(n);
  for (let r = 0, k = 0; r < a.length; r++) if (keep[r]) out[k++] = a[r]!;
  return out;
}

/** `ratings.csv.gz` → `ratings`. */
export function defaultName(path: string): string {
  const file = basename(path).replace(/\.gz$/i, '');
  return file.slice(0, file.length - extname(file).length);
}

export async function importDataset(db: Db, req: ImportRequest, ctx: ImportContext = {}): Promise<ImportResult> {
  const started = performance.now();
  assertReadableFile(req.path);
  const preview = await previewFile(req);
  const layout = preview;
  const mapping: Mapping = layout.format === 'text' ? {} : (req.mapping ?? preview.suggestedMapping);
  const problems = mappingProblems(mapping, layout.format);
  if (problems.length)
    throw new WorkbenchError(
      'BadRequest',
      `${req.path}: ${problems.join('; ')} (columns: ${listColumns(layout.columns)})`,
    );
  const kind = datasetKind(mapping, layout.format)!;
  const split = req.split ?? defaultSplit(mapping, layout.format);
  const name = (req.name ?? defaultName(req.path)).trim();
  if (!name) throw new WorkbenchError('BadRequest', 'a dataset needs a name');
  if (db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name)) {
    throw new WorkbenchError('DatasetExists', `a dataset named "${name}" exists already; choose another name`);
  }

  // Progress by bytes; the ETA assumes the rest of the file reads as fast as what came before.
  const c = newCollected(mapping, layout.format === 'text');
  let lastReport = 0;
  const progress = (bytes: number, total: number, stage: ImportProgress['stage']): void => {
    const now = performance.now();
    if (stage === 'reading' && now - lastReport < PROGRESS_MS) return;
    lastReport = now;
    const elapsed = (now - started) / 1000;
    const eta = bytes > 0 && stage === 'reading' ? (elapsed * (total - bytes)) / bytes : null;
    ctx.onProgress?.({ bytes, totalBytes: total, rows: c.read, rejected: c.rejected, etaSeconds: eta, stage });
  };
  const source = {
    encoding: req.encoding,
    signal: ctx.signal,
    onBytes: (b: number, t: number) => progress(b, t, 'reading'),
  };
  if (layout.format === 'text') await collectText(req.path, req, c, source);
  else await collectRows(req.path, layout, req, mapping, c, source);
  const size = statSync(req.path).size;
  lastReport = 0;
  progress(size, size, 'reading'); // the last word on reading, whatever the throttle skipped
  if (c.rows === 0) {
    const first = c.rejects[0];
    const why =
      c.read === 0
        ? 'it has no data rows'
        : `all ${c.read} rows were rejected (first: line ${first?.line}: ${first?.reason})`;
    throw new WorkbenchError('DatasetInvalid', `${req.path}: nothing to import: ${why}`);
  }

  let metadata: QualityReport['metadata'] = null;
  if (req.items) {
    const meta = await readMetadata(req.items, 'item', ctx.signal);
    for (const [k, v] of meta.byKey) c.itemMeta.set(k, v);
    metadata = {
      items: meta.rows,
      matched: c.keys.item.keys.filter((k) => meta.byKey.has(k)).length,
      columns: meta.columns,
    };
  }
  const userMeta = req.users ? (await readMetadata(req.users, 'user', ctx.signal)).byKey : undefined;

  const cut = req.vocab ?? {};
  const wordCut = { ...cut.word };
  if (req.tokenizer?.numWords !== undefined)
    wordCut.maxSize = Math.min(wordCut.maxSize ?? Infinity, Math.max(0, req.tokenizer.numWords - 2));
  const vocab = {
    user: c.cols.user ? buildVocabulary(c.keys.user, cut.user) : null,
    item: c.cols.item ? buildVocabulary(c.keys.item, cut.item) : null,
    event: c.cols.event ? buildVocabulary(c.keys.event, cut.event) : null,
    word: c.docs ? buildVocabulary(c.keys.word, wordCut) : null,
    label: c.cols.label ? buildVocabulary(c.keys.label) : null,
  };
  const seed = req.seed ?? 42;
  // Each column is handed over as one array (a view, no copy), and the collector keeps nothing.
  const ts = whole(c.cols.ts);
  const givenSplits = whole(c.cols.split);
  const provisionalUsers = whole(c.cols.user);
  const itemIds = whole(c.cols.item);
  const eventIds = whole(c.cols.event);
  const labelIds = whole(c.cols.label);
  const ratingsAll = whole(c.cols.rating);
  const weightsAll = whole(c.cols.weight);
  const docs = c.docs ? { tokens: whole(c.docs.tokens)!, start: whole(c.docs.start)!, row: whole(c.docs.row)! } : null;
  const sessionIds = whole(c.cols.session);

  // Sequences first: sessions group by provisional user ids (users cut to OOV must not merge into one).
  const items = itemIds && vocab.item ? remapInPlace(itemIds, vocab.item) : null;
  const rowTokens = eventIds && vocab.event ? remapInPlace(eventIds, vocab.event) : items;
  const tokenRole = eventIds ? 'event' : 'item';
  let set: SequenceSet | null = null;
  if (docs && vocab.word) {
    set = documentSequences(
      docs.tokens,
      docs.start,
      docs.row,
      vocab.word.remap,
      req.maxSequenceLength ?? DEFAULT_MAX_SEQUENCE,
    );
  } else if (sessionIds && rowTokens) {
    set = sessionSequences(sessionIds, c.keys.session.keys, ts, rowTokens, tokenRole);
  } else if (provisionalUsers && ts && rowTokens && (kind === 'sequences' || req.sessionGapMinutes !== undefined)) {
    set = gapSequences(
      provisionalUsers,
      c.keys.user.keys,
      ts,
      rowTokens,
      tokenRole,
      (req.sessionGapMinutes ?? DEFAULT_GAP_MINUTES) * 60,
    );
  }
  const users = provisionalUsers && vocab.user ? remapInPlace(provisionalUsers, vocab.user) : null;

  // Interactions: one row per kept (user, item) pair or repeat, as the duplicate policy says.
  let interactions: InteractionsOut | null = null;
  let dup: QualityReport['duplicates'] = { pairs: 0, rows: 0, policy: req.duplicates ?? 'keep', removed: 0 };
  if (kind === 'interactions' && users && items && vocab.user && vocab.item) {
    const d = dedupe(
      users,
      vocab.user.keys.length + 2,
      items,
      vocab.item.keys.length + 2,
      ts,
      ratingsAll,
      weightsAll,
      dup.policy,
    );
    dup = { ...dup, pairs: d.pairs, rows: d.rows, removed: d.removed };
    const n = users.length - d.removed;
    const keptUsers = select(users, d.keep, n);
    const keptTs = ts ? select(ts, d.keep, n) : null;
    const splits = assignSplits(
      split,
      {
        count: n,
        given: givenSplits ? select(givenSplits, d.keep, n) : null,
        groups: keptUsers,
        numGroups: vocab.user.keys.length + 2,
        times: keptTs,
        items: { ids: select(items, d.keep, n), size: vocab.item.keys.length + 2 },
      },
      seed,
    );
    interactions = {
      users: keptUsers,
      items: select(items, d.keep, n),
      ratings: ratingsAll ? select(ratingsAll, d.keep, n) : null,
      weights: weightsAll ? select(weightsAll, d.keep, n) : null,
      ts: keptTs,
      splits,
    };
  }

  // A table's rows: its columns remapped to their vocabularies, split as the spec says (by rows).
  const tabular = c.tabular ? buildTabular(c.tabular, req) : null;
  let tabularOut: TabularWrite | null = null;
  if (tabular) {
    const units = { count: tabular.out.rows, given: givenSplits, groups: null, numGroups: 0, times: ts };
    tabularOut = { ...tabular.out, splits: assignSplits(req.split, units, seed) };
  }

  let sequences: SequencesOut | null = null;
  if (set) {
    const count = set.firstRow.length;
    const seqUsers = users ? Int32Array.from(set.firstRow, (r) => users[r]!) : null;
    const seqTs = ts ? Float64Array.from(set.firstRow, (r) => ts[r]!) : null;
    const labels =
      labelIds && vocab.label ? Int32Array.from(set.firstRow, (r) => vocab.label!.remap[labelIds[r]!]!) : null;
    // Sequences and interactions are split independently, by the same spec.
    const splits = assignSplits(
      split,
      {
        count,
        given: sequenceGivenSplits(set, givenSplits),
        groups: seqUsers,
        numGroups: (vocab.user?.keys.length ?? 0) + 2,
        times: seqTs,
      },
      seed,
    );
    sequences = { set, users: seqUsers, labels, startTs: seqTs, splits };
  }

  // Side features of items and users, joined to their vocabularies (interactions only: they serve recommendations).
  const features =
    kind === 'interactions'
      ? await collectFeatures(
          req.features ?? [],
          { item: vocab.item?.keys, user: vocab.user?.keys },
          c.itemMeta,
          ctx.signal,
        )
      : null;
  if (!features && req.features?.length)
    throw new WorkbenchError('BadRequest', 'side features serve recommendations: map user and item (interactions)');

  const splitCounts: Record<SplitName, number> = { train: 0, valid: 0, test: 0 };
  const names = SPLITS;
  for (const s of interactions?.splits ?? sequences?.splits ?? tabularOut?.splits ?? []) splitCounts[names[s]!]++;
  const sequenceSplits: Record<SplitName, number> = { train: 0, valid: 0, test: 0 };
  for (const s of sequences?.splits ?? []) sequenceSplits[names[s]!]++;

  const report = qualityReport(interactions, vocab, dup, ts, sequences, sequenceSplits, metadata);
  if (tabular) report.tabular = tabular.report;
  if (features && features.csrs.length > 0) report.features = features.report;
  const vocabularies: ImportResult['vocabularies'] = {};
  for (const role of ['user', 'item', 'event', 'word', 'label'] as const) {
    const v = vocab[role];
    if (v) vocabularies[role] = v.report;
  }
  const ratings = interactions?.ratings;
  let ratingMin = 0;
  let ratingMax = 0;
  if (ratings && ratings.length) {
    ratingMin = Infinity;
    ratingMax = -Infinity;
    for (const r of ratings) {
      if (r < ratingMin) ratingMin = r;
      if (r > ratingMax) ratingMax = r;
    }
  }

  if (ctx.signal?.aborted) throw new WorkbenchError('Cancelled', 'the import was cancelled');
  progress(size, size, 'writing');
  const datasetId = writeDataset(db, {
    name,
    path: req.path,
    format: layout.format,
    kind,
    mapping,
    options: {
      split: split ?? null,
      duplicates: dup.policy,
      vocab: req.vocab ?? null,
      ...(req.columnVocab ? { columnVocab: req.columnVocab } : {}),
      tokenizer: req.tokenizer ?? null,
      seed,
      encoding: req.encoding ?? 'utf8',
      // How sequences were cut, so that a classifier reads a new file the same way (batch:predict).
      maxSequenceLength: req.maxSequenceLength ?? null,
      sessionGapMinutes: req.sessionGapMinutes ?? null,
    },
    read: c.read,
    rejected: c.rejected,
    rejects: c.rejects,
    ratingMin,
    ratingMax,
    report,
    vocabularies: (Object.entries(vocab) as [string, Vocabulary | null][])
      .filter((e): e is [string, Vocabulary] => e[1] !== null)
      .map(([role, v]): DatasetOut['vocabularies'][number] => ({
        role,
        vocab: v,
        meta: role === 'item' ? c.itemMeta : role === 'user' ? userMeta : undefined,
      }))
      .concat(tabular?.vocabularies ?? [])
      .concat(features?.vocabularies ?? []),
    interactions,
    sequences,
    tabular: tabularOut,
    features: features?.csrs,
  });

  return {
    type: 'result',
    datasetId,
    dataset: name,
    rows: { read: c.read, imported: interactions?.users.length ?? c.rows, rejected: c.rejected },
    rejects: c.rejects,
    vocabularies,
    ...(tabular ? { columns: tabular.reports } : {}),
    splits: splitCounts,
    report,
    seconds: (performance.now() - started) / 1000,
  };
}

function qualityReport(
  it: InteractionsOut | null,
  vocab: Record<'user' | 'item', Vocabulary | null>,
  duplicates: QualityReport['duplicates'],
  ts: Float64Array | null,
  sq: SequencesOut | null,
  sequenceSplits: Record<SplitName, number>,
  metadata: QualityReport['metadata'],
): QualityReport {
  const nUsers = vocab.user?.keys.length ?? 0;
  const nItems = vocab.item?.keys.length ?? 0;
  let timeRange: QualityReport['timeRange'] = null;
  if (ts) {
    let min = Infinity;
    let max = -Infinity;
    for (const t of ts) {
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (Number.isFinite(min)) timeRange = { min, max };
  }
  const real = (counts: Int32Array): Int32Array => counts.subarray(2).filter((x) => x > 0);
  const lengths = sq
    ? Int32Array.from({ length: sq.set.offsets.length - 1 }, (_, s) => sq.set.offsets[s + 1]! - sq.set.offsets[s]!)
    : null;
  return {
    users: nUsers,
    items: nItems,
    density: it && nUsers && nItems ? it.users.length / (nUsers * nItems) : 0,
    ratingHistogram: it?.ratings ? histogram(it.ratings) : [],
    perUser: it ? summarizeCounts(real(countPerIndex(it.users, nUsers + 2, null))) : null,
    perItem: it ? summarizeCounts(real(countPerIndex(it.items, nItems + 2, null))) : null,
    duplicates,
    timeRange,
    sequences:
      sq && lengths
        ? {
            count: lengths.length,
            tokens: sq.set.tokens.length,
            lengths: summarizeCounts(lengths),
            splits: sequenceSplits,
          }
        : null,
    metadata,
  };
}

export type { VocabularyReport };
