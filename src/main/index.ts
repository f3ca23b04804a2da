// Electron main: the window, the IPC wiring of the contract onto the core services, and training supervision.
// Security: context isolation, sandboxed preload, no node integration, a CSP, external links only via a check.
import { app, BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CHANNEL } from '../shared';
import { createServices, ensureSampleProject } from '../core/services';
import { registerIpc } from './ipc';
import { utilityTrainer } from './trainerProcess';

const here = fileURLToPath(new URL('.', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
let win: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Embedding Workbench',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  // Links open in the user's browser, and only http(s) ones; the app window never navigates away.
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  w.webContents.on('will-navigate', (e) => e.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) void w.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void w.loadFile(join(here, '../renderer/index.html'));
  return w;
}

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  const services = createServices({
    dbPath: join(app.getPath('userData'), 'workbench.db'),
    resourcesDir: join(app.getAppPath(), 'resources'),
    mode: 'electron',
    version: app.getVersion(),
    spawnTrainer: utilityTrainer(join(here, 'trainer.js')),
    projectWorker: { path: join(here, 'projectWorker.js'), execArgv: [] },
    emit: (event, payload) => win?.webContents.send(EVENT_CHANNEL, { event, payload }),
  });
  registerIpc(services.handlers, () => win);
  await ensureSampleProject(services);
  win = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('will-quit', () => services.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
