/**
 * The one place that loads TensorFlow.js and picks its backend, at run time, in this order:
 *
 * 1. `tfjs-node-gpu` — only when `@tensorflow/tfjs-node-gpu` is installed with its native binding, loads, and
 *    its TensorFlow sees a GPU device (with the wrong CUDA it loads and silently runs on the CPU: skipped);
 * 2. `tfjs-node` — `@tensorflow/tfjs-node` with its native binding (libtensorflow on the CPU);
 * 3. `wasm` — `@tensorflow/tfjs-backend-wasm`, with our scatter-add `UnsortedSegmentSum` (it has none);
 * 4. `cpu` — `@tensorflow/tfjs-backend-cpu`, with our scatter-add in place of the stock per-segment loop.
 *
 * Usage (the API other modules rely on; extend it, do not change it):
 *
 *     const { tf, layers, backend, reasons } = await loadTfjs();        // best available
 *     const rt = await loadTfjs({ only: 'cpu' });                        // forced (tests, benchmarks)
 *
 * `tf` is the tfjs-core namespace and `layers` the tfjs-layers namespace, both bound to the chosen backend;
 * `reasons` says, for every backend tried before the chosen one, why it was skipped. The backend registry of
 * TensorFlow.js is global to the process: the last `loadTfjs` call decides the active backend.
 *
 * The tfjs packages are loaded with `require` (their CommonJS node builds) so that every package shares one
 * tfjs-core and one kernel registry, from source (tsx, Vitest) and from the electron-vite build alike (there
 * `@tensorflow/*` stay external and resolve from node_modules).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import type { BackendName } from '../../shared';
import { BACKENDS, WorkbenchError } from '../../shared';
import { registerScatterAdd, type KernelChoice } from './scatterAdd';

export type { BackendName };
export type Tf = typeof TfCore;
export type Layers = typeof TfLayers;

export interface TfjsRuntime {
  tf: Tf;
  layers: Layers;
  backend: BackendName;
  /** Why each backend before `backend` in the order was not used (empty when the first one was). */
  reasons: string[];
}

export interface LoadTfjsOptions {
  /** Use exactly this backend, or fail with a `BadRequest` that says why it is unavailable. */
  only?: BackendName;
  /** Backends not to try (e.g. `['tfjs-node-gpu', 'tfjs-node']` to stay in-process JS/wasm). */
  skip?: readonly BackendName[];
  /**
   * `fast` (default): register the O(rows × dim) scatter-add `UnsortedSegmentSum` on cpu and wasm;
   * `stock`: keep tfjs's own cpu kernel (benchmarks and tests only; wasm then has no such kernel).
   */
  kernel?: KernelChoice;
  /** Where to resolve packages from (a file or directory path); tests point it at a fake node_modules. */
  resolveFrom?: string;
  /** Package names of the native backends; tests replace them to simulate missing or broken installs. */
  packages?: Partial<Record<'tfjs-node-gpu' | 'tfjs-node', string>>;
}

const NATIVE_PACKAGES = { 'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu', 'tfjs-node': '@tensorflow/tfjs-node' } as const;

/** Thrown by a probe to mean "this backend is not available, because …" (a reason, not a failure). */
class Unavailable extends Error {}

interface NodeBackendLike {
  isUsingGpuDevice?: boolean;
}

/** What a loaded tfjs-node (-gpu) module gives: the whole tfjs API, layers included. */
type TfjsNodeModule = Tf & Layers;

const isMissingModule = (err: unknown, id: string): boolean =>
  typeof err === 'object' &&
  err !== null &&
  (err as { code?: unknown }).code === 'MODULE_NOT_FOUND' &&
  String((err as { message?: unknown }).message).includes(id);

/** The package's directory, or an Unavailable reason when it is not installed. */
function packageDir(req: NodeJS.Require, id: string): string {
  try {
    return dirname(req.resolve(`${id}/package.json`));
  } catch (err) {
    if (isMissingModule(err, id)) throw new Unavailable(`${id} is not installed`);
    throw err;
  }
}

/** node-pre-gyp puts the binding in `lib/napi-v<N>/tfjs_binding.node`; without it `require` would crash. */
function hasNativeBinding(dir: string): boolean {
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
}

