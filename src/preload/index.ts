// The sandboxed preload: exposes one typed `api` object and nothing of ipcRenderer itself. Only the contract's
// channels and events pass; anything else is refused here, before it reaches main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, EventName, EventSpec, Req, Res } from '../shared/channels';
import type { Result } from '../shared/errors';
import { DIALOG_PICK_EXPORT_DIR, DIALOG_PICK_FILE, EVENT_CHANNEL, isChannel } from '../shared/channels';
import type { PreloadApi } from './api';

const api: PreloadApi = {
  invoke<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Res<C>>> {
    if (!isChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: { name: 'BadRequest', code: 'BadRequest', message: `no channel "${String(channel)}"` },
      });
    }
    return ipcRenderer.invoke(channel, req) as Promise<Result<Res<C>>>;
  },
  on<E extends EventName>(event: E, listener: (payload: EventSpec[E]) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, message: { event: EventName; payload: EventSpec[E] }): void => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.off(EVENT_CHANNEL, wrapped);
  },
  pickFile: () => ipcRenderer.invoke(DIALOG_PICK_FILE) as Promise<string | null>,
  pickExportDir: (suggestedName: string) =>
    ipcRenderer.invoke(DIALOG_PICK_EXPORT_DIR, suggestedName) as Promise<Result<string | null>>,
};

contextBridge.exposeInMainWorld('api', api);
