// What the preload exposes as `window.api` in Electron. Browser mode has no `window.api`.
import type { Channel, EventName, EventSpec, Req, Res, Result } from '../shared';

export interface PreloadApi {
  invoke<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Res<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventSpec[E]) => void): () => void;
  /** Native open-file dialog; null when the user cancels. */
  pickFile(): Promise<string | null>;
  /** Native save dialog for a new folder to export into; null when the user cancels. */
  pickExportDir(suggestedName: string): Promise<Result<string | null>>;
}

declare global {
  interface Window {
    api?: PreloadApi;
  }
}
