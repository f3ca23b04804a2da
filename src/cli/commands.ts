// The CLI's commands. Names, flags and --json fields are a public interface: extend, never rename.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { WorkbenchError } from '../shared';
import { startServer } from '../server/httpServer';
import { intFlag, required, str } from './args';
import { evalCommand } from './evalCommand';
import { analogyCommand, exportCommand, neighborsCommand, neighborsHuman } from './exploreCommands';
import { biasesCommand, compareCommand } from './compareCommands';
import { recommendCommand } from './recommendCommand';
import { predictCommand } from './predictCommand';
import { projectCommand } from './projectCommand';
import { importCommand, importHuman } from './importCommand';
import { importVectorsCommand } from './importVectorsCommand';
import { TRAIN_HELP, TRAIN_OPTIONS, trainHuman, trainingServices, trainRequest, trainCommand } from './trainCommand';
import { ROOT } from '../core/headless';
import type { Output } from './output';
import type { Services } from '../core/services';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  usage: string;
  summary: string;
  options: Options;
  /** Lines of option help. */
  help: string[];
  run(values: Values, positionals: string[], out: Output): Promise<void>;
}

const DB: Options = { db: { type: 'string' } };
const JSON_FLAG: Options = { json: { type: 'boolean' } };

/** Runs `fn` with services on `dbPath` and always closes them (the database and any training process). */
async function withServices<T>(services: Services, fn: (s: Services) => Promise<T>): Promise<T> {
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}

export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  'import-vectors': importVectorsCommand,
  train: trainCommand,
  eval: evalCommand,
  recommend: recommendCommand,
  neighbors: neighborsCommand,
  compare: compareCommand,
  biases: biasesCommand,
  analogy: analogyCommand,
  export: exportCommand,
  predict: predictCommand,
  project: projectCommand,
  serve: {
    usage: 'ewb serve --db DB [--host 127.0.0.1] [--port 0] [--sample]',
    summary: 'serve the app to a browser (the same UI as the desktop window)',
    options: { ...DB, host: { type: 'string' }, port: { type: 'string' }, sample: { type: 'boolean' } },
    help: [
      '--host H       address to bind (default 127.0.0.1; anything else exposes your data to the network)',
      '--port N       port (default 0: a free one)',
      '--sample       on an empty database, import the bundled sample and train one run first',
    ],
    async run(values) {
      await startServer({
        dbPath: required(str(values.db), 'db'),
        host: str(values.host) ?? '127.0.0.1',
        port: intFlag(str(values.port), 'port') ?? 0,
        sample: values.sample === true,
        staticDir: join(ROOT, 'out', 'renderer'),
      });
    },
  },
  demo: {
    usage: 'ewb demo [--db DB] [--json] [train options]',
    summary: 'the main job on the bundled sample: import, train, test RMSE, neighbours',
    options: { ...DB, ...JSON_FLAG, ...TRAIN_OPTIONS },
    help: ['--db DB        keep the project here (default: a new temporary folder)', ...TRAIN_HELP],
    async run(values, _positionals, out) {
      const dbPath = str(values.db) ?? join(mkdtempSync(join(tmpdir(), 'ewb-demo-')), 'demo.db');
      const req = trainRequest({ dim: '32', ...values, model: 'mf' }, '');
      await withServices(trainingServices(dbPath, out), async (s) => {
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
      });
    },
  },
};
