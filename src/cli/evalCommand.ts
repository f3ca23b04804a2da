// `ewb eval`: analogy accuracy (3CosAdd over the 30,000 most frequent rows) and similarity correlation.
import type { EvaluateResult } from '../shared';
import { intFlag, required, str } from './args';
import type { Command } from './command';
import { withServices } from './services';

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');

function evalHuman(r: EvaluateResult): string {
  const lines = [`run ${r.runId}, table ${r.table}`];
  if (r.analogies) {
    const a = r.analogies;
    lines.push(
      `analogies: ${pct(a.accuracy)} of ${a.questions} questions (${a.skipped} skipped: a word outside the vocabulary)`,
    );
    for (const [name, s] of Object.entries(a.sections))
      lines.push(`  ${name.padEnd(28)} ${pct(s.accuracy).padStart(6)}  (${s.correct}/${s.total})`);
  }
  if (r.similarity) {
    const s = r.similarity;
    lines.push(
      `similarity: Spearman ρ ${s.spearman.toFixed(4)} over ${s.pairs} pairs, ${pct(s.oovRatio)} of pairs out of vocabulary`,
    );
  }
  return lines.join('\n');
}

export const evalCommand: Command = {
  usage: 'ewb eval --db DB --run RUN [--analogies FILE] [--similarity FILE] [--table T] [--restrict 30000] [--json]',
  summary: "evaluate a run's vectors: word analogies and word similarity",
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    table: { type: 'string' },
    analogies: { type: 'string' },
    similarity: { type: 'string' },
    restrict: { type: 'string' },
  },
  help: [
    '--analogies FILE  questions-words.txt format: `: section` lines, then `a b c d` (a is to b as c is to d)',
    '--similarity FILE word pairs with a human score (`w1 w2 score`); Spearman ρ and the out-of-vocabulary ratio',
    "--table T         default: the run's words (or items/events) table",
    '--restrict N      analogies over the N most frequent rows (default 30000, as gensim)',
  ],
  async run(values, _positionals, out) {
    const result = await withServices(values, (s) =>
      s.handlers['embeddings:evaluate']({
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        table: str(values.table),
        analogies: str(values.analogies),
        similarity: str(values.similarity),
        restrict: intFlag(str(values.restrict), 'restrict'),
      }),
    );
    out.result(result, evalHuman(result));
  },
};
