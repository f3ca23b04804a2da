// The Node entry points that run beside a program's main module: the training process and its worker threads,
// and the map's worker. Both builds take them from here: electron-vite's (electron.vite.config.ts, one flat
// folder, named by key) and the CLI's (build-cli.ts, the source's folders under src/core, as nodeEntry expects).
export const NODE_ENTRIES = {
  trainer: 'src/core/train/process.ts',
  sequencesWorker: 'src/core/train/sequencesWorker.ts',
  mfWorker: 'src/core/train/mfWorker.ts',
  word2vecWorker: 'src/core/train/word2vecWorker.ts',
  implicitWorker: 'src/core/train/implicitWorker.ts',
  mfAlsWorker: 'src/core/train/mfAlsWorker.ts',
  ialsWorker: 'src/core/train/ialsWorker.ts',
  projectWorker: 'src/core/explore/projectWorker.ts',
} as const;
