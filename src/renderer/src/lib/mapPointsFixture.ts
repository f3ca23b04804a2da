// Test points for the Map panel's logic: n points on a 10-wide grid, most frequent first, each with a title
// unless told otherwise, and the metadata columns asked for.
import type { MapPoints } from './mapPoints';

export interface PointSpec {
  key: string;
  title: string | null;
  genres: string[];
  count: number;
  /** Metadata cells by column name; a column named by any point is a column of all (null elsewhere). */
  columns: Record<string, string>;
}

export function points(n: number, of: (i: number) => Partial<PointSpec> = () => ({})): MapPoints {
  const p: MapPoints = { keys: [], x: [], y: [], counts: [], titles: [], genres: [], columns: [] };
  const columns = new Map<string, (string | null)[]>();
  for (let i = 0; i < n; i++) {
    const o = of(i);
    p.keys.push(o.key ?? `k${i}`);
    p.x.push(i % 10);
    p.y.push(Math.floor(i / 10));
    p.counts.push(o.count ?? n - i);
    p.titles.push(o.title === undefined ? `Title ${i}` : o.title);
    p.genres.push(o.genres ?? []);
    for (const [name, value] of Object.entries(o.columns ?? {})) {
      if (!columns.has(name)) columns.set(name, new Array<string | null>(n).fill(null));
      columns.get(name)![i] = value;
    }
  }
  p.columns = [...columns].map(([name, values]) => ({ name, values }));
  return p;
}
