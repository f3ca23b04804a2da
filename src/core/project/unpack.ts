// `runs:unpack` / `ewb unpack`: a packed run (pack.ts) into this project. The run joins a dataset of the same
// name whose vocabularies are the very same (the colleague imported the same file); otherwise its dataset comes
// along as a new one, under a free name, holding vocabularies and mapping but no data.
import type { UnpackRequest, UnpackResult } from '../../shared';
import type { Db } from '../store/db';
import { copyRows, openPack, tablesDigest, vocabularyDigest } from './packFile';

function freeName(db: Db, name: string): string {
  const taken = (n: string): boolean => db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(n) !== undefined;
  for (let n = 2; ; n++) if (!taken(`${name} (${n})`)) return `${name} (${n})`;
}

export function unpackRun(db: Db, req: UnpackRequest): UnpackResult {
  const pack = openPack(req.path);
  try {
    const packed = pack.prepare('SELECT id, name FROM datasets').get() as { id: number; name: string };
    const packedRun = (pack.prepare('SELECT id FROM runs').get() as { id: number }).id;
    const notes: string[] = [];
    const same = db.prepare('SELECT id FROM datasets WHERE name = ?').get(packed.name) as { id: number } | undefined;
    const joins = same !== undefined && vocabularyDigest(db, same.id) === vocabularyDigest(pack, packed.id);
    let datasetId = same?.id ?? 0;
    let dataset = packed.name;
    const runId = db.transaction(() => {
      if (!joins) {
        if (same) {
          dataset = freeName(db, packed.name);
          notes.push(
            `a dataset "${packed.name}" with other vocabularies is in this project: the run's dataset is "${dataset}"`,
          );
        }
        const note =
          `Unpacked from ${req.path}: the vocabularies, mapping and import report of "${packed.name}", without its ` +
          'rows; import the data file to train on it.';
        const id = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM datasets').get() as { id: number };
        copyRows(pack, db, 'datasets', 'id = ?', [packed.id], {
          id: id.id,
          name: dataset,
          rows_imported: 0,
          note,
        });
        datasetId = id.id;
        copyRows(pack, db, 'import_rejects', 'dataset_id = ?', [packed.id], { dataset_id: datasetId });
        copyRows(pack, db, 'vocab', 'dataset_id = ?', [packed.id], { dataset_id: datasetId });
      }
      const id = (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM runs').get() as { id: number }).id;
      copyRows(pack, db, 'runs', 'id = ?', [packedRun], { id, dataset_id: datasetId, owner_pid: null });
      copyRows(pack, db, 'run_epochs', 'run_id = ?', [packedRun], { run_id: id });
      copyRows(pack, db, 'run_tables', 'run_id = ?', [packedRun], { run_id: id });
      // Packed before schema 13, a pack has no parts (its tables are whole).
      if (pack.prepare("SELECT 1 FROM sqlite_master WHERE name = 'run_table_parts'").get())
        copyRows(pack, db, 'run_table_parts', 'run_id = ?', [packedRun], { run_id: id });
      copyRows(pack, db, 'projections', 'run_id = ?', [packedRun], { run_id: id });
      return id;
    })();
    const config = JSON.parse(
      (db.prepare('SELECT config_json FROM runs WHERE id = ?').get(runId) as { config_json: string }).config_json,
    ) as { init?: Record<string, unknown> };
    if (config.init && Object.keys(config.init).length)
      notes.push('the run was initialised from tables of the packing project: their run ids name runs there, not here');
    return {
      type: 'result',
      runId,
      datasetId,
      dataset,
      createdDataset: !joins,
      tablesSha256: tablesDigest(db, runId).sha256,
      notes,
    };
  } finally {
    pack.close();
  }
}
