// How the default minimum support (DEFAULT_MIN_COUNT) was chosen: on MovieLens ml-latest-small, two runs of
// the same model that differ only in their seed agree on a row's neighbours and a user's recommendations
// only as far as those rows were trained on enough ratings. For each minimum count N this prints the mean
// top-10 agreement of the two runs (the 200 most-rated items' neighbours; 100 users' recommendations), how
// many of the answers rest on items rated fewer than 5 times, the share of trained items N keeps, and the
// neighbours of "Toy Story (1995)". Not part of CI.
// Usage: node --import tsx bench/minSupport.ts [--model mf|implicit] [--data ../shared/data/ml-latest-small]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Neighbor } from '../src/shared';
import type { Services } from '../src/core/services';
import { headlessServices } from '../src/core/headless';

const { values } = parseArgs({ options: { model: { type: 'string' }, data: { type: 'string' } } });
const model = values.model === 'implicit' ? 'implicit' : 'mf';
const dataDir = values.data ?? join(import.meta.dirname, '../../shared/data/ml-latest-small');
const THRESHOLDS = [1, 2, 3, 5, 10, 20, 50];
const QUERIES = 200;
const USERS = 100;
const K = 10;

if (!existsSync(join(dataDir, 'ratings.csv'))) {
  console.log(`skipped: ${dataDir}/ratings.csv is missing (MovieLens ml-latest-small, ../shared/data)`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'ewb-minsupport-'));
const services: Services = headlessServices(join(dir, 'p.db'), () => {});
try {
  await services.handlers['datasets:import']({
    path: join(dataDir, 'ratings.csv'),
    name: 'ml',
    seed: 1,
    items: { path: join(dataDir, 'movies.csv') },
  });
  const runs: number[] = [];
  for (const seed of [1, 2]) {
    const { runId, settled } = services.train({ dataset: 'ml', model, seed });
    await settled;
    runs.push(runId);
  }
  const [a, b] = runs as [number, number];
  const h = services.handlers;
  const info = await h['embeddings:tableInfo']({ runId: a, table: 'items' });
  console.log(
    `${model}, ml-latest-small (seeded 80/10/10), runs ${a} and ${b} (seeds 1, 2): items ${info.rows}, ` +
      `never trained ${info.untrained}, trained ${info.trained}`,
  );
  const top = (await h['embeddings:keys']({ runId: a, table: 'items', limit: 2000 }))
    .filter((k) => (k.trainCount ?? 0) > 0)
    .slice(0, QUERIES);
  const users = (await h['embeddings:keys']({ runId: a, table: 'users', limit: 1000 })).slice(0, USERS);
  const overlap = (x: { key: string }[], y: { key: string }[]): number => {
    const inX = new Set(x.map((n) => n.key));
    return y.filter((n) => inX.has(n.key)).length / K;
  };
  const rare = (rows: { count: number | null }[]): number => rows.filter((n) => (n.count ?? 0) < 5).length;
  console.log(
    'min count | neighbours: agreement, answers rated <5 | recommendations: agreement, rated <5 | items kept',
  );
  for (const minCount of THRESHOLDS) {
    const filter = { minCount };
    let agree = 0;
    let rareN = 0;
    for (const q of top) {
      const [na, nb] = await Promise.all(
        [a, b].map((runId) => h['embeddings:neighbors']({ runId, table: 'items', key: q.key, k: K, filter })),
      );
      agree += overlap(na!.neighbors, nb!.neighbors);
      rareN += rare(na!.neighbors);
    }
    let agreeR = 0;
    let rareR = 0;
    for (const u of users) {
      const [ra, rb] = await Promise.all(
        [a, b].map((runId) => h['embeddings:recommend']({ runId, user: u.key, k: K, filter })),
      );
      agreeR += overlap(ra!.recommendations, rb!.recommendations);
      rareR += rare(ra!.recommendations);
    }
    const kept =
      info.trained -
      (minCount > 1
        ? (await h['embeddings:neighbors']({ runId: a, table: 'items', key: top[0]!.key, filter })).filter.belowMinCount
        : 0);
    console.log(
      `${String(minCount).padStart(9)} | ${(agree / top.length).toFixed(3).padStart(10)}  ${(rareN / (top.length * K)).toFixed(3).padStart(6)}` +
        `            | ${(agreeR / users.length).toFixed(3).padStart(10)}  ${(rareR / (users.length * K)).toFixed(3).padStart(6)}` +
        `    | ${(kept / info.trained).toFixed(3)}`,
    );
  }
  for (const minCount of [1, 5, 10]) {
    const r = await h['embeddings:neighbors']({
      runId: a,
      table: 'items',
      key: 'Toy Story (1995)',
      k: K,
      filter: { minCount },
    });
    const list = (n: Neighbor): string => `${n.title} (${n.count})`;
    console.log(`Toy Story (1995), min count ${minCount}: ${r.neighbors.map(list).join('; ')}`);
  }
} finally {
  services.close();
  rmSync(dir, { recursive: true, force: true });
}
