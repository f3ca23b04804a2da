// Side features of items and users (LightFM's item/user features): read from files joined by key and from the
// items' genres, given a vocabulary of their own per owner (`item_feature`, `user_feature`: PAD 0, OOV 1, by
// the number of entities that have them), and stored per entity as CSR with weights that sum to 1 (LightFM's
// normalised features: an item with many tags does not get a larger vector than one with a genre).
import type { FeatureFile, FeatureOwner } from '../../shared';
import { WorkbenchError } from '../../shared';
import { KeyIds } from './columns';
import { detectLayout, listColumns } from './formats';
import { splitGenres } from './genres';
import { assertReadableFile } from './preview';
import { rowBatches } from './records';
import { buildVocabulary, type Vocabulary } from './vocabulary';

/** The vocabulary role of an owner's features. */
export const featureRole = (of: FeatureOwner): string => `${of}_feature`;

/** Per entity (vocabulary index of the owner) its features and weights, rows 0 (PAD) and 1 (OOV) empty. */
export interface FeatureCsr {
  indptr: Int32Array;
  features: Int32Array;
  weights: Float32Array;
}

/** Features seen so far per entity index, by provisional feature id, with how often each was given. */
export class FeatureCollector {
  readonly keys = new KeyIds();
  readonly byEntity = new Map<number, Map<number, number>>();

  add(entity: number, feature: string): void {
    let own = this.byEntity.get(entity);
    if (!own) this.byEntity.set(entity, (own = new Map()));
    const before = this.keys.ids.get(feature);
    // KeyIds counts every call; a feature's count should be the entities that have it: count each once.
    const id = before !== undefined && own.has(before) ? before : this.keys.id(feature);
    own.set(id, (own.get(id) ?? 0) + 1);
  }
}

/** The feature of a cell's value: `tag:funny`, `genres:comedy` (trimmed, lower-cased, spaces kept). */
export const featureKey = (column: string, value: string): string => `${column}:${value.trim().toLowerCase()}`;

/** Reads one feature file into `c`, keys looked up in the owner's vocabulary; returns rows read and matched. */
export async function readFeatureFile(
  file: FeatureFile,
  indexOf: (key: string) => number | undefined,
  c: FeatureCollector,
  signal?: AbortSignal,
): Promise<{ rows: number; matched: number }> {
  assertReadableFile(file.path);
  const layout = await detectLayout(file.path, file);
  const at = (name: string, what: string): number => {
    const i = layout.columns.indexOf(name);
    if (i < 0)
      throw new WorkbenchError(
        'BadRequest',
        `${file.path}: no column "${name}" (for ${what}); columns are ${listColumns(layout.columns)}`,
      );
    return i;
  };
  const keyAt = at(file.key, `the ${file.of} key`);
  if (file.columns.length === 0)
    throw new WorkbenchError('BadRequest', `${file.path}: name the feature columns (e.g. ${file.of}=FILE:KEY:tag)`);
  const columns = file.columns.map((name) => ({ name, at: at(name, 'a feature') }));
  let rows = 0;
  let matched = 0;
  for await (const batch of rowBatches(file.path, layout, { encoding: file.encoding, signal })) {
    for (const row of batch) {
      if (!row.fields) continue;
      rows++;
      const entity = indexOf(row.fields[keyAt]!.trim());
      if (entity === undefined) continue;
      matched++;
      for (const col of columns)
        for (const value of splitGenres(row.fields[col.at]!)) c.add(entity, featureKey(col.name, value));
    }
  }
  return { rows, matched };
}

/** The owner's feature vocabulary and CSR over `entities` rows (its vocabulary size with PAD and OOV). */
export function buildFeatures(c: FeatureCollector, entities: number): { vocab: Vocabulary; csr: FeatureCsr } {
  const vocab = buildVocabulary(c.keys);
  const indptr = new Int32Array(entities + 1);
  for (const [e, own] of c.byEntity) indptr[e + 1] = own.size;
  for (let e = 0; e < entities; e++) indptr[e + 1]! += indptr[e]!;
  const features = new Int32Array(indptr[entities]!);
  const weights = new Float32Array(features.length);
  for (const [e, own] of c.byEntity) {
    let total = 0;
    for (const n of own.values()) total += n;
    let k = indptr[e]!;
    for (const [id, n] of [...own].sort((a, b) => vocab.remap[a[0]]! - vocab.remap[b[0]]!)) {
      features[k] = vocab.remap[id]!;
      weights[k++] = n / total;
    }
  }
  return { vocab, csr: { indptr, features, weights } };
}

export type { FeatureOwner };

export interface CollectedFeatures {
  vocabularies: { role: string; vocab: Vocabulary }[];
  csrs: { owner: FeatureOwner; csr: FeatureCsr }[];
  report: Partial<Record<FeatureOwner, { features: number; entities: number; pairs: number }>>;
}

/**
 * Every owner's features: the items' genres (from the mapping or the items file) and each feature file, joined
 * to the owners' vocabularies (`keys[k]` has index k + 2). Owners without any feature are left out.
 */
export async function collectFeatures(
  files: readonly FeatureFile[],
  keys: Partial<Record<FeatureOwner, readonly string[]>>,
  genres: ReadonlyMap<string, { genres: string[] }>,
  signal?: AbortSignal,
): Promise<CollectedFeatures> {
  const out: CollectedFeatures = { vocabularies: [], csrs: [], report: {} };
  for (const owner of ['item', 'user'] as const) {
    const own = keys[owner];
    const mine = files.filter((f) => f.of === owner);
    if (!own) {
      if (mine.length)
        throw new WorkbenchError('BadRequest', `${mine[0]!.path}: ${owner} features need a ${owner} column mapped`);
      continue;
    }
    const index = new Map(own.map((k, i) => [k, i + 2]));
    const c = new FeatureCollector();
    if (owner === 'item') for (const [key, m] of genres) for (const g of m.genres) add(c, index.get(key), 'genres', g);
    for (const file of mine) await readFeatureFile(file, (k) => index.get(k), c, signal);
    if (c.byEntity.size === 0) continue;
    const { vocab, csr } = buildFeatures(c, own.length + 2);
    out.vocabularies.push({ role: featureRole(owner), vocab });
    out.csrs.push({ owner, csr });
    out.report[owner] = { features: vocab.keys.length, entities: c.byEntity.size, pairs: csr.features.length };
  }
  return out;
}

function add(c: FeatureCollector, entity: number | undefined, column: string, value: string): void {
  if (entity !== undefined) c.add(entity, featureKey(column, value));
}
