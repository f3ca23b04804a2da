// Output files written as `<path>.partial` and renamed into place only when complete, through a small
// buffer, so an export never leaves a half-written file and never holds the whole file in memory.
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { WorkbenchError } from '../../shared';

/** Bytes (or UTF-16 units for text) gathered before one write to the stream. */
const CHUNK = 1 << 20;

export class PartialFile {
  readonly path: string;
  readonly partialPath: string;
  private readonly stream: WriteStream;
  private text = '';
  private bytes: Uint8Array[] = [];
  private byteCount = 0;
  private failure: Error | null = null;

  constructor(path: string) {
    this.path = path;
    this.partialPath = `${path}.partial`;
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(this.partialPath);
    this.stream.on('error', (err) => (this.failure = err));
  }

  /** Appends text (UTF-8); flushes with back-pressure once a chunk has gathered. */
  async writeText(s: string): Promise<void> {
    if (this.byteCount > 0) await this.flushBytes();
    this.text += s;
    if (this.text.length >= CHUNK) await this.flushText();
  }

  /** Appends bytes; the caller may reuse `b` afterwards (it is copied). */
  async writeBytes(b: Uint8Array): Promise<void> {
    if (this.text.length > 0) await this.flushText();
    this.bytes.push(b.slice());
    this.byteCount += b.byteLength;
    if (this.byteCount >= CHUNK) await this.flushBytes();
  }

  /** Flushes and closes the `.partial` file (it is not renamed yet). */
  async close(): Promise<void> {
    await this.flushText();
    await this.flushBytes();
    this.stream.end();
    if (!this.stream.writableFinished) await once(this.stream, 'finish');
    this.throwIfFailed();
  }

  /** Moves the finished file into place. */
  commit(): void {
    renameSync(this.partialPath, this.path);
  }

  /** Drops the `.partial` file after a failure. */
  abort(): void {
    this.stream.destroy();
    rmSync(this.partialPath, { force: true });
  }

  private async flushText(): Promise<void> {
    if (this.text.length === 0) return;
    const s = this.text;
    this.text = '';
    await this.push(s);
  }

  private async flushBytes(): Promise<void> {
    if (this.byteCount === 0) return;
    const chunk = Buffer.concat(this.bytes, this.byteCount);
    this.bytes = [];
    this.byteCount = 0;
    await this.push(chunk);
  }

  private async push(chunk: string | Buffer): Promise<void> {
    this.throwIfFailed();
    // `once` rejects if the stream errors while we wait, so a failed disk cannot hang the export.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/**
 * Runs `write` over one PartialFile per path, then closes and renames them all; on any failure every
 * `.partial` file is removed and the error rethrown, so no file appears unless all of them were written.
 */
export async function writeFiles<T>(paths: readonly string[], write: (files: PartialFile[]) => Promise<T>): Promise<T> {
  const files: PartialFile[] = [];
  try {
    for (const p of paths) files.push(new PartialFile(p));
    const result = await write(files);
    for (const f of files) await f.close();
    for (const f of files) f.commit();
    return result;
  } catch (err) {
    for (const f of files) f.abort();
    throw diskFull(err, paths);
  }
}

/** A full disk in plain words, naming the file being written; other errors as they are. */
function diskFull(err: unknown, paths: readonly string[]): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return err;
  const path = paths.length === 1 ? paths[0]! : dirname(paths[0]!);
  return new WorkbenchError(
    'DiskFull',
    `${path}: the disk is full; nothing was kept (the partial files are removed). Free some space on it and write again`,
  );
}
