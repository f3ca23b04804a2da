// What a model's factory gets in the training process: its resolved config, the dataset's columns, pre-trained
// rows per table, and where its worker threads start.
import type { ConfigOf, ModelName } from '../../shared';
import type { NodeEntry } from '../runtime';
import type {
  InteractionColumns,
  LabelledSequences,
  PackedSequenceColumns,
  SequenceColumns,
  StoredSequenceColumns,
} from '../store/datasets';
import type { Features } from '../store/features';
import type { TabularColumns } from '../store/tabular';
import type { InitialRows } from './initialRows';

export interface InteractionData {
  kind: 'interactions';
  columns: InteractionColumns;
  /** Side features the run uses (config.features), loaded by the training process; absent: none. */
  features?: { item: Features | null; user: Features | null };
  /** The rating scale predictions are clamped to. */
  ratingMin: number;
  ratingMax: number;
}
export interface SequenceData {
  kind: 'sequences';
  /** Packed, or left in the database, when word2vec's CPU engine trains on it (the training process loads it so). */
  columns: SequenceColumns | PackedSequenceColumns | StoredSequenceColumns;
}
export interface LabelledData {
  kind: 'labelled';
  columns: LabelledSequences;
}
export interface TabularData {
  kind: 'tabular';
  columns: TabularColumns;
}
export type TrainingData = InteractionData | SequenceData | LabelledData | TabularData;

export interface ModelInput<M extends ModelName, D extends TrainingData> {
  config: ConfigOf<M>;
  data: D;
  /** Pre-trained rows by table name (`users`, `items`, `words`, `words.context` …), from config.init. */
  initial: Partial<Record<string, InitialRows>>;
  /** Worker-thread entries by name (`mfWorker` …), needed when threads > 1. */
  workerEntry?: (name: string) => NodeEntry;
}

/** The entry of a model's worker thread; only runs with threads > 1 need one. */
export function workerEntryOf(input: { workerEntry?: (name: string) => NodeEntry }, name: string): NodeEntry {
  if (!input.workerEntry) throw new Error(`threads > 1 needs the entry of ${name}`);
  return input.workerEntry(name);
}
