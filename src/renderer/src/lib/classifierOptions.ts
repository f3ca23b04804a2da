// The classifier's own options in the Train form: its draft, defaults, what each means, problems, and the part
// of the request it makes (pure; ranges as src/core/config.ts checks them).
import type { ClassifierEncoder, PadSide, TrainRequest } from '../../../shared';
import { CLASSIFIER_ENCODERS } from '../../../shared';
import { TRAIN_DEFAULTS } from './trainDefaults';

export interface ClassifierDraft {
  maxLen: number | null;
  padding: PadSide;
  truncating: PadSide;
  encoder: ClassifierEncoder;
  units: number | null;
  filters: number | null;
  kernelSize: number | null;
  /** Hidden layer sizes as typed: `64, 32`, or empty for none. */
  hidden: string;
  dropout: number | null;
  batchSize: number | null;
}

export type ClassifierNumber = 'maxLen' | 'units' | 'filters' | 'kernelSize' | 'dropout' | 'batchSize';

export interface ClassifierNumberSpec {
  key: ClassifierNumber;
  label: string;
  hint: string;
  integer: boolean;
  min: number;
  max: number;
}

export const CLASSIFIER_NUMBERS: Record<ClassifierNumber, ClassifierNumberSpec> = {
  maxLen: {
    key: 'maxLen',
    label: 'max length',
    hint: 'Tokens per sequence: shorter ones are padded with PAD (0), longer ones cut, as Keras pad_sequences.',
    integer: true,
    min: 1,
    max: 100_000,
  },
  units: {
    key: 'units',
    label: 'units',
    hint: 'Size of the GRU/LSTM state: more remembers more of the sequence, trains slower.',
    integer: true,
    min: 1,
    max: 4096,
  },
  filters: {
    key: 'filters',
    label: 'filters',
    hint: 'Conv1D filters: how many n-gram detectors slide over the sequence.',
    integer: true,
    min: 1,
    max: 4096,
  },
  kernelSize: {
    key: 'kernelSize',
    label: 'kernel size',
    hint: 'Conv1D window in tokens: the length of the patterns a filter sees.',
    integer: true,
    min: 1,
    max: 100,
  },
  dropout: {
    key: 'dropout',
    label: 'dropout',
    hint: 'Share of units dropped while training, after the encoder and each hidden layer: against overfitting.',
    integer: false,
    min: 0,
    max: 0.95,
  },
  batchSize: {
    key: 'batchSize',
    label: 'batch size',
    hint: 'Sequences per Adam step: larger is faster per sequence, smaller often generalises better.',
    integer: true,
    min: 1,
    max: 65_536,
  },
};

export const ENCODER_HINTS: Record<ClassifierEncoder, string> = {
  average: 'average: the mean of the token vectors (PAD left out). Fast; ignores order.',
  flatten: 'flatten: all maxLen vectors side by side into the dense layers. Position-aware, many weights.',
  gru: 'gru: a GRU reads the sequence in order (PAD skipped). Learns order; slowest per sequence.',
  lstm: 'lstm: an LSTM reads the sequence in order (PAD skipped). Like GRU with a separate memory cell.',
  conv1d: 'conv1d: n-gram filters over the sequence, then the maximum of each over the real tokens.',
};
export const ENCODERS = CLASSIFIER_ENCODERS;

export const PAD_HINTS = {
  padding: 'Where PAD goes in short sequences: pre (before, Keras default) or post (after).',
  truncating: 'Which end of a long sequence is cut: pre keeps the last tokens (Keras default), post the first.',
};

/** The numbers each encoder reads (the others stay in the request as they are but do nothing). */
export function numbersFor(encoder: ClassifierEncoder): ClassifierNumberSpec[] {
  const keys: ClassifierNumber[] = ['maxLen'];
  if (encoder === 'gru' || encoder === 'lstm') keys.push('units');
  if (encoder === 'conv1d') keys.push('filters', 'kernelSize');
  keys.push('dropout', 'batchSize');
  return keys.map((k) => CLASSIFIER_NUMBERS[k]);
}

export function defaultClassifierDraft(): ClassifierDraft {
  const d = TRAIN_DEFAULTS.classifier;
  return {
    maxLen: d.maxLen ?? null,
    padding: d.padding ?? 'pre',
    truncating: d.truncating ?? 'pre',
    encoder: d.encoder ?? 'average',
    units: d.units ?? null,
    filters: d.filters ?? null,
    kernelSize: d.kernelSize ?? null,
    hidden: (d.hidden ?? []).join(', '),
    dropout: d.dropout ?? null,
    batchSize: d.batchSize ?? null,
  };
}

/** `64, 32` → [64, 32]; empty → []; null when a part is not a whole number from 1 to 4096. */
export function parseHidden(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const sizes = parts.map(Number);
  return sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096) && sizes.length <= 8 ? sizes : null;
}

export type ClassifierBuilt = { ok: true; request: Partial<TrainRequest> } | { ok: false; problems: string[] };

/** The classifier's part of the train request, or what is wrong with the draft. */
export function classifierRequest(draft: ClassifierDraft): ClassifierBuilt {
  const problems: string[] = [];
  const request: Partial<TrainRequest> = {
    padding: draft.padding,
    truncating: draft.truncating,
    encoder: draft.encoder,
  };
  for (const s of Object.values(CLASSIFIER_NUMBERS)) {
    const v = draft[s.key];
    if (v === null) problems.push(`${s.label} is required`);
    else if (s.integer && !Number.isInteger(v)) problems.push(`${s.label} must be a whole number`);
    else if (v < s.min || v > s.max) problems.push(`${s.label} must be from ${s.min} to ${s.max}`);
    else request[s.key] = v;
  }
  const hidden = parseHidden(draft.hidden);
  if (hidden === null)
    problems.push('hidden layers: up to 8 sizes from 1 to 4096 separated by commas (e.g. 64, 32), or empty');
  else request.hidden = hidden;
  return problems.length ? { ok: false, problems } : { ok: true, request };
}
