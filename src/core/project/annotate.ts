// Renaming, annotating and tagging datasets and runs (`datasets:update`, `runs:update`, `ewb rename`, `ewb note`).
import type { Annotation, DatasetSummary, RunSummary, UpdateDatasetRequest, UpdateRunRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { tagsOf } from '../store/annotations';
import { getDatasetById } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, getRunSummary } from '../store/runs';

/** Tags are short labels: no empty ones, no line breaks, a sane length. */
const MAX_TAG = 64;
const MAX_NOTE = 10_000;

function cleanTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const tag = raw.trim();
    if (!tag) throw new WorkbenchError('BadRequest', 'a tag cannot be empty');
    if (tag.length > MAX_TAG || /[\r\n]/.test(tag))
      throw new WorkbenchError(
        'BadRequest',
        `a tag is one line of at most ${MAX_TAG} characters (got "${tag.slice(0, 80)}")`,
      );
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

/** The tag list after adding and removing; removing a tag that is not there is no error. */
export function nextTags(current: readonly string[], a: Annotation): string[] {
  const remove = new Set(cleanTags(a.removeTags));
  const kept = current.filter((t) => !remove.has(t));
  for (const t of cleanTags(a.addTags)) if (!kept.includes(t)) kept.push(t);
  return kept;
}

function checkNote(note: string | undefined): string | null | undefined {
  if (note === undefined) return undefined;
  if (note.length > MAX_NOTE) throw new WorkbenchError('BadRequest', `a note is at most ${MAX_NOTE} characters`);
  return note.trim() === '' ? null : note;
}

const tagsJson = (tags: string[]): string | null => (tags.length ? JSON.stringify(tags) : null);

export function updateDataset(db: Db, req: UpdateDatasetRequest): DatasetSummary {
  const current = getDatasetById(db, req.datasetId);
  const row = db.prepare('SELECT tags_json FROM datasets WHERE id = ?').get(req.datasetId) as {
    tags_json: string | null;
  };
  const name = req.name?.trim();
  if (name !== undefined) {
    if (!name) throw new WorkbenchError('BadRequest', 'a dataset needs a name');
    const other = db.prepare('SELECT id FROM datasets WHERE name = ? AND id != ?').get(name, req.datasetId);
    if (other)
      throw new WorkbenchError('DatasetExists', `a dataset named "${name}" exists already; choose another name`);
  }
  const note = checkNote(req.note);
  const tags = nextTags(tagsOf(row.tags_json), req);
  db.prepare('UPDATE datasets SET name = ?, note = CASE WHEN ? THEN ? ELSE note END, tags_json = ? WHERE id = ?').run(
    name ?? current.name,
    note === undefined ? 0 : 1,
    note ?? null,
    tagsJson(tags),
    req.datasetId,
  );
  return getDatasetById(db, req.datasetId);
}

export function updateRun(db: Db, req: UpdateRunRequest): RunSummary {
  getRun(db, req.runId); // NotFound for a run that is not there
  const row = db.prepare('SELECT tags_json FROM runs WHERE id = ?').get(req.runId) as { tags_json: string | null };
  const name = req.name === undefined ? undefined : req.name.trim() || null;
  if (name && name.length > 200) throw new WorkbenchError('BadRequest', 'a run name is at most 200 characters');
  const note = checkNote(req.note);
  const tags = nextTags(tagsOf(row.tags_json), req);
  db.prepare(
    `UPDATE runs SET name = CASE WHEN ? THEN ? ELSE name END, note = CASE WHEN ? THEN ? ELSE note END,
     tags_json = ? WHERE id = ?`,
  ).run(name === undefined ? 0 : 1, name ?? null, note === undefined ? 0 : 1, note ?? null, tagsJson(tags), req.runId);
  return getRunSummary(db, req.runId);
}
