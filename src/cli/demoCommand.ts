// `ewb demo`: the main job on the bundled sample, end to end, without a window.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkbenchError } from '../shared';
import { importHuman } from './importCommand';
import { neighborsHuman } from './exploreCommands';
import { str } from './args';
import type { Command } from './command';
import { withServices } from './services';
import { printRunEvents, trainHuman } from './trainCommand';
import { TRAIN_HELP, TRAIN_OPTIONS, trainRequest } from './trainFlags';

export const demoCommand: Command = {
  usage: 'ewb demo [--db DB] [--json] [train options]',
  summary: 'the main job on the bundled sample: import, train, test RMSE, neighbours',
  options: { db: { type: 'string' }, json: { type: 'boolean' }, ...TRAIN_OPTIONS },
  help: ['--db DB        keep the project here (default: a new temporary folder)', ...TRAIN_HELP],
  async run(values, _positionals, out) {
    const dbPath = str(values.db) ?? join(mkdtempSync(join(tmpdir(), 'ewb-demo-')), 'demo.db');
    const req = trainRequest({ dim: '32', ...values, model: 'mf' }, '');
    await withServices(
      { ...values, db: dbPath },
      async (s) => {
        const taken = new Set((await s.handlers['datasets:list']()).map((d) => d.name));
        let name = 'sample';
        for (let n = 2; taken.has(name); n++) name = `sample-${n}`;
        const imported = await s.handlers['datasets:import']({ path: s.samplePath, name });
        out.progress({ ...imported, type: 'progress', event: 'imported' }, importHuman(imported));
        const result = await s.train({ ...req, dataset: imported.dataset }).settled;
        const top = (await s.handlers['embeddings:keys']({ runId: result.runId, table: 'items', limit: 1 }))[0];
        if (!top) throw new WorkbenchError('Internal', 'the sample has no items');
        const near = await s.handlers['embeddings:neighbors']({
          runId: result.runId,
          table: 'items',
          key: top.key,
          k: 10,
        });
        const beats = result.metrics.test.rmse! < result.baselines.globalMean!.test.rmse!;
        out.result(
          {
            ...result,
            db: dbPath,
            dataset: imported.dataset,
            neighbors: { key: top.key, title: top.title, neighbors: near.neighbors },
          },
          [
            trainHuman(result),
            beats
              ? 'the factorisation beats the global-mean baseline'
              : 'WARNING: no better than the global-mean baseline',
            `${top.title ?? top.key}, the most rated item:`,
            neighborsHuman(near),
            `project database: ${dbPath}`,
          ].join('\n'),
        );
      },
      printRunEvents(out),
    );
  },
};
