// Wires the contract onto ipcMain: every channel answers a Result, so errors keep their codes in the renderer.
// Every call must come from the app's own top-level page; requests are checked against the channel's schema,
// and file paths must be ones the user picked in this shell's own open and save dialogs (or the sample).
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Channel, Handlers, Result } from '../shared';
import { CHANNELS, DIALOG_PICK_EXPORT_DIR, DIALOG_PICK_FILE, toApiError } from '../shared';
import { guardHandlers, isInside, type PathPolicy } from '../core/boundary';
import { isTrustedSender } from './security';

export interface IpcOptions {
  /** Origins whose top-level frame may call (security.ts, trustedOrigins). */
  origins: readonly string[];
  /** The bundled sample, readable without a dialog. */
  samplePath: string;
  /** Where the save dialog starts (the user's Downloads folder). */
  downloadsDir: string;
}

const REFUSED: Result<never> = {
  ok: false,
  error: { name: 'Unauthorized', code: 'Unauthorized', message: "only the app's own page may call the backend" },
};

/** The paths the user chose in this session's dialogs: the only ones a request may name. */
export function dialogPathPolicy(samplePath: string): {
  policy: PathPolicy;
  picked: Set<string>;
  exportDirs: Set<string>;
} {
  const picked = new Set<string>();
  const exportDirs = new Set<string>();
  const policy: PathPolicy = ({ use, path }) => {
    const p = resolve(path);
    if (use === 'write') return exportDirs.has(p) ? null : 'exports go to a folder chosen in the save dialog (Export…)';
    if (picked.has(p) || isInside(dirname(samplePath), p)) return null;
    return 'open the file with Choose file… first: the app reads only files picked in its own dialog';
  };
  return { policy, picked, exportDirs };
}

export function registerIpc(handlers: Handlers, window: () => BrowserWindow | null, o: IpcOptions): void {
  const { policy, picked, exportDirs } = dialogPathPolicy(o.samplePath);
  const checked = guardHandlers(handlers, policy);
  const trusted = (event: IpcMainInvokeEvent): boolean => isTrustedSender(event, o.origins);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, req: unknown): Promise<Result<unknown>> => {
      if (!trusted(event)) return REFUSED;
      try {
        const handler = checked[channel as Channel] as (r: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(req) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    });
  }
  ipcMain.handle(DIALOG_PICK_FILE, async (event) => {
    if (!trusted(event)) return null;
    const win = window();
    const options = {
      properties: ['openFile' as const],
      filters: [
        { name: 'Data files', extensions: ['csv', 'tsv', 'dat', 'data', 'txt', 'jsonl', 'json', 'gz', 'ewb'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const path = chosen.canceled ? null : (chosen.filePaths[0] ?? null);
    if (path) picked.add(resolve(path));
    return path;
  });
  ipcMain.handle(DIALOG_PICK_EXPORT_DIR, async (event, suggested: unknown): Promise<Result<string | null>> => {
    if (!trusted(event)) return REFUSED;
    const name = typeof suggested === 'string' ? suggested.replace(/[^\w.-]+/g, '_') : 'export';
    const options = {
      title: 'Export into a new folder',
      buttonLabel: 'Export here',
      defaultPath: resolve(o.downloadsDir, name || 'export'),
      properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
    };
    const win = window();
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return { ok: true, value: null };
    const dir = resolve(chosen.filePath);
    // A folder with files in it would have them overwritten: nothing is overwritten silently.
    if (existsSync(dir) && readdirSync(dir).length > 0)
      return {
        ok: false,
        error: {
          name: 'BadRequest',
          code: 'BadRequest',
          message: `${dir} exists already and holds files: choose a new folder name (an earlier export is never overwritten)`,
        },
      };
    mkdirSync(dir, { recursive: true });
    exportDirs.add(dir);
    return { ok: true, value: dir };
  });
}
