// The Spark job's own checks of spec.json, run in Python without Spark (they need only the standard library).
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJobLine } from './events';
import { SPEC_FORMAT } from './spec';
import { sparkJobFile } from './trainOnSpark';

const JOB = sparkJobFile(fileURLToPath(new URL('../../../resources', import.meta.url)));
const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;
if (!python) console.warn('skipped: the Spark job’s spec checks — no python3 on PATH');

/** load_spec's answer for each spec: the parsed spec, or the JobError message. */
function loadSpecs(specs: unknown[]): ({ ok: Record<string, unknown> } | { error: string })[] {
  const code = `
import json, sys
sys.path.insert(0, ${JSON.stringify(dirname(JOB))})
import ewb_spark
out = []
for text in json.load(sys.stdin):
    try:
        out.append({"ok": ewb_spark.load_spec(text)})
    except ewb_spark.JobError as e:
        out.append({"error": str(e)})
print(json.dumps(out))`;
  const input = JSON.stringify(specs.map((s) => (typeof s === 'string' ? s : JSON.stringify(s))));
  const r = spawnSync(python!, ['-c', code], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ({ ok: Record<string, unknown> } | { error: string })[];
}

const als = { format: SPEC_FORMAT, job: 'als', input: 'interactions.parquet', trainSplits: [0] };

describe.skipIf(!python)('the Spark job reading spec.json', () => {
  it('takes the MLlib parameters it knows, with their types (a whole float for an int is fine)', () => {
    const [r] = loadSpecs([{ ...als, params: { rank: 8.0, regParam: 1, implicitPrefs: true, alpha: 40 } }]);
    expect(r).toEqual({ ok: { ...als, params: { rank: 8, regParam: 1, implicitPrefs: true, alpha: 40 } } });
  });

  it('refuses what it cannot run, saying what', () => {
    const errors = loadSpecs([
      'not json',
      { ...als, format: 'other/1' },
      '[1, 2]',
      { ...als, params: [8] },
      { ...als, job: 'lda' },
      { ...als, params: { rank: 8, negative: 5 } },
      { ...als, params: { rank: 8.5 } },
      { ...als, params: { implicitPrefs: 1 } },
      { ...als, params: { regParam: true } },
      { ...als, trainSplits: [] },
    ]).map((r) => ('error' in r ? r.error : 'accepted'));
    expect(errors).toEqual([
      expect.stringMatching(/^spec\.json is not JSON/),
      "spec.json is not an ewb-spark/1 spec (format: 'other/1')",
      "spec.json is not an ewb-spark/1 spec (format: 'list')",
      'params must be an object of MLlib parameters (got [8])',
      "spec.json asks for job 'lda'; this job trains als, word2vec",
      'MLlib als has no parameter negative',
      'als parameter rank must be int (got 8.5)',
      'als parameter implicitPrefs must be bool (got 1)',
      'als parameter regParam must be float (got True)',
      'trainSplits must be a list of split codes (got [])',
    ]);
  });

  it('says plainly when the driver’s Python has no numpy (pyspark.ml needs it), before starting Spark', () => {
    const code = `import sys
sys.modules["numpy"] = None  # import numpy now raises ImportError, as where it is not installed
sys.path.insert(0, ${JSON.stringify(dirname(JOB))})
import ewb_spark
sys.exit(ewb_spark.main(["train", "--stage", "/nowhere"]))`;
    const r = spawnSync(python!, ['-c', code], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(parseJobLine(r.stdout)).toMatchObject({
      event: 'error',
      message: expect.stringMatching(/^pyspark\.ml needs numpy in the driver's Python \(.*\): pip install numpy$/),
    });
  });
});
