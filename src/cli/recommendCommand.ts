// `ewb recommend`: top-K items for a user, or for a new user folded in from a few rated items.
import type { RecommendResult } from '../shared';
import { parseUserFeatures } from '../shared';
import { intFlag, required, str, UsageError } from './args';
import { BATCH_HELP, BATCH_OPTIONS, batchOutput, runBatch } from './batchRun';
import type { Command } from './command';
import { FILTER, FILTER_HELP, filterLine, filterOf } from './filterFlags';
import { withServices } from './services';

/**
 * `key=rating,key,...` (ratings for mf runs; bare keys for implicit). Keys may be titles; a list holding a
 * semicolon splits on semicolons only, since titles hold commas: `Lion King, The (1994)=5; Alien=2`.
 */
export function parseItems(value: string): { key: string; rating?: number }[] {
  return value.split(value.includes(';') ? ';' : ',').map((part) => {
    const eq = part.lastIndexOf('=');
    if (eq < 0) return { key: part.trim() };
    const rating = Number(part.slice(eq + 1));
    if (!Number.isFinite(rating)) throw new UsageError(`--items: "${part}" is not key=rating`);
    return { key: part.slice(0, eq).trim(), rating };
  });
}

/** `country=France,age=30-39`: a new user's features (parseUserFeatures), refused as a usage error. */
export function userFeaturesFlag(value: string): { column: string; value: string }[] {
  const { features, bad } = parseUserFeatures(value);
  if (bad !== undefined) throw new UsageError(`--user-features: "${bad}" is not column=value`);
  return features;
}

const signed = (x: number): string => `${x < 0 ? '−' : '+'} ${Math.abs(x).toFixed(2)}`;

function recommendHuman(r: RecommendResult): string {
  const who = r.features
    ? `a new user (from features ${r.features.map((f) => f.key).join(', ')})`
    : r.foldIn
      ? `a new user (folded in from ${r.items.map((i) => i.title ?? i.key).join('; ')})`
      : `user ${r.user}`;
  const lines = [`top ${r.recommendations.length} for ${who}; score: ${r.scoreMeaning}`, filterLine(r.filter)];
  r.recommendations.forEach((rec, n) => {
    const p = rec.parts;
    const value =
      rec.predicted === null
        ? `${rec.score.toFixed(3)} = bias ${p.itemBias.toFixed(2)} ${signed(p.dot)}`
        : `${rec.predicted.toFixed(2)} = μ ${p.globalMean.toFixed(2)} ${signed(p.userBias)} ${signed(p.itemBias)} ${signed(p.dot)}` +
          (rec.predicted !== rec.score ? ` (${rec.score.toFixed(2)} clamped)` : '');
    const support =
      rec.count === null
        ? null
        : rec.fromFeatures
          ? `new: from its features (${rec.count} training interactions behind them)`
          : `${rec.count} in training`;
    const about = [support, rec.genres.join('|') || null].filter(Boolean);
    lines.push(
      `${String(n + 1).padStart(3)}. ${rec.title ?? rec.key}${rec.title ? ` [${rec.key}]` : ''}  ${about.join('; ')}`,
    );
    lines.push(`       ${value}`);
    // Two significant digits: spread over a few hundred liked items each part of p·q is often under 0.01.
    const because = rec.because.map((b) => `${b.title ?? b.key} (+${b.contribution.toPrecision(2)})`).join('; ');
    if (because) lines.push(`       because: ${because}`);
  });
  if (r.unknown.length) lines.push(`not in the vocabulary: ${r.unknown.join(', ')}`);
  if (r.untrained.length) lines.push(`never trained, left out of the fold-in: ${r.untrained.join(', ')}`);
  return lines.join('\n');
}

export const recommendCommand: Command = {
  usage:
    'ewb recommend --db DB --run RUN (--user KEY | --items KEY=RATING,... | --user-features COL=VALUE,... | --all --out FILE [--format csv|parquet] [--force]) [-k 10] [--min-count N] [--genre G] [--json]',
  summary: 'recommend items for a user (seen items left out, each explained), a new user, or every user to a file',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    user: { type: 'string' },
    items: { type: 'string' },
    'user-features': { type: 'string' },
    k: { type: 'string', short: 'k' },
    ...FILTER,
    ...BATCH_OPTIONS,
  },
  help: [
    '--user KEY        a user of the dataset: their training items are left out and explain each recommendation',
    '--items K=R,...   a new user: items (keys or titles) with ratings (mf) or bare (implicit), folded in without',
    '                  retraining; separate with ; when titles hold commas',
    '--user-features COL=VALUE,...  a new user with no history, from their features alone (a run trained with',
    '                  --features users|both; COL a column of the user features file, e.g. country=France)',
    '--all             every user of the dataset that was trained, to --out as user,rank,item,title,score,because',
    "                  (because: the user's items adding most to the score, keys joined by |), as --user answers each",
    '-k N              how many (default 10)',
    ...FILTER_HELP,
    'mf scores are predicted ratings, clamped to the data’s scale, shown with their parts: μ + b_u + b_i + p·q;',
    'because: the liked items that add most to the score (contribution to p·q).',
    ...BATCH_HELP,
  ],
  async run(values, _positionals, out) {
    if (values.all === true) {
      if (values.user !== undefined || values.items !== undefined || values['user-features'] !== undefined)
        throw new UsageError('--all recommends for every user: leave out --user, --items and --user-features');
      const output = batchOutput(values);
      const runId = intFlag(required(str(values.run), 'run'), 'run')!;
      const k = intFlag(str(values.k), 'k') ?? 10;
      const filter = filterOf(values);
      await runBatch(values, out, output.batchId!, (s) =>
        s.handlers['batch:recommend']({ runId, k, filter, ...output }),
      );
      return;
    }
    const items = str(values.items);
    const features = str(values['user-features']);
    const result = await withServices(values, (s) =>
      s.handlers['embeddings:recommend']({
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        user: str(values.user),
        items: items ? parseItems(items) : undefined,
        userFeatures: features ? userFeaturesFlag(features) : undefined,
        k: intFlag(str(values.k), 'k') ?? 10,
        filter: filterOf(values),
      }),
    );
    out.result(result, recommendHuman(result));
  },
};
