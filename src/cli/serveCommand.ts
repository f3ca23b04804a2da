// `ewb serve`: the app in a browser, over the same services (src/server).
import { join } from 'node:path';
import { ROOT } from '../core/headless';
import { startServer } from '../server/httpServer';
import { intFlag, required, str } from './args';
import type { Command } from './command';

export const serveCommand: Command = {
  usage: 'ewb serve --db DB [--host 127.0.0.1] [--port 0] [--sample]',
  summary: 'serve the app to a browser (the same UI as the desktop window)',
  options: { db: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, sample: { type: 'boolean' } },
  help: [
    '--host H       address to bind (default 127.0.0.1; anything else exposes your data to the network)',
    '--port N       port (default 0: a free one)',
    '--sample       on an empty database, import the bundled sample and train one run first',
  ],
  async run(values) {
    await startServer({
      dbPath: required(str(values.db), 'db'),
      host: str(values.host) ?? '127.0.0.1',
      port: intFlag(str(values.port), 'port') ?? 0,
      sample: values.sample === true,
      staticDir: join(ROOT, 'out', 'renderer'),
    });
  },
};
