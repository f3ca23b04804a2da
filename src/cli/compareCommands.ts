// `ewb compare` (runs side by side, with a stability report for two runs) and `ewb biases` (the item bias
// leaderboard of an mf run).
import type { BiasesResult, BiasRow, CompareResult } from '../shared';
import { intFlag, required, str, UsageError } from './args';
import type { Command } from './command';
import { withServices } from './services';

const f4 = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(4));

export function compareHuman(r: CompareResult): string {
  const ids = r.runs.map((x) => `#${x.id}`);
  const width = Math.max(12, ...r.metrics.map((m) => `${m.split} ${m.name}`.length), 'config'.length);
  const head = (label: string): string => [label.padEnd(width), ...ids.map((i) => i.padStart(10))].join('  ');
  const lines = [
    `runs ${r.runs.map((x) => `#${x.id} ${x.model} on ${x.dataset} (${x.status})`).join(', ')}`,
    '',
    head('config'),
    ...(r.configDiff.length
      ? r.configDiff.map((c) => [c.key.padEnd(width), ...c.values.map((v) => String(v ?? '–').padStart(10))].join('  '))
      : ['(same config)']),
    '',
    head('best epoch'),
    ...r.metrics.map((m) =>
      [
        `${m.split} ${m.name}`.padEnd(width),
        ...m.values.map((v, i) => `${f4(v)}${m.best === i ? '*' : ' '}`.padStart(10)),
      ].join('  '),
    ),
  ];
  if (r.metrics.length) lines.push('(* best)');
  const s = r.stability;
  lines.push('');
  if (!s) lines.push(`no stability report: ${r.stabilityNote ?? 'not asked'}`);
  else {
    lines.push(
      `stability of ${s.table} (${s.rows} rows, dims ${s.dims.join(' and ')}` +
        `${s.rowsCompared !== undefined ? `; compared: ${s.rowsCompared} rows trained in both with the default minimum count` : ''}):`,
      `  top-${s.k} cosine neighbour overlap over ${s.sample} sample rows (seed ${s.seed}): mean ${s.overlap.mean.toFixed(3)}, ` +
        `median ${s.overlap.median.toFixed(3)}, quartiles ${s.overlap.p25.toFixed(3)}–${s.overlap.p75.toFixed(3)} (chance ${s.chanceOverlap.toFixed(4)})`,
      ...(s.bands ?? []).map(
        (b) =>
          `    ${b.name.padEnd(8)} ${String(b.rows).padStart(7)} rows, counts ${b.minCount}–${b.maxCount}: mean ${b.mean.toFixed(3)} over ${b.sample} rows`,
      ),
    );
    const p = s.procrustes;
    if (p)
      lines.push(
        `  Procrustes-aligned over ${p.rows} rows: mean row distance ${p.meanRowDistance.toFixed(4)} (mean norms ${p.meanNorms
          .map((n) => n.toFixed(3))
          .join(
            ', ',
          )}), relative error ${p.relativeError.toFixed(4)}; unaligned ${p.unalignedRelativeError.toFixed(4)}`,
      );
    else lines.push('  no Procrustes distance: the tables have different dims');
  }
  return lines.join('\n');
}

export const compareCommand: Command = {
  usage: 'ewb compare --db DB --run A --run B [--run C …] [--table T] [--sample 500] [--seed 42] [--json]',
  summary: 'runs side by side: config differences, best-epoch metrics, and stability of two runs',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string', multiple: true },
    table: { type: 'string' },
    sample: { type: 'string' },
    seed: { type: 'string' },
  },
  help: [
    '--run ID       a run to compare; give it two or more times',
    '--table T      the table whose stability is measured (default items, words, events or users)',
    '--sample N     rows whose top-10 cosine neighbours are compared (default 500, seeded)',
    '--seed N       seed of that sample (default 42)',
  ],
  async run(values, _positionals, out) {
    const raw = values.run;
    const runs = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => intFlag(String(v), 'run')!);
    if (runs.length < 2) throw new UsageError('give --run at least twice (ewb compare --run A --run B)');
    const result = await withServices(values, (s) =>
      s.handlers['runs:compare']({
        runIds: runs,
        table: str(values.table),
        sample: intFlag(str(values.sample), 'sample'),
        seed: intFlag(str(values.seed), 'seed'),
      }),
    );
    out.result(result, compareHuman(result));
  },
};

function biasLines(title: string, rows: readonly BiasRow[]): string[] {
  return [
    title,
    ...rows.map(
      (b, i) =>
        `${String(i + 1).padStart(3)}. ${(b.bias >= 0 ? '+' : '') + b.bias.toFixed(3)}  n=${String(b.count).padEnd(5)}` +
        `${b.meanRating === null ? '' : ` mean ${b.meanRating.toFixed(2)}`}  ${b.key}${b.title ? `  ${b.title}` : ''}`,
    ),
  ];
}

export function biasesHuman(r: BiasesResult): string {
  return [
    `item biases of run ${r.runId} (${r.table}), rows with ≥ ${r.minCount} training ratings: ${r.eligible} (${r.belowMinCount} left out)` +
      (r.globalMean === null ? '' : `; global mean ${r.globalMean.toFixed(3)}`),
    ...biasLines('highest:', r.highest),
    ...biasLines('lowest:', r.lowest),
  ].join('\n');
}

export const biasesCommand: Command = {
  usage: 'ewb biases --db DB --run RUN [--table items] [--top 10] [--min-count 5] [--json]',
  summary: 'the highest and lowest item biases of an mf run, with their rating counts',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    table: { type: 'string' },
    top: { type: 'string' },
    'min-count': { type: 'string' },
  },
  help: [
    '--table T      items (default) or users',
    '--top N        rows at each end (default 10)',
    '--min-count C  only rows with at least C training ratings (default 5), so that rarely rated items do not dominate',
  ],
  async run(values, _positionals, out) {
    const result = await withServices(values, (s) =>
      s.handlers['embeddings:biases']({
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        table: str(values.table),
        top: intFlag(str(values.top), 'top'),
        minCount: intFlag(str(values['min-count']), 'min-count'),
      }),
    );
    out.result(result, biasesHuman(result));
  },
};
