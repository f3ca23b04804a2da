// `ewb`: the command line over the same core services as the app. Exit 0 on success, 2 on a usage error,
// 1 when the work failed; errors are one line on stderr (and a JSON error object on stdout with --json).
import { parseArgs } from 'node:util';
import { toApiError } from '../shared';
import { UsageError } from './args';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { createOutput } from './output';
import { VERSION } from '../core/headless';

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    `ewb ${VERSION}: train, inspect and export embeddings`,
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'ewb COMMAND --help for its options',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [
    c.usage,
    '',
    c.summary,
    '',
    ...c.help.map((h) => `  ${h}`),
    '  --json         one JSON object per line: progress, then the result',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    console.log(VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`ewb: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  const json = rest.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    await command.run(values, positionals, createOutput(json));
    return 0;
  } catch (err) {
    const usage =
      err instanceof UsageError ||
      (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
    const error = usage
      ? { name: 'UsageError', code: 'BadRequest' as const, message: (err as Error).message }
      : toApiError(err);
    if (json) console.log(JSON.stringify({ type: 'error', error }));
    console.error(`ewb ${name}: ${error.message.split('\n')[0]}${usage ? ` (ewb ${name} --help)` : ''}`);
    return usage || error.code === 'BadRequest' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
