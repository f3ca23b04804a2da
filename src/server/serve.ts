// `ewb serve`: the core services behind the HTTP bridge, until SIGINT/SIGTERM, with a fresh session token.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { EventSink } from '../shared';
import { headlessServices } from '../core/headless';
import { ensureSampleProject } from '../core/services';
import { createHttpApp } from './httpServer';
import { isLoopback } from './hostCheck';
import { DEFAULT_MAX_UPLOAD_BYTES } from './uploads';

export interface ServeOptions {
  dbPath: string;
  host: string;
  port: number;
  /** On an empty database, import the bundled sample and train one run first. */
  sample: boolean;
  staticDir: string;
  /** Largest upload accepted (default EWB_MAX_UPLOAD_MB, else 2 GiB). */
  maxUploadBytes?: number;
  /** Called with the URL once listening (default: printed). */
  onListening?: (url: string) => void;
}

function maxUpload(o: ServeOptions): number {
  if (o.maxUploadBytes !== undefined) return o.maxUploadBytes;
  const mb = Number(process.env.EWB_MAX_UPLOAD_MB);
  return Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_MAX_UPLOAD_BYTES;
}

/** Resolves once listening; returns a closer. */
export async function startServer(o: ServeOptions): Promise<() => Promise<void>> {
  let sink: EventSink = () => undefined;
  const services = headlessServices(o.dbPath, (e, p) => sink(e, p));
  if (o.sample) {
    console.error('preparing the sample project (import and one training run)…');
    await ensureSampleProject(services);
  }
  const token = randomBytes(24).toString('base64url');
  const project = dirname(resolve(o.dbPath));
  const app = createHttpApp({
    handlers: services.handlers,
    staticDir: o.staticDir,
    token,
    uploadsDir: join(project, 'uploads'),
    exportsDir: join(project, 'exports'),
    samplePath: services.samplePath,
    host: o.host,
    maxUploadBytes: maxUpload(o),
  });
  app.uploads.clear(); // copies left by a session that was killed
  sink = app.broadcast;
  await new Promise<void>((ok, fail) => {
    app.server.once('error', fail);
    app.server.listen(o.port, o.host, () => ok());
  });
  const { port } = app.server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}/?token=${token}`;
  if (!isLoopback(o.host)) {
    console.error(
      `warning: listening on ${o.host}, not only on this machine: anyone who can reach it and gets the token (it is in the URL) can read and write this project's data`,
    );
  }
  (o.onListening ?? ((u: string) => console.log(`Embedding Workbench is serving ${o.dbPath}\nopen ${u}`)))(url);
  const close = async (): Promise<void> => {
    services.close();
    app.uploads.clear();
    await new Promise<void>((ok) => app.server.close(() => ok()));
  };
  const stop = (): void => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return close;
}
