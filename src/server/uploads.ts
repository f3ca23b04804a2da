// Browser mode's uploaded files: received under a size cap into `<name>.partial` and renamed only when whole,
// each in a folder of its own under the project's uploads folder, removed once imported, on abort, and at
// start and stop. The user's own file name is remembered so that messages name it instead of our copy.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { WorkbenchError } from '../shared';
import { isInside } from '../core/boundary';

/** Default cap of one upload: EWB_MAX_UPLOAD_MB overrides it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** Thrown for an upload over the cap; the bridge answers 413 and closes the connection. */
export class UploadTooLarge extends WorkbenchError {
  constructor(max: number) {
    super(
      'BadRequest',
      `the file is larger than the upload limit of ${formatBytes(max)}; import it from the command line (ewb import FILE), or raise the limit (EWB_MAX_UPLOAD_MB)`,
    );
  }
}

const formatBytes = (n: number): string =>
  n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toFixed(1)} GiB` : `${+(n / 1024 ** 2).toFixed(1)} MiB`;

/** A file name safe on every disk: the base name only, odd characters replaced, never hidden or empty. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[^\w.-]+/g, '_')
    .replace(/^\.+/, '');
  return base.slice(-120) || 'upload';
}

export class Uploads {
  /** Our copy → the name of the user's file. */
  private readonly names = new Map<string, string>();
  /** Copies removed after their import, so that a second import can say why the file is gone. */
  private readonly removed = new Map<string, string>();

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  /** Removes every upload (left by an earlier session, or at stop): nothing in here outlives a session. */
  clear(): void {
    if (!existsSync(this.dir)) return;
    for (const entry of readdirSync(this.dir)) rmSync(join(this.dir, entry), { recursive: true, force: true });
    this.names.clear();
  }

  /** Streams the request body into a new upload; a body over the cap or cut off leaves nothing behind. */
  async receive(req: IncomingMessage, userName: string): Promise<string> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) throw new UploadTooLarge(this.maxBytes);
    const folder = join(this.dir, randomBytes(6).toString('hex'));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, safeFileName(userName));
    const out = createWriteStream(`${path}.partial`, { flags: 'wx' });
    let failure: Error | null = null;
    out.on('error', (err) => (failure = err));
    let size = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) throw new UploadTooLarge(this.maxBytes);
        if (failure) throw failure;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      // A client that goes away mid-body ends the stream early on some Node versions instead of failing it.
      if (!req.complete) throw new WorkbenchError('Cancelled', 'the upload was cut off before the end');
      out.end();
      await once(out, 'finish');
      renameSync(`${path}.partial`, path);
    } catch (err) {
      out.destroy();
      rmSync(folder, { recursive: true, force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new WorkbenchError(
          'DiskFull',
          `${userName}: the disk holding ${this.dir} is full; nothing was kept. Free some space and upload again`,
        );
      throw err;
    }
    this.names.set(path, userName);
    return path;
  }

  /** Whether `path` is a complete upload of this session; a sentence saying why not otherwise. */
  refusal(path: string): string | null {
    if (this.removed.has(path))
      return `${this.removed.get(path)} was imported already and its uploaded copy removed: choose the file again`;
    if (!isInside(this.dir, path)) return null;
    return this.names.has(path) ? null : 'no such upload in this session: upload the file again';
  }

  /** Removes the copies a finished import read. */
  removeImported(paths: readonly string[]): void {
    for (const p of paths) {
      const name = this.names.get(p);
      if (name === undefined) continue;
      rmSync(dirname(p), { recursive: true, force: true });
      this.names.delete(p);
      this.removed.set(p, name);
    }
  }

  /** `text` with each upload's path replaced by the user's file name. */
  describe(text: string): string {
    let out = text;
    for (const [path, name] of [...this.names, ...this.removed]) out = out.split(path).join(name);
    return out;
  }
}
