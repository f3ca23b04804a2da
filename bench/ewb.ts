// The CLI as users run it, for every bench that starts it: bin/ewb.js, after building it (out/cli) so that the
// figures are the compiled CLI's; bin/ewb.js would otherwise fall back to the sources through tsx when stale.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EWB = fileURLToPath(new URL('../bin/ewb.js', import.meta.url));

execFileSync(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('../scripts/build-cli.ts', import.meta.url))],
  {
    stdio: 'inherit',
  },
);
