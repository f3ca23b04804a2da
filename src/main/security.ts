// The desktop shell's security settings, in one place so that a test can read them (Electron's security
// checklist): the window's webPreferences, the CSP, the app:// protocol that serves the UI instead of file://,
// which frames may call IPC, which permissions are granted (none) and which links open outside (an allowlist).
import type { IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { contentType } from '../server/staticFiles';

/** The UI is served as app://workbench/…: a standard, secure origin of its own, unlike file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://workbench`;
export const APP_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true };

/** Only what the UI needs: its own scripts and styles (no inline ones), images it draws, nothing remote. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The CSP for this app: the strict one, except under `electron-vite dev` (unpackaged, with a dev server), whose
 * Vite injects CSS as <style> elements and talks to its dev server for hot reload.
 */
export function cspFor(isPackaged: boolean, env: NodeJS.ProcessEnv): string {
  if (isPackaged || !env.ELECTRON_RENDERER_URL) return CSP;
  return CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${originOf(env.ELECTRON_RENDERER_URL).replace(/^http/, 'ws')}`,
  );
}

/** Links the app may open in the user's browser; anything else is refused. */
export const EXTERNAL_ORIGINS = ['https://projector.tensorflow.org'];

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Where the window loads the UI from: the dev server of `electron-vite dev` only in an unpackaged app (an
 * ELECTRON_RENDERER_URL in a user's environment must not point a packaged app at another page).
 */
export function rendererUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): string {
  if (!isPackaged && env.ELECTRON_RENDERER_URL) return env.ELECTRON_RENDERER_URL;
  return `${APP_ORIGIN}/index.html`;
}

/** `scheme://host[:port]` of a URL; Node's `URL.origin` is "null" for schemes it does not know, such as app:. */
const originOf = (url: string): string => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
};

/** The origins whose main frame may call IPC: the app's own, and the dev server's in an unpackaged app. */
export function trustedOrigins(isPackaged: boolean, env: NodeJS.ProcessEnv): string[] {
  const dev = !isPackaged && env.ELECTRON_RENDERER_URL ? [originOf(env.ELECTRON_RENDERER_URL)] : [];
  return [APP_ORIGIN, ...dev];
}

/** Whether an IPC call comes from the app's own top-level page (not an iframe, not a page it navigated to). */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, origins: readonly string[]): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    return origins.includes(originOf(frame.url));
  } catch {
    return false;
  }
}

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_ORIGINS.includes(u.origin);
  } catch {
    return false;
  }
}

/** The file an app:// URL names inside the built renderer, or null for anything outside it. */
export function appFile(rendererDir: string, url: string): { path: string; type: string } | null {
  const u = new URL(url);
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'workbench') return null;
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(u.pathname)).replace(/^[/\\]+/, '') || 'index.html';
  } catch {
    return null;
  }
  const path = resolve(rendererDir, rel);
  const inside = relative(resolve(rendererDir), path);
  if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return { path, type: contentType(path) };
}

/** No camera, microphone, notifications, geolocation …: the app asks for none, so every request is refused. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The window never navigates away, opens no windows, attaches no webviews; allowed links go to the browser. */
export function lockNavigation(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
}
