// `ewb predict`: a classifier run's predicted probabilities per sequence of its dataset (key, split, label), or
// of a new file of texts or sequences read with the dataset's rules (--input), as CSV or Parquet.
import { BATCH_FORMATS, FORMAT_CHOICES, PREDICT_SPLITS } from '../shared';
import { intFlag, oneOf, required, str, UsageError } from './args';
import { runBatch } from './batchRun';
import type { Command } from './command';
import { metricsLine } from './output';
import { withServices } from './services';

export const predictCommand: Command = {
  usage:
    'ewb predict --db DB --run RUN [--split test|valid|train|all | --input FILE [--input-format auto|text|csv|…] [--format csv|parquet]] --out FILE [--force] [--json]',
  summary: "write a classifier run's predicted probabilities per sequence of its dataset, or of a new file",
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    split: { type: 'string' },
    out: { type: 'string' },
    input: { type: 'string' },
    'input-format': { type: 'string' },
    format: { type: 'string' },
    force: { type: 'boolean' },
  },
  help: [
    '--run N           a completed classifier run',
    '--split S         test (default), valid, train or all of its dataset',
    '--out FILE        the CSV to write: seq,key,split,label,predicted,p_<label>… (one probability per label;',
    '                  predicted is the most probable label, for two labels the second at p ≥ 0.5)',
    "--input FILE      a new file instead: read with the dataset's columns (its text, or session and item/event",
    '                  columns; a label column is optional and then scored), tokenizer and vocabulary, padded as the',
    '                  run was trained; a .txt file is one document per line. Writes seq,key,label,predicted,p_<label>…',
    `--input-format F  how to read --input: ${FORMAT_CHOICES.join(', ')} (default: .txt is text, else sniffed)`,
    `--format F        with --input: ${BATCH_FORMATS.join(' or ')} (default: from --out's extension, else csv)`,
    '--force           replace --out if it exists (never replaced otherwise)',
  ],
  async run(values, _positionals, out) {
    const runId = intFlag(required(str(values.run), 'run'), 'run')!;
    const input = str(values.input);
    if (input !== undefined) {
      if (values.split !== undefined)
        throw new UsageError('--split names a part of the dataset; --input is a new file: give one');
      const batchId = `cli-${process.pid}-${Date.now()}`;
      const inputFormat = oneOf(str(values['input-format']), FORMAT_CHOICES, 'input-format');
      await runBatch(
        values,
        out,
        batchId,
        (s) =>
          s.handlers['batch:predict']({
            runId,
            path: input,
            ...(inputFormat ? { read: { format: inputFormat } } : {}),
            out: required(str(values.out), 'out'),
            format: oneOf(str(values.format), BATCH_FORMATS, 'format'),
            overwrite: values.force === true,
            batchId,
          }),
        (r) => {
          const p = r.predictions!;
          return [
            `${(100 * p.oovShare).toFixed(1)}% of the file's tokens are outside the run's vocabulary (read as OOV)`,
            ...(p.metrics ? [`${p.labelled} labelled: ${metricsLine({ ...p.metrics })}`] : []),
            ...(p.unknownLabels.length ? [`labels the run never saw (not scored): ${p.unknownLabels.join(', ')}`] : []),
          ];
        },
      );
      return;
    }
    if (values.format !== undefined) throw new UsageError('--format applies to --input; a split is written as CSV');
    const result = await withServices(values, (s) =>
      s.handlers['runs:predict']({
        runId,
        split: oneOf(str(values.split), PREDICT_SPLITS, 'split'),
        out: required(str(values.out), 'out'),
        overwrite: values.force === true,
      }),
    );
    out.result(
      result,
      `wrote ${result.rows} predictions of run ${result.runId} (${result.split}) to ${result.out}` +
        (result.metrics ? `\n${metricsLine({ ...result.metrics })}` : ''),
    );
  },
};
