// The renderer's backend handle: the shared ClientApi plus the two ways a file reaches the backend.
import type { ClientApi } from '../../../shared';

export interface WorkbenchApi extends ClientApi {
  mode: 'electron' | 'browser';
  /** Electron: the native open dialog; resolves to a local path, or null when cancelled. */
  pickFile(): Promise<string | null>;
  /** Browser: sends the bytes to the server, which answers with a path on its disk. */
  uploadFile(file: File): Promise<string>;
  /**
   * Where an export goes: Electron asks with the native save dialog for a new folder (null when cancelled);
   * the browser leaves it to the server (undefined) and downloads the files afterwards.
   */
  chooseExportDir(suggestedName: string): Promise<string | null | undefined>;
  /** Browser: has the browser save an exported file (named after dataset, run and table); returns that name. */
  download(path: string): Promise<string>;
  /** Browser: whether the page was opened with its session token (Electron: always). */
  hasSession(): boolean;
}
