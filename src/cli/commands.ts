// The CLI's commands. Names, flags and --json fields are a public interface: extend, never rename.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { NeighborsResult, RunEvent, TrainRequest, TrainResult } from '../shared';
import { WorkbenchError } from '../shared';
import { TRAIN_DEFAULTS } from '../core/config';
import { startServer } from '../server/httpServer';
import { intFlag, numFlag, required, UsageError } from './args';
import { importCommand, importHuman } from './importCommand';
import { headlessServices, ROOT } from '../core/headless';
import { printRunEvent, type Output } from './output';
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

const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);
const DB: Options = { db: { type: 'string' } };
const JSON_FLAG: Options = { json: { type: 'boolean' } };

function trainHuman(r: TrainResult): string {
  const f = (x: number): string => x.toFixed(4);
  return [
    `run ${r.runId} (${r.engine}) finished in ${r.seconds.toFixed(1)} s; best epoch ${r.bestEpoch} of ${r.epochs}`,
    `test RMSE ${f(r.metrics.test.rmse)}  MAE ${f(r.metrics.test.mae)}   (global-mean baseline RMSE ${f(r.baselines.globalMean.test.rmse)})`,
  ].join('\n');
}

function neighborsHuman(r: NeighborsResult): string {
  return [
    `nearest to ${r.key} (${r.metric}):`,
    ...r.neighbors.map(
      (n, i) => `${String(i + 1).padStart(3)}. ${n.score.toFixed(3)}  ${n.key}${n.title ? `  ${n.title}` : ''}`,
    ),
  ].join('\n');
}

/** The train request from the shared training flags. */
function trainRequest(values: Values, dataset: string): TrainRequest {
  return {
    dataset,
    model: 'mf',
    dim: intFlag(str(values.dim), 'dim'),
    epochs: intFlag(str(values.epochs), 'epochs'),
    seed: intFlag(str(values.seed), 'seed'),
    threads: intFlag(str(values.threads), 'threads'),
    lr: numFlag(str(values.lr), 'lr'),
    reg: numFlag(str(values.reg), 'reg'),
  };
}

/** Services for a command that trains: the run's events are printed as they come. */
function trainingServices(dbPath: string, out: Output): Services {
  let total = 0;
  return headlessServices(dbPath, (event, payload) => {
    if (event !== 'runs:progress') return;
    const e = payload as RunEvent;
    if (e.type === 'started') total = e.epochs;
    printRunEvent(out, e, total);
  });
}

/** Runs `fn` with services on `dbPath` and always closes them (the database and any training process). */
async function withServices<T>(services: Services, fn: (s: Services) => Promise<T>): Promise<T> {
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}

const TRAIN_OPTIONS: Options = {
  dim: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  lr: { type: 'string' },
  reg: { type: 'string' },
};
const TRAIN_HELP = [
  `--dim N        factors per row (default ${TRAIN_DEFAULTS.dim})`,
  `--epochs N     passes over the training split (default ${TRAIN_DEFAULTS.epochs}); the best epoch on valid is kept`,
  `--seed N       seed of initialisation and shuffling (default ${TRAIN_DEFAULTS.seed})`,
  `--threads N    worker threads (default: all cores); 1 with a seed is bit-for-bit reproducible`,
  `--lr X         SGD learning rate (default ${TRAIN_DEFAULTS.lr})`,
  `--reg X        L2 on factors (default ${TRAIN_DEFAULTS.reg})`,
];

export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  train: {
    usage:
      'ewb train --db DB --dataset NAME --model mf [--dim 64] [--epochs 20] [--seed 42] [--threads N] [--lr X] [--reg X] [--json]',
    summary: 'train a model in its own process and store the run',
    options: { ...DB, ...JSON_FLAG, ...TRAIN_OPTIONS, dataset: { type: 'string' }, model: { type: 'string' } },
    help: ['--model mf     biased matrix factorisation of explicit ratings (the only model so far)', ...TRAIN_HELP],
    async run(values, _positionals, out) {
      const model = str(values.model) ?? 'mf';
      if (model !== 'mf') throw new UsageError(`--model ${model} is not available yet; use mf`);
      const req = trainRequest(values, required(str(values.dataset), 'dataset'));
      const result = await withServices(
        trainingServices(required(str(values.db), 'db'), out),
        (s) => s.train(req).settled,
      );
      out.result(result, trainHuman(result));
    },
  },
  neighbors: {
    usage: 'ewb neighbors --db DB --run RUN --table items --key KEY [-k 10] [--json]',
    summary: 'nearest rows of a table to one key, by cosine similarity',
    options: {
      ...DB,
      ...JSON_FLAG,
      run: { type: 'string' },
      table: { type: 'string' },
      key: { type: 'string' },
      k: { type: 'string', short: 'k' },
    },
    help: [
      '--table T      users or items (default items)',
      '--key KEY      the raw id as in the imported file',
      '-k N           how many (default 10)',
    ],
    async run(values, _positionals, out) {
      const req = {
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        table: str(values.table) ?? 'items',
        key: required(str(values.key), 'key'),
        k: intFlag(str(values.k), 'k') ?? 10,
      };
      const result = await withServices(
        headlessServices(required(str(values.db), 'db'), () => undefined),
        (s) => s.handlers['embeddings:neighbors'](req),
      );
      out.result(result, neighborsHuman(result));
    },
  },
  export: {
    usage: 'ewb export --db DB --run RUN --table items --format projector --out DIR [--json]',
    summary: 'write a table for other tools (TensorFlow Projector TSV pair)',
    options: {
      ...DB,
      ...JSON_FLAG,
      run: { type: 'string' },
      table: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
    help: [
      '--table T      users or items (default items)',
      '--format F     projector (vectors TSV + metadata TSV)',
      '--out DIR      output folder (created if missing)',
    ],
    async run(values, _positionals, out) {
      const format = str(values.format) ?? 'projector';
      if (format !== 'projector') throw new UsageError(`--format ${format} is not available yet; use projector`);
      const req = {
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        table: str(values.table) ?? 'items',
        format,
        outDir: required(str(values.out), 'out'),
      } as const;
      const result = await withServices(
        headlessServices(required(str(values.db), 'db'), () => undefined),
        (s) => s.handlers['embeddings:export'](req),
      );
      out.result(result, `wrote ${result.rows} rows × ${result.dim}:\n${result.files.map((p) => `  ${p}`).join('\n')}`);
    },
  },
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
      const req = trainRequest({ dim: '32', ...values }, '');
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
        const beats = result.metrics.test.rmse < result.baselines.globalMean.test.rmse;
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
