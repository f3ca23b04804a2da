// The real table of bench/project.ts: item vectors of an mf run on MovieLens ml-latest-small (../shared/data),
// trained through the project's own services, labelled by each film's first genre.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headlessServices } from '../src/core/headless';
import { loadTable } from '../src/core/store/runs';

const DATA = fileURLToPath(new URL('../../shared/data/ml-latest-small/', import.meta.url));

export interface LabelledTable {
  name: string;
  rows: number;
  dim: number;
  data: Float32Array;
  labels: Int32Array;
}

export async function movieItemVectors(dim: number, dir: string): Promise<LabelledTable | null> {
  if (!existsSync(join(DATA, 'ratings.csv'))) {
    console.log(`skipping the ml-latest-small table: ${DATA} is missing (it is in ../shared/data beside the repo)`);
    return null;
  }
  const services = headlessServices(join(dir, 'movies.db'), () => undefined);
  try {
    await services.handlers['datasets:import']({
      path: join(DATA, 'ratings.csv'),
      name: 'movies',
      items: { path: join(DATA, 'movies.csv') },
    });
    const { runId } = await services.train({ dataset: 'movies', model: 'mf', dim, epochs: 20, seed: 1 }).settled;
    const points = await services.handlers['embeddings:projectionPoints']({ runId, table: 'items' });
    const table = loadTable(services.db, runId, 'items');
    // The points are rows 2 … in vocabulary order: the table without PAD and OOV.
    const rows = points.keys.length;
    const data = table.data.slice(2 * table.dim, (2 + rows) * table.dim);
    const genres = new Map<string, number>();
    const labels = Int32Array.from(points.genres, (g) => {
      const first = g[0];
      if (first === undefined || first === '(no genres listed)') return -1;
      if (!genres.has(first)) genres.set(first, genres.size);
      return genres.get(first)!;
    });
    return {
      name: `ml-latest-small items (mf, dim ${table.dim}), ${rows.toLocaleString('en')} rows`,
      rows,
      dim: table.dim,
      data,
      labels,
    };
  } finally {
    services.close();
  }
}
