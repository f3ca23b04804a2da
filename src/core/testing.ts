// Fixtures for tests: temporary folders and generated ratings with a known answer.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, gaussian } from './random';
import type { InteractionColumns } from './store/datasets';

export function tempDir(prefix = 'ewb-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * SHA-256 of the database's SQL text as the sqlite3 shell dumps it (`.dump`): equal hashes mean equal
 * content, whatever the page layout. scripts/install-test-deps.sh installs the shell.
 */
export function dumpHash(dbPath: string): string {
  const dump = execFileSync('sqlite3', [dbPath, '.dump'], { maxBuffer: 1 << 30 });
  return createHash('sha256').update(dump).digest('hex');
}

/**
 * Two clusters: users u0..u{n/2-1} love items a* and dislike items b*, the other users the reverse; plus
 * per-user and per-item noise. A factorisation must beat the global mean and put a* items next to a* items.
 */
export function writePlantedRatings(
  path: string,
  opts: { users?: number; itemsPerCluster?: number; seed?: number } = {},
): { rows: number } {
  const users = opts.users ?? 120;
  const perCluster = opts.itemsPerCluster ?? 20;
  const rng = createRng(opts.seed ?? 7);
  const lines = ['user_id,item_id,rating,timestamp,title'];
  for (let u = 0; u < users; u++) {
    const group = u < users / 2 ? 'a' : 'b';
    for (const cluster of ['a', 'b']) {
      for (let i = 0; i < perCluster; i++) {
        if (rng() > 0.6) continue; // 60% observed
        const mean = cluster === group ? 4.3 : 1.8;
        const rating = Math.min(5, Math.max(1, Math.round(mean + gaussian(rng) * 0.5)));
        lines.push(
          `u${u},${cluster}${i},${rating},${1_600_000_000 + lines.length},"Item ${cluster.toUpperCase()}${i}, cluster ${cluster}"`,
        );
      }
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return { rows: lines.length - 1 };
}

/**
 * Behaviour sessions over two clusters of items (x0..x{n-1} and y0..y{n-1}): each session draws only from
 * one cluster, so an embedding of sequences must put an item's neighbours in its own cluster.
 */
export function writePlantedSessions(
  path: string,
  opts: { sessions?: number; perCluster?: number; seed?: number } = {},
): void {
  const sessions = opts.sessions ?? 400;
  const perCluster = opts.perCluster ?? 15;
  const rng = createRng(opts.seed ?? 11);
  const lines = ['session,user,item,ts'];
  let ts = 1_600_000_000;
  for (let s = 0; s < sessions; s++) {
    const cluster = s % 2 === 0 ? 'x' : 'y';
    const length = 5 + Math.floor(rng() * 6);
    for (let k = 0; k < length; k++)
      lines.push(`s${s},u${s % 50},${cluster}${Math.floor(rng() * perCluster)},${(ts += 30)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Two groups of users, each clicking only items of its own cluster (p* or q*): implicit feedback with a known answer. */
export function writePlantedClicks(path: string, opts: { users?: number; seed?: number } = {}): void {
  const rng = createRng(opts.seed ?? 5);
  const lines = ['user_id,item_id'];
  for (let u = 0; u < (opts.users ?? 160); u++) {
    const cluster = u % 2 ? 'p' : 'q';
    const picked = new Set<number>();
    while (picked.size < 8) picked.add(Math.floor(rng() * 20));
    for (const i of picked) lines.push(`u${u},${cluster}${i}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/**
 * A file of `../shared/data` (the real development data beside the checkout, as CI has it), or null with one
 * line on stderr saying which test is skipped and why: a user's clone has no `../shared/`.
 */
export function sharedData(name: string, test: string): string | null {
  const path = fileURLToPath(new URL(`../../../shared/data/${name}`, import.meta.url));
  if (existsSync(path)) return path;
  console.warn(`skipped: ${test} — needs ../shared/data/${name}, which is not beside this checkout`);
  return null;
}

/**
 * Implicit feedback with planted clusters: user u (2 … 241) likes 12 random items of cluster u mod 4 (item ids
 * 2 + c·30 …), two of them held out (test). Popular items are spread over all clusters, so popularity cannot
 * know a user's cluster.
 */
export function plantedClusters(seed = 3): InteractionColumns {
  const [numUsers, clusters, perCluster] = [240, 4, 30];
  const rng = createRng(seed);
  const users: number[] = [];
  const items: number[] = [];
  const splits: number[] = [];
  for (let u = 2; u < numUsers + 2; u++) {
    const c = u % clusters;
    const liked = new Set<number>();
    while (liked.size < 12) liked.add(2 + c * perCluster + Math.floor(rng() ** 2 * perCluster));
    [...liked].forEach((i, n) => {
      users.push(u);
      items.push(i);
      splits.push(n < 2 ? 2 : 0);
    });
  }
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: new Float32Array(users.length).fill(1),
    splits: Uint8Array.from(splits),
    numUsers: numUsers + 2,
    numItems: 2 + clusters * perCluster,
  };
}
