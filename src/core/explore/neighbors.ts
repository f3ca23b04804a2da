// Exact nearest neighbours of one row of a table by cosine similarity (a full scan: rows × dim).
import type { StoredTable } from '../store/runs';

export interface RowScore {
  row: number;
  score: number;
}

/** Rows 0 (PAD) and 1 (OOV) and the query row itself are never neighbours; zero rows score 0. */
export function cosineNeighbors(table: StoredTable, row: number, k: number): RowScore[] {
  const { data, dim, rows } = table;
  const q = row * dim;
  let qNorm = 0;
  for (let d = 0; d < dim; d++) qNorm += data[q + d]! ** 2;
  qNorm = Math.sqrt(qNorm) || 1;
  const top: RowScore[] = []; // kept sorted by descending score, at most k long
  for (let r = 2; r < rows; r++) {
    if (r === row) continue;
    let dot = 0;
    let norm = 0;
    for (let d = 0, o = r * dim; d < dim; d++) {
      const v = data[o + d]!;
      dot += v * data[q + d]!;
      norm += v * v;
    }
    const score = norm > 0 ? dot / (Math.sqrt(norm) * qNorm) : 0;
    if (top.length < k || score > top[top.length - 1]!.score) {
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < score) at--;
      top.splice(at, 0, { row: r, score });
      if (top.length > k) top.pop();
    }
  }
  return top;
}
