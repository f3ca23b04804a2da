// `ewb recommend`: top-K items for a user, or for a new user folded in from a few rated items.
import type { RecommendResult } from '../shared';
import { intFlag, required, str, UsageError } from './args';
import { BATCH_HELP, BATCH_OPTIONS, batchOutput, runBatch } from './batchRun';
import type { Command } from './command';
import { withServices } from './services';

/** `key=rating,key,...` (ratings for mf runs; bare keys for implicit). */
export function parseItems(value: string): { key: string; rating?: number }[] {
  return value.split(',').map((part) => {
    const eq = part.lastIndexOf('=');
    if (eq < 0) return { key: part.trim() };
    const rating = Number(part.slice(eq + 1));
    if (!Number.isFinite(rating)) throw new UsageError(`--items: "${part}" is not key=rating`);
    return { key: part.slice(0, eq).trim(), rating };
  });
}

function recommendHuman(r: RecommendResult): string {
  const who = r.foldIn ? 'a new user (folded in)' : `user ${r.user}`;
  const lines = [`top ${r.recommendations.length} for ${who}:`];
  r.recommendations.forEach((rec, n) => {
    const because = rec.because.map((b) => b.title ?? b.key).join('; ');
    lines.push(
      `${String(n + 1).padStart(3)}. ${rec.score.toFixed(3)}  ${rec.key}${rec.title ? `  ${rec.title}` : ''}${because ? `   because: ${because}` : ''}`,
    );
  });
  if (r.unknown.length) lines.push(`not in the vocabulary: ${r.unknown.join(', ')}`);
  return lines.join('\n');
}

export const recommendCommand: Command = {
  usage:
    'ewb recommend --db DB --run RUN (--user KEY | --items KEY=RATING,... | --all --out FILE [--format csv|parquet] [--force]) [-k 10] [--json]',
  summary: 'recommend items for a user (seen items left out, each explained), a new user, or every user to a file',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    user: { type: 'string' },
    items: { type: 'string' },
    k: { type: 'string', short: 'k' },
    ...BATCH_OPTIONS,
  },
  help: [
    '--user KEY        a user of the dataset: their training items are left out and explain each recommendation',
    '--items K=R,...   a new user: items with ratings (mf) or bare item keys (implicit), folded in without retraining',
    '--all             every user of the dataset, written to --out as user,rank,item,title,score,because',
    "                  (because: the user's items closest to the pick, keys joined by |), as --user answers each",
    '-k N              how many (default 10)',
    ...BATCH_HELP,
  ],
  async run(values, _positionals, out) {
    if (values.all === true) {
      if (values.user !== undefined || values.items !== undefined)
        throw new UsageError('--all recommends for every user: leave out --user and --items');
      const output = batchOutput(values);
      const runId = intFlag(required(str(values.run), 'run'), 'run')!;
      const k = intFlag(str(values.k), 'k') ?? 10;
      await runBatch(values, out, output.batchId!, (s) => s.handlers['batch:recommend']({ runId, k, ...output }));
      return;
    }
    const items = str(values.items);
    const result = await withServices(values, (s) =>
      s.handlers['embeddings:recommend']({
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        user: str(values.user),
        items: items ? parseItems(items) : undefined,
        k: intFlag(str(values.k), 'k') ?? 10,
      }),
    );
    out.result(result, recommendHuman(result));
  },
};
