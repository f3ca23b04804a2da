// `ewb rm`, `ewb rename`, `ewb note`, `ewb report`: managing what a project holds.
import type { RemovalReport } from '../shared';
import { UsageError } from './args';
import type { Command } from './command';
import { TARGET_OPTIONS, targetOf } from './projectArgs';
import { withServices } from './services';

const TARGET_HELP = '--run N | --dataset NAME   what to act on';

function removalHuman(r: RemovalReport): string {
  const lines = [r.removed ? `removed ${r.summary}` : `would remove ${r.summary}`];
  if (r.dataset)
    lines.push(...r.runs.map((x) => `  run ${x.id} ${x.model} (${x.status})${x.name ? ` "${x.name}"` : ''}`));
  lines.push(...r.exports.map((e) => `  ${r.removed ? 'removed' : 'removes'} ${e}`));
  lines.push(...r.keptExports.map((e) => `  keeps ${e}`));
  if (!r.removed) lines.push('nothing was removed: add --yes to remove it');
  return lines.join('\n');
}

export const rmCommand: Command = {
  usage: 'ewb rm --db DB (--run N | --dataset NAME) [--yes] [--json]',
  summary: 'remove a run, or a dataset with its runs, saying what goes along (exports in the project)',
  options: { db: { type: 'string' }, json: { type: 'boolean' }, yes: { type: 'boolean' }, ...TARGET_OPTIONS },
  help: [
    TARGET_HELP,
    '--yes          remove it; without --yes only says what would go (removed: false)',
    'Exports in the project folder go with their run; exports saved elsewhere stay where they are.',
  ],
  async run(values, _positionals, out) {
    const report = await withServices(values, async (s) => {
      const t = await targetOf(values, s);
      return s.handlers['project:remove']({
        ...(t.runId !== undefined ? { runId: t.runId } : { datasetId: t.datasetId }),
        dryRun: values.yes !== true,
      });
    });
    out.result(report, removalHuman(report));
  },
};

export const renameCommand: Command = {
  usage: 'ewb rename --db DB (--run N | --dataset NAME) NEW_NAME [--json]',
  summary: 'rename a dataset (a new unique name) or name a run ("" clears it)',
  options: { db: { type: 'string' }, json: { type: 'boolean' }, ...TARGET_OPTIONS },
  help: [TARGET_HELP],
  async run(values, positionals, out) {
    if (positionals.length !== 1) throw new UsageError('give the new name (one argument; quote names with spaces)');
    const name = positionals[0]!;
    const result = await withServices(values, async (s) => {
      const t = await targetOf(values, s);
      return t.runId !== undefined
        ? s.handlers['runs:update']({ runId: t.runId, name })
        : s.handlers['datasets:update']({ datasetId: t.datasetId, name });
    });
    const what = 'model' in result ? `run ${result.id}` : `dataset ${result.id}`;
    out.result({ type: 'result', ...result }, `${what} is now ${result.name ? `"${result.name}"` : 'unnamed'}`);
  },
};

export const noteCommand: Command = {
  usage: 'ewb note --db DB (--run N | --dataset NAME) [TEXT] [--clear] [--tag T ...] [--untag T ...] [--json]',
  summary: 'annotate and tag a dataset or run (without TEXT or tags: show its note and tags)',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    clear: { type: 'boolean' },
    tag: { type: 'string', multiple: true },
    untag: { type: 'string', multiple: true },
    ...TARGET_OPTIONS,
  },
  help: [
    TARGET_HELP,
    'TEXT           the note (replaces the one before)',
    '--clear        remove the note',
    '--tag T        add a tag (repeat for more); --untag T removes one',
  ],
  async run(values, positionals, out) {
    if (positionals.length > 1) throw new UsageError('give the note as one argument (quote it)');
    if (values.clear === true && positionals.length) throw new UsageError('give a note or --clear, not both');
    const note = values.clear === true ? '' : positionals[0];
    const tags = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);
    const change = { note, addTags: tags(values.tag), removeTags: tags(values.untag) };
    const result = await withServices(values, async (s) => {
      const t = await targetOf(values, s);
      return t.runId !== undefined
        ? s.handlers['runs:update']({ runId: t.runId, ...change })
        : s.handlers['datasets:update']({ datasetId: t.datasetId, ...change });
    });
    const what = 'model' in result ? `run ${result.id}` : `dataset "${result.name}"`;
    out.result(
      { type: 'result', ...result },
      [`${what}`, `note: ${result.note ?? '(none)'}`, `tags: ${result.tags?.join(', ') || '(none)'}`].join('\n'),
    );
  },
};