function loadNative(req: NodeJS.Require, name: 'tfjs-node-gpu' | 'tfjs-node', id: string): TfjsNodeModule {
  const dir = packageDir(req, id);
  if (!hasNativeBinding(dir))
    throw new Unavailable(
      `${id} is installed without its native binding (lib/napi-v*/tfjs_binding.node): its libtensorflow ` +
        `download failed at install time; reinstall it with internet access`,
    );
  let mod: TfjsNodeModule;
  try {
    mod = req(id) as TfjsNodeModule;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Unavailable(`${id} failed to load: ${why}`);
  }
  if (!mod.findBackend('tensorflow')) throw new Unavailable(`${id} loaded but registered no "tensorflow" backend`);
  if (name === 'tfjs-node-gpu') {
    const instance = mod.findBackend('tensorflow') as unknown as NodeBackendLike;
    if (instance.isUsingGpuDevice !== true)
      throw new Unavailable(
        `${id} loaded but TensorFlow sees no GPU (it needs CUDA 11.2 and cuDNN 8.1; with another CUDA it runs ` +
          `on the CPU): check nvidia-smi and the CUDA libraries on LD_LIBRARY_PATH`,
      );
  }
  return mod;
}

/** Directory of the .wasm files: `dist/` of @tensorflow/tfjs-backend-wasm, found through its package.json. */
export function wasmDir(req: NodeJS.Require = createRequire(import.meta.url)): string {
  return join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

let wasmPathsSet = false;

async function activate(tf: Tf, name: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new Unavailable(`backend ${name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!ok) throw new Unavailable(`backend ${name} failed to start`);
  await tf.ready();
}

async function tryBackend(
  name: BackendName,
  req: NodeJS.Require,
  options: LoadTfjsOptions,
): Promise<{ tf: Tf; layers: Layers }> {
  if (name === 'tfjs-node-gpu' || name === 'tfjs-node') {
    const mod = loadNative(req, name, options.packages?.[name] ?? NATIVE_PACKAGES[name]);
    await activate(mod, 'tensorflow');
    return { tf: mod, layers: mod };
  }
  // The in-process backends always come from our own tfjs-core, resolved beside this module.
  const own = createRequire(import.meta.url);
  const tf = own('@tensorflow/tfjs-core') as Tf;
  const layers = own('@tensorflow/tfjs-layers') as Layers;
  // PROD silences the cpu backend's "install tfjs-node" banner on stderr; the reasons already say it.
  tf.env().set('PROD', true);
  if (name === 'wasm') {
    const wasm = own('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      const dir = wasmDir(own);
      if (!existsSync(join(dir, 'tfjs-backend-wasm.wasm')))
        throw new Unavailable(`the .wasm files of @tensorflow/tfjs-backend-wasm are missing from ${dir}`);
      wasm.setWasmPaths(`${dir}/`);
      wasmPathsSet = true;
    }
  } else own('@tensorflow/tfjs-backend-cpu');
  registerScatterAdd(tf, name, options.kernel ?? 'fast');
  await activate(tf, name);
  return { tf, layers };
}

/** Loads TensorFlow.js on the best available backend (see the module comment); never throws when `only` is unset. */
export async function loadTfjs(options: LoadTfjsOptions = {}): Promise<TfjsRuntime> {
  const req = createRequire(options.resolveFrom ?? import.meta.url);
  const order = options.only ? [options.only] : BACKENDS.filter((b) => !options.skip?.includes(b));
  if (options.only && !BACKENDS.includes(options.only))
    throw new WorkbenchError('BadRequest', `backend "${options.only}" is not one of ${BACKENDS.join(', ')}`);
  const reasons: string[] = [];
  for (const name of order) {
    try {
      const { tf, layers } = await tryBackend(name, req, options);
      return { tf, layers, backend: name, reasons };
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      reasons.push(`${name}: ${err.message}`);
    }
  }
  throw new WorkbenchError(
    'BadRequest',
    `no TensorFlow.js backend is available (${reasons.join('; ')}); use the CPU engine (--engine cpu)`,
  );
}

/** Whether the GPU path works here: loads tfjs-node-gpu (cheap when it is absent) without changing the backend. */
export async function gpuAvailable(options: Pick<LoadTfjsOptions, 'resolveFrom' | 'packages'> = {}): Promise<{
  available: boolean;
  reason: string | null;
}> {
  const req = createRequire(options.resolveFrom ?? import.meta.url);
  try {
    loadNative(req, 'tfjs-node-gpu', options.packages?.['tfjs-node-gpu'] ?? NATIVE_PACKAGES['tfjs-node-gpu']);
    return { available: true, reason: null };
  } catch (err) {
    if (err instanceof Unavailable) return { available: false, reason: `tfjs-node-gpu: ${err.message}` };
    throw err;
  }
}
