// The renderer's backend handle: the shared ClientApi plus the two ways a file reaches the backend.
import type { ClientApi } from '../../../shared';

export interface WorkbenchApi extends ClientApi {
  mode: 'electron' | 'browser';
  /** Electron: the native open dialog; resolves to a local path, or null when cancelled. */
  pickFile(): Promise<string | null>;
  /** Browser: sends the bytes to the server, which answers with a path on its disk. */
  uploadFile(file: File): Promise<string>;
}
