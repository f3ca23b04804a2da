// `ewb list`: the project's datasets and runs, with names, notes and tags; failed and cancelled runs on request.
import type { DatasetSummary, RunSummary } from '../shared';
import type { Command } from './command';
import { withServices } from './services';

const HIDDEN = new Set(['failed', 'cancelled', 'interrupted']);

function runLine(r: RunSummary): string {
  const kept = r.checkpointEpoch !== null && r.status !== 'completed' ? ` (epoch ${r.checkpointEpoch} kept)` : '';
  const tags = r.tags?.length ? `  [${r.tags.join(', ')}]` : '';
  return `  run ${String(r.id).padStart(4)}  ${r.model.padEnd(10)} ${`${r.status}${kept}`.padEnd(26)} dim ${String(r.config.dim).padEnd(4)} ${r.createdAt.slice(0, 16).replace('T', ' ')}${r.name ? `  "${r.name}"` : ''}${tags}${r.note ? `\n             note: ${r.note.split('\n')[0]}` : ''}`;
}

function datasetLine(d: DatasetSummary): string {
  const size = [
    d.rows ? `${d.rows.toLocaleString('en-US')} rows` : '',
    d.sequences ? `${d.sequences.toLocaleString('en-US')} sequences` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const tags = d.tags?.length ? `  [${d.tags.join(', ')}]` : '';
  return `${d.name}  (${d.kind}${size ? `, ${size}` : ''}; id ${d.id})${tags}${d.note ? `\n  note: ${d.note.split('\n')[0]}` : ''}`;
}

export const listCommand: Command = {
  usage: 'ewb list --db DB [--all] [--json]',
  summary: 'the datasets and runs of a project, with their names, notes and tags',
  options: { db: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' } },
  help: ['--all          also failed, cancelled and interrupted runs (hidden by default)'],
  async run(values, _positionals, out) {
    const { datasets, runs } = await withServices(values, async (s) => ({
      datasets: await s.handlers['datasets:list'](),
      runs: await s.handlers['runs:list'](),
    }));
    const shown = values.all === true ? runs : runs.filter((r) => !HIDDEN.has(r.status));
    const hidden = runs.length - shown.length;
    const lines = datasets.flatMap((d) => [
      datasetLine(d),
      ...shown
        .filter((r) => r.datasetId === d.id)
        .sort((a, b) => a.id - b.id)
        .map(runLine),
    ]);
    if (datasets.length === 0) lines.push('no datasets yet: ewb import FILE --db DB');
    if (hidden) lines.push(`(${hidden} failed, cancelled or interrupted runs hidden: --all shows them)`);
    out.result({ type: 'result', datasets, runs: shown, hidden }, lines.join('\n'));
  },
};
