// `ewb predict`: a classifier run's predicted probabilities per sequence, with key and true label, as CSV.
import { PREDICT_SPLITS } from '../shared';
import { intFlag, oneOf, required, str } from './args';
import type { Command } from './command';
import { metricsLine } from './output';
import { withServices } from './services';

export const predictCommand: Command = {
  usage: 'ewb predict --db DB --run RUN [--split test|valid|train|all] --out FILE.csv [--json]',
  summary: "write a classifier run's predicted probabilities per sequence (key, split, label) as CSV",
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    split: { type: 'string' },
    out: { type: 'string' },
  },
  help: [
    '--run N        a completed classifier run',
    '--split S      test (default), valid, train or all',
    '--out FILE     the CSV to write: seq,key,split,label,predicted,p_<label>… (one probability per label;',
    '               predicted is the most probable label, for two labels the second at p ≥ 0.5)',
  ],
  async run(values, _positionals, out) {
    const result = await withServices(values, (s) =>
      s.handlers['runs:predict']({
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        split: oneOf(str(values.split), PREDICT_SPLITS, 'split'),
        out: required(str(values.out), 'out'),
      }),
    );
    out.result(
      result,
      `wrote ${result.rows} predictions of run ${result.runId} (${result.split}) to ${result.out}` +
        (result.metrics ? `\n${metricsLine({ ...result.metrics })}` : ''),
    );
  },
};
