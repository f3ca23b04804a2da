// Electron main: the window, the IPC wiring of the contract onto the core services, and training supervision.
// Security settings live in security.ts (Electron's checklist): the UI comes from app://, not file://.
import { app, BrowserWindow, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EVENT_CHANNEL } from '../shared';
import { createServices, ensureSampleProject } from '../core/services';
import { registerIpc } from './ipc';
import {
  APP_PRIVILEGES,
  APP_SCHEME,
  appFile,
  cspFor,
  denyPermissions,
  lockNavigation,
  rendererUrl,
  trustedOrigins,
  webPreferences,
} from './security';
import { utilityTrainer } from './trainerProcess';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
let win: BrowserWindow | null = null;

// Must happen before `ready`: app:// becomes a standard, secure scheme with its own origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PRIVILEGES }]);

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Embedding Workbench',
    webPreferences: webPreferences(join(here, '../preload/index.cjs')),
  });
  lockNavigation(w.webContents, (url) => void shell.openExternal(url));
  void w.loadURL(rendererUrl(app.isPackaged, process.env));
  return w;
}

void app.whenReady().then(async () => {
  const csp = cspFor(app.isPackaged, process.env);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFile(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    const body = await net.fetch(pathToFileURL(file.path).toString());
    return new Response(body.body, {
      status: body.status,
      headers: { 'Content-Type': file.type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
  denyPermissions(session.defaultSession);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
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
  registerIpc(services.handlers, () => win, {
    origins: trustedOrigins(app.isPackaged, process.env),
    samplePath: services.samplePath,
    downloadsDir: app.getPath('downloads'),
  });
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
