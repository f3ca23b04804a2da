// Named map bookmarks kept in the project (map_bookmarks, schema v12): list a run's table's bookmarks, save
// one (a name saved again replaces the earlier state), delete one. The state is checked at the boundary
// (requestSchemas.ts); here the name and the run are.
import type { Handlers, MapBookmark, MapBookmarkState, SaveBookmarkRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { getRunSummary } from '../store/runs';

/** Longer names do not fit the list; a bookmark is named, not described. */
export const BOOKMARK_NAME_MAX = 80;

interface BookmarkRow {
  id: number;
  run_id: number;
  table_name: string;
  name: string;
  state_json: string;
  created_at: string;
}

const SELECT = 'SELECT id, run_id, table_name, name, state_json, created_at FROM map_bookmarks';

function toBookmark(r: BookmarkRow): MapBookmark {
  const state = JSON.parse(r.state_json) as MapBookmarkState;
  return { id: r.id, runId: r.run_id, table: r.table_name, name: r.name, state, createdAt: r.created_at };
}

export function listBookmarks(db: Db, runId: number, table: string): MapBookmark[] {
  const rows = db.prepare(`${SELECT} WHERE run_id = ? AND table_name = ? ORDER BY id`).all(runId, table);
  return (rows as BookmarkRow[]).map(toBookmark);
}

export function saveBookmark(db: Db, req: SaveBookmarkRequest): MapBookmark {
  const name = req.name.trim();
  if (!name) throw new WorkbenchError('BadRequest', 'a bookmark needs a name');
  if (name.length > BOOKMARK_NAME_MAX)
    throw new WorkbenchError('BadRequest', `a bookmark's name is at most ${BOOKMARK_NAME_MAX} characters`);
  getRunSummary(db, req.runId); // NotFound, in words, for a run that is not there
  const row = db
    .prepare(
      `INSERT INTO map_bookmarks (run_id, table_name, name, state_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (run_id, table_name, name) DO UPDATE SET state_json = excluded.state_json
       RETURNING id, run_id, table_name, name, state_json, created_at`,
    )
    .get(req.runId, req.table, name, JSON.stringify(req.state)) as BookmarkRow;
  return toBookmark(row);
}

export function deleteBookmark(db: Db, bookmarkId: number): boolean {
  return db.prepare('DELETE FROM map_bookmarks WHERE id = ?').run(bookmarkId).changes > 0;
}

export function bookmarkHandlers(db: Db): Pick<Handlers, 'bookmarks:list' | 'bookmarks:save' | 'bookmarks:delete'> {
  return {
    'bookmarks:list': async (req) => listBookmarks(db, req.runId, req.table),
    'bookmarks:save': async (req) => saveBookmark(db, req),
    'bookmarks:delete': async (req) => ({ deleted: deleteBookmark(db, req.bookmarkId) }),
  };
}
