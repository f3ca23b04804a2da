// The spark-submit command line of a job: the master, `--conf` settings (ours first, the user's win) and the
// job file with its subcommand; plus the rules for masters and stage locations a run accepts.
import { isLocalMaster, sparkMasterProblem, WorkbenchError } from '../../shared';
import type { SparkSubmit } from './locate';

export interface SubmitCommand {
  file: string;
  args: string[];
  /** Variables to add to the caller's environment. */
  env: Record<string, string>;
}

export { isLocalMaster };

export function checkMaster(master: string): void {
  const problem = sparkMasterProblem(master);
  if (problem) throw new WorkbenchError('BadRequest', problem);
}

/** `key=value` entries as a map; an entry without `=` or with an empty key is refused by name. */
export function parseConf(entries: readonly string[]): Map<string, string> {
  const conf = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0)
      throw new WorkbenchError(
        'BadRequest',
        `--conf ${JSON.stringify(entry)} is not key=value (e.g. spark.executor.memory=4g)`,
      );
    conf.set(entry.slice(0, at).trim(), entry.slice(at + 1));
  }
  return conf;
}

/** A URI (`hdfs://…`, `s3a://…`, `file://…`) rather than a path on this machine. */
export const isUri = (location: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(location);

/**
 * Settings every job gets unless the user's `--conf` says otherwise: no console progress bar and warnings
 * only on stderr (the app shows its tail on failure, so it should be the failure), and with a local master a
 * driver bound to the loopback address instead of whatever the host name resolves to.
 */
function defaultConf(master: string): [string, string][] {
  const conf: [string, string][] = [
    ['spark.ui.showConsoleProgress', 'false'],
    ['spark.log.level', 'WARN'],
  ];
  if (isLocalMaster(master)) conf.push(['spark.driver.host', '127.0.0.1'], ['spark.driver.bindAddress', '127.0.0.1']);
  return conf;
}

export function submitCommand(
  submit: SparkSubmit,
  opts: { master: string; conf?: readonly string[]; jobFile: string; jobArgs: readonly string[]; name: string },
): SubmitCommand {
  checkMaster(opts.master);
  const conf = new Map([...defaultConf(opts.master), ...parseConf(opts.conf ?? [])]);
  const args = ['--master', opts.master, '--name', opts.name];
  for (const [k, v] of conf) args.push('--conf', `${k}=${v}`);
  args.push(opts.jobFile, ...opts.jobArgs);
  // Spark resolves the host name before reading any conf, and warns when it maps to loopback.
  const env = isLocalMaster(opts.master) ? { SPARK_LOCAL_IP: '127.0.0.1', ...submit.env } : submit.env;
  return { file: submit.path, args, env };
}

/** How a command reads in a message or a log (shell-quoted where needed). */
export function showCommand(cmd: SubmitCommand): string {
  const quote = (s: string): string => (/^[\w@%+=:,./[\]*-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [cmd.file, ...cmd.args].map(quote).join(' ');
}
