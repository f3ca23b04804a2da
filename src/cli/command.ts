// What a CLI command is: its usage line, summary, flags (node:util parseArgs), help lines and what it runs.
import type { ParseArgsConfig } from 'node:util';
import type { Output } from './output';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  usage: string;
  summary: string;
  options: Options;
  /** Lines of option help. */
  help: string[];
  run(values: Values, positionals: string[], out: Output): Promise<void>;
}
