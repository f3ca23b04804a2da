// Where a run's data goes between the app and Spark. A local stage (a folder here, with a local master or a
// mount every node sees) is written and read directly; a URI stage (hdfs://, s3a://, file://…) is written
// here first and moved through Hadoop's FileSystem by the job's own `copy` (spark-submit --master local[1],
// with the user's --conf, so the same credentials and filesystem settings apply).
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SparkOptions } from '../../shared';
import { WorkbenchError } from '../../shared';
import { isLocalMaster, isUri } from './command';

export interface RunFolders {
  /** This run's folder on this machine: the input is written and the output read here. */
  local: string;
  /** Where Spark reads and writes: the same folder, or this run's folder under the URI stage. */
  spark: string;
  remote: boolean;
}

const RUN_PREFIX = 'ewb-run-';

/** Makes the folder (and its parents) and checks this process can write and read it: a clear error if not. */
export function usableFolder(dir: string): string {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
    accessSync(abs, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new WorkbenchError(
      'FileUnreadable',
      `the stage folder ${abs} cannot be used (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ` +
        'give --stage a folder this user can write and read',
    );
  }
  return abs;
}

/**
 * Where a run's folder goes on this machine (the local stage, or the temporary folder a URI stage is written
 * through), checked usable; refused when the master runs on other machines that could not read it.
 */
export function stageBase(opts: Pick<SparkOptions, 'master' | 'stage'>): string {
  const stage = opts.stage;
  const remote = stage !== undefined && isUri(stage);
  if (!remote && !isLocalMaster(opts.master))
    throw new WorkbenchError(
      'BadRequest',
      stage === undefined
        ? `--master ${opts.master} runs on other machines: give --stage a URI they read (hdfs://…, s3a://…)`
        : `--master ${opts.master} runs on other machines, which cannot read ${stage} on this one: give --stage ` +
            'a URI they read (hdfs://…, s3a://…, or file:// on a mount every node has)',
    );
  return usableFolder(remote || stage === undefined ? tmpdir() : stage);
}

/** A fresh folder for one run, so runs sharing a stage never see each other's files. */
export function runFolders(opts: Pick<SparkOptions, 'master' | 'stage'>): RunFolders {
  const stage = opts.stage;
  const remote = stage !== undefined && isUri(stage);
  const local = mkdtempSync(join(stageBase(opts), `${RUN_PREFIX}${Date.now()}-`));
  const spark = remote ? `${stage.replace(/\/+$/, '')}/${basename(local)}` : local;
  return { local, spark, remote };
}

/** A local folder as the file: URI the copy job wants (Hadoop paths without a scheme mean the default FS). */
export const fileUri = (path: string): string => pathToFileURL(path).href;

/** Only a run folder made here may be removed by the cleanup (never a user's folder by mistake). */
export const isRunFolder = (location: string): boolean => basename(location.replace(/\/+$/, '')).startsWith(RUN_PREFIX);

export function removeLocal(folders: RunFolders): void {
  if (isRunFolder(folders.local)) rmSync(folders.local, { recursive: true, force: true });
}
