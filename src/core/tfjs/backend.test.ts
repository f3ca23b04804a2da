import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfig, TrainRequest } from '../../shared';
import { resolveTrainRequest } from '../../shared';
import { tempDir } from '../testing';
import { gpuAvailable, loadTfjs, wasmDir } from './backend';
import { chooseEngine, tfjsTrains } from './engine';

const tmp = tempDir('ewb-backend-');
afterAll(() => tmp.cleanup());

/** A node_modules with a package that is installed but has no native binding (a failed libtensorflow download). */
function fakeBrokenInstall(name: string): string {
  const dir = join(tmp.dir, 'node_modules', ...name.split('/'));
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '4.22.0', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), 'throw new Error("must not be required without its binding");');
  const from = join(tmp.dir, 'entry.js');
  writeFileSync(from, '');
  return from;
}

describe('loadTfjs: the backend picker', () => {
  it('falls back past a missing tfjs-node-gpu and tfjs-node to wasm, saying why', async () => {
    const rt = await loadTfjs({
      packages: { 'tfjs-node-gpu': '@ewb-absent/tfjs-node-gpu', 'tfjs-node': '@ewb-absent/tfjs-node' },
    });
    expect(rt.backend).toBe('wasm');
    expect(rt.tf.getBackend()).toBe('wasm');
    expect(rt.reasons).toEqual([
      'tfjs-node-gpu: @ewb-absent/tfjs-node-gpu is not installed',
      'tfjs-node: @ewb-absent/tfjs-node is not installed',
    ]);
  });

  it('skips an install without its native binding instead of crashing on require', async () => {
    const from = fakeBrokenInstall('@ewb-fake/tfjs-node-gpu');
    const rt = await loadTfjs({
      resolveFrom: from,
      packages: { 'tfjs-node-gpu': '@ewb-fake/tfjs-node-gpu', 'tfjs-node': '@ewb-absent/tfjs-node' },
      skip: ['wasm'],
    });
    expect(rt.backend).toBe('cpu');
    expect(rt.reasons[0]).toMatch(/^tfjs-node-gpu: @ewb-fake\/tfjs-node-gpu is installed without its native binding/);
    expect(rt.reasons[1]).toBe('tfjs-node: @ewb-absent/tfjs-node is not installed');
    expect(rt.reasons[2]).toBe(undefined);
    const gpu = await gpuAvailable({ resolveFrom: from, packages: { 'tfjs-node-gpu': '@ewb-fake/tfjs-node-gpu' } });
    expect(gpu.available).toBe(false);
    expect(gpu.reason).toMatch(/native binding/);
  });

  it('forces a backend, and refuses an unavailable forced one with the reason', async () => {
    const cpu = await loadTfjs({ only: 'cpu' });
    expect(cpu.backend).toBe('cpu');
    expect(cpu.tf.getBackend()).toBe('cpu');
    await expect(
      loadTfjs({ only: 'tfjs-node-gpu', packages: { 'tfjs-node-gpu': '@ewb-absent/gpu' } }),
    ).rejects.toMatchObject({
      code: 'BadRequest',
      message: expect.stringMatching(/@ewb-absent\/gpu is not installed/),
    });
  });

  it('finds the .wasm files in the package', () => {
    expect(wasmDir()).toMatch(/tfjs-backend-wasm[/\\]dist$/);
  });
});

describe('chooseEngine', () => {
  const cfg = (over: Omit<TrainRequest, 'dataset'>): TrainConfig =>
    resolveTrainRequest({ dataset: 'd', dim: 4, epochs: 1, ...over }, 1);
  const noGpu = { packages: { 'tfjs-node-gpu': '@ewb-absent/tfjs-node-gpu' } };

  it('auto picks the CPU engine without a GPU, and says why', async () => {
    const c = await chooseEngine(cfg({ engine: 'auto' }), noGpu);
    expect(c.engine).toBe('cpu');
    expect(c.runtime).toBe(null);
    expect(c.reasons.join()).toMatch(/no GPU path.*not installed/);
  });

  it('tfjs loads a runtime; cpu does not', async () => {
    const t = await chooseEngine(cfg({ engine: 'tfjs' }), noGpu);
    expect(t.engine).toBe('tfjs');
    expect(['tfjs-node', 'wasm', 'cpu']).toContain(t.runtime?.backend);
    expect((await chooseEngine(cfg({ engine: 'cpu' }))).runtime).toBe(null);
  });

  it('knows which configs the tfjs engine trains', () => {
    expect(tfjsTrains(cfg({ model: 'implicit', loss: 'warp' }))).toBe(false);
    expect(tfjsTrains(cfg({ model: 'implicit', loss: 'bpr' }))).toBe(true);
    expect(tfjsTrains(cfg({ model: 'cbow' }))).toBe(false);
    expect(tfjsTrains(cfg({ model: 'sgns' }))).toBe(true);
  });
});
