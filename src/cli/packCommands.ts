// `ewb pack RUN --out run.ewb` and `ewb unpack FILE`: a run (config, epochs, tables, its dataset's vocabularies,
// mapping and import report; no data rows) taken to another project; and `ewb report`, a dataset's import
// report again.
import { intFlag, required, str, UsageError } from './args';
import type { Command } from './command';
import { importHuman } from './importCommand';
import { TARGET_OPTIONS, targetOf } from './projectArgs';
import { withServices } from './services';

export const packCommand: Command = {
  usage: 'ewb pack RUN --db DB --out FILE.ewb [--json]',
  summary: "write a run with its dataset's vocabularies and mapping into one file another project can unpack",
  options: { db: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, run: { type: 'string' } },
  help: [
    'RUN            the run id (or --run N)',
    '--out FILE     the file to write; it must not exist yet',
    "The file holds the run (config, epochs, tables, note and tags) and its dataset's row, vocabularies, mapping and",
    'import report, not its interactions or sequences. tablesSha256 is the same after ewb unpack, bit for bit.',
  ],
  async run(values, positionals, out) {
    const given = positionals[0] ?? str(values.run);
    if (given === undefined || positionals.length > 1) throw new UsageError('give one run id: ewb pack RUN --out FILE');
    const runId = intFlag(given, 'run')!;
    const result = await withServices(values, (s) =>
      s.handlers['runs:pack']({ runId, out: required(str(values.out), 'out') }),
    );
    out.result(
      result,
      `packed run ${result.runId} (${result.tables} tables, ${result.vocabularies} vocabularies) into ${result.out}, ${(result.bytes / 1024).toFixed(0)} KiB\ntables sha256 ${result.tablesSha256}`,
    );
  },
};

export const unpackCommand: Command = {
  usage: 'ewb unpack FILE.ewb --db DB [--json]',
  summary: 'bring a packed run into this project (beside a dataset with the same vocabularies, or with its own)',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  help: [
    'FILE           a file written by ewb pack (anything else is refused, saying what it is)',
    'The run joins a dataset of the same name whose vocabularies are the same; otherwise its dataset comes along',
    '(vocabularies, mapping and report, no rows) under a free name.',
  ],
  async run(values, positionals, out) {
    if (positionals.length !== 1) throw new UsageError('give the packed file: ewb unpack FILE --db DB');
    const result = await withServices(values, (s) => s.handlers['runs:unpack']({ path: positionals[0]! }));
    out.result(
      result,
      [
        `unpacked as run ${result.runId} of dataset "${result.dataset}"${result.createdDataset ? ' (new: vocabularies and mapping, no rows)' : ''}`,
        `tables sha256 ${result.tablesSha256}`,
        ...result.notes,
      ].join('\n'),
    );
  },
};

export const reportCommand: Command = {
  usage: 'ewb report --db DB --dataset NAME [--json]',
  summary: "a dataset's import report again (rows, rejects, vocabularies, splits, quality)",
  options: { db: { type: 'string' }, json: { type: 'boolean' }, dataset: TARGET_OPTIONS.dataset },
  help: ['--dataset NAME the dataset'],
  async run(values, _positionals, out) {
    const result = await withServices(values, async (s) => {
      const t = await targetOf({ dataset: required(str(values.dataset), 'dataset') }, s);
      return s.handlers['datasets:report']({ datasetId: t.datasetId! });
    });
    out.result(
      result,
      `${importHuman(result)}${result.rebuilt ? '\n(rebuilt from the data: this import predates stored reports; OOV figures unknown)' : ''}`,
    );
  },
};
