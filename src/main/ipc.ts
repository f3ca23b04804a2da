// Wires the contract onto ipcMain: every channel answers a Result, so errors keep their codes in the renderer.
import { dialog, ipcMain, type BrowserWindow } from 'electron';
import type { Channel, Handlers, Result } from '../shared';
import { CHANNELS, DIALOG_PICK_FILE, toApiError } from '../shared';

export function registerIpc(handlers: Handlers, window: () => BrowserWindow | null): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (_event, req: unknown): Promise<Result<unknown>> => {
      try {
        const handler = handlers[channel as Channel] as (r: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(req) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    });
  }
  ipcMain.handle(DIALOG_PICK_FILE, async () => {
    const win = window();
    const options = {
      properties: ['openFile' as const],
      filters: [
        { name: 'Data files', extensions: ['csv', 'tsv', 'dat', 'data', 'txt', 'jsonl', 'json', 'gz'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });
}
