// The CLI's commands by name. Names, flags and --json fields are a public interface: extend, never rename.
import type { Command } from './command';
import { biasesCommand, compareCommand } from './compareCommands';
import { demoCommand } from './demoCommand';
import { evalCommand } from './evalCommand';
import { analogyCommand, exportCommand, neighborsCommand } from './exploreCommands';
import { importCommand } from './importCommand';
import { importVectorsCommand } from './importVectorsCommand';
import { listCommand } from './listCommand';
import { packCommand, reportCommand, unpackCommand } from './packCommands';
import { noteCommand, renameCommand, rmCommand } from './projectCommands';
import { predictCommand } from './predictCommand';
import { projectCommand } from './projectCommand';
import { recommendCommand } from './recommendCommand';
import { serveCommand } from './serveCommand';
import { sparkCommand } from './sparkCommand';
import { trainCommand } from './trainCommand';
import { tuneCommand } from './tuneCommand';

export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  'import-vectors': importVectorsCommand,
  train: trainCommand,
  spark: sparkCommand,
  tune: tuneCommand,
  eval: evalCommand,
  recommend: recommendCommand,
  neighbors: neighborsCommand,
  compare: compareCommand,
  biases: biasesCommand,
  analogy: analogyCommand,
  export: exportCommand,
  predict: predictCommand,
  project: projectCommand,
  serve: serveCommand,
  demo: demoCommand,
  list: listCommand,
  rename: renameCommand,
  note: noteCommand,
  rm: rmCommand,
  report: reportCommand,
  pack: packCommand,
  unpack: unpackCommand,
};
