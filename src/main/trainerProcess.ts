// Training processes in Electron: utilityProcess (a Node child of the app with its own heap), supervised here.
import { utilityProcess } from 'electron';
import type { TrainerMessage } from '../shared';
import type { SpawnTrainer } from '../core/train/supervisor';

export function utilityTrainer(entryPath: string): SpawnTrainer {
  return () => {
    const child = utilityProcess.fork(entryPath, [], { serviceName: 'Embedding Workbench training', stdio: 'inherit' });
    return {
      send: (m) => child.postMessage(m),
      onMessage: (l) => child.on('message', (m: TrainerMessage) => l(m)),
      onExit: (l) => child.once('exit', (code) => l(code === 0 ? null : `the training process exited (code ${code})`)),
      kill: () => void child.kill(),
    };
  };
}
