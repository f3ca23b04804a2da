// A classifier's layers kept with its run, so that it can predict files it never saw (`batch:predict`): every
// weight of the best epoch but the embedding (that is the run's `<role>s` table already) is a run_tables row of
// role `weights`, named `weights:<position>:<weight name>`, rows × dim its shape (a vector is n × 1). Loading
// builds the same model from the run's config and sets the weights in order, checking names and sizes.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ClassifierConfig, TableTransfer } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { vectorBytes } from '../store/tableParts';
import type { Tf, TfjsRuntime } from './backend';
import { buildClassifier, specOf, type ClassifierSpec } from './classifierModel';

export const WEIGHTS_ROLE = 'weights';
const EMBEDDING_WEIGHT = /^embedding\//;

/** The best weights as tables; `values` are model.getWeights() in order (Float32Array each). */
export function weightTables(model: LayersModel, values: readonly Float32Array[]): TableTransfer[] {
  return model.weights.flatMap((w, i) => {
    if (EMBEDDING_WEIGHT.test(w.originalName)) return [];
    const [rows = 1, ...rest] = w.shape as number[];
    return [
      {
        name: `weights:${i}:${w.originalName}`,
        role: WEIGHTS_ROLE,
        rows,
        dim: rest.reduce((a, b) => a * b, 1),
        data: values[i]!,
        bias: null,
      },
    ];
  });
}

export interface LoadedClassifier {
  model: LayersModel;
  spec: ClassifierSpec;
  config: ClassifierConfig;
  /** Labels by class (vocabulary order), and the role of the tokens (`word`, `item`, `event`). */
  classes: string[];
  role: string;
}

const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** The run's classifier with its best weights, on `rt`'s backend; the caller disposes `model`. */
interface StoredRow {
  name: string;
  role: string;
  rows: number;
  dim: number;
  data: Buffer;
  parts: number;
}

/** A stored row with its data whole, whether it was stored in parts (store/tableParts.ts) or not. */
function whole(db: Db, runId: number, r: StoredRow): StoredRow {
  const bytes = vectorBytes(db, runId, r.name, r);
  return { ...r, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

export function loadClassifier(db: Db, runId: number, rt: TfjsRuntime): LoadedClassifier {
  const run = db.prepare('SELECT model, dataset_id, status, config_json FROM runs WHERE id = ?').get(runId) as
    { model: string; dataset_id: number; status: string; config_json: string } | undefined;
  if (!run) throw new WorkbenchError('NotFound', `no run ${runId}`);
  if (run.model !== 'classifier')
    throw new WorkbenchError('BadRequest', `run ${runId} is a ${run.model} run; predictions come from classifier runs`);
  const config = JSON.parse(run.config_json) as ClassifierConfig;
  const stored = db
    .prepare('SELECT name, role, rows, dim, data, parts FROM run_tables WHERE run_id = ? AND role = ? ORDER BY name')
    .all(runId, WEIGHTS_ROLE)
    .map((r) => whole(db, runId, r as StoredRow));
  if (run.status !== 'completed' || stored.length === 0)
    throw new WorkbenchError(
      'NotFound',
      run.status !== 'completed'
        ? `run ${runId} is ${run.status}: a classifier predicts new files once it has completed`
        : `run ${runId} was trained before classifiers kept their layers: train it again to predict new files`,
    );
  const classes = (
    db
      .prepare(`SELECT key FROM vocab WHERE dataset_id = ? AND role = 'label' AND idx >= 2 ORDER BY idx`)
      .all(run.dataset_id) as { key: string }[]
  ).map((r) => r.key);
  const embedding = db
    .prepare(
      `SELECT name, role, rows, dim, data, parts FROM run_tables WHERE run_id = ? AND role NOT IN ('sequence', ?)`,
    )
    .get(runId, WEIGHTS_ROLE) as StoredRow;
  embedding.data = whole(db, runId, embedding).data;
  const spec = specOf(config, { rows: embedding.rows, classes });
  const model = buildClassifier(rt.tf, rt.layers, spec, config.lr);
  try {
    setStoredWeights(rt.tf, model, floats(embedding.data), stored);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, spec, config, classes, role: embedding.role };
}

function setStoredWeights(
  tf: Tf,
  model: LayersModel,
  embedding: Float32Array,
  stored: { name: string; rows: number; dim: number; data: Buffer }[],
): void {
  const byPosition = new Map<number, { name: string; data: Buffer }>();
  for (const s of stored) {
    const m = /^weights:(\d+):(.*)$/.exec(s.name);
    if (m) byPosition.set(Number(m[1]), { name: m[2]!, data: s.data });
  }
  const tensors = model.weights.map((w, i) => {
    const size = (w.shape as number[]).reduce((a, b) => a * b, 1);
    const values = EMBEDDING_WEIGHT.test(w.originalName)
      ? embedding
      : floats(byPosition.get(i)?.data ?? Buffer.alloc(0));
    const name = EMBEDDING_WEIGHT.test(w.originalName) ? w.originalName : byPosition.get(i)?.name;
    if (name !== w.originalName || values.length !== size)
      throw new WorkbenchError(
        'DatasetInvalid',
        `the stored layers do not fit the run's model (weight ${i}: ${w.originalName}); train the run again`,
      );
    return tf.tensor(values, w.shape as number[]);
  });
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}
