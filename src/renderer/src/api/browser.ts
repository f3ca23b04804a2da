// Browser mode: the HTTP bridge of `ewb serve` (POST /api/invoke/<channel>, /api/upload, WS /api/events).
import type { Channel, Req, Res } from '../../../shared';
import { ApiCallError, isResult, toApiCallError, unwrap } from './apiError';
import { EventSocket, type OpenSocket } from './eventSocket';
import type { WorkbenchApi } from './types';

const TOKEN_KEY = 'ewb.token';

export interface BrowserDeps {
  fetch: typeof fetch;
  openSocket: OpenSocket;
  location: { protocol: string; host: string; search: string };
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  setTimeout: (fn: () => void, ms: number) => unknown;
  /** Hands a file to the browser's downloads (an object URL and a click on a link with `download`). */
  saveBlob: (blob: Blob, name: string) => void;
}

/** The file name from a Content-Disposition header (RFC 6266 `filename*` first), or null. */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]!);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}

/** The token from `?token=`, remembered for the tab so a reload without the query still works. */
export function readToken(search: string, storage: BrowserDeps['storage']): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

async function readResult<T>(response: Response): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  // The bridge answers every call (401 included) with a Result; its value is typed by the channel.
  if (isResult(body)) return unwrap(body) as T;
  if (response.status === 401) {
    throw new ApiCallError(
      'Unauthorized',
      'Missing or wrong session token: open the URL printed at start (it carries the session token).',
    );
  }
  throw new ApiCallError('Internal', `Unexpected answer from the server (HTTP ${response.status}).`);
}

export function createBrowserApi(deps: BrowserDeps): WorkbenchApi {
  const token = readToken(deps.location.search, deps.storage) ?? '';
  const auth = { Authorization: `Bearer ${token}` };

  async function post<T>(url: string, headers: Record<string, string>, body: BodyInit): Promise<T> {
    let response: Response;
    try {
      response = await deps.fetch(url, { method: 'POST', headers: { ...auth, ...headers }, body });
    } catch (err) {
      throw new ApiCallError('Internal', `Cannot reach the workbench server: ${toApiCallError(err).message}`);
    }
    return readResult<T>(response);
  }

  const scheme = deps.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const events = new EventSocket({
    url: () => `${scheme}//${deps.location.host}/api/events?token=${encodeURIComponent(token)}`,
    open: deps.openSocket,
    setTimeout: deps.setTimeout,
  });

  return {
    mode: 'browser',
    invoke<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>> {
      // JSON has no `undefined`: channels whose request is void send `null`.
      const body = req === undefined ? 'null' : JSON.stringify(req);
      return post<Res<C>>(`/api/invoke/${channel}`, { 'Content-Type': 'application/json' }, body);
    },
    on: (event, listener) => events.on(event, listener),
    pickFile: () =>
      Promise.reject(new ApiCallError('BadRequest', 'A browser cannot reveal local paths; upload the file instead.')),
    async uploadFile(file: File): Promise<string> {
      const url = `/api/upload?name=${encodeURIComponent(file.name)}`;
      const { path } = await post<{ path: string }>(url, { 'Content-Type': 'application/octet-stream' }, file);
      return path;
    },
    chooseExportDir: async () => undefined,
    async download(path: string): Promise<string> {
      let response: Response;
      try {
        response = await deps.fetch(`/api/download?path=${encodeURIComponent(path)}`, { headers: auth });
      } catch (err) {
        throw new ApiCallError('Internal', `Cannot reach the workbench server: ${toApiCallError(err).message}`);
      }
      if (!response.ok) throw new ApiCallError('NotFound', await response.text());
      const name = dispositionName(response.headers.get('Content-Disposition')) ?? 'export';
      deps.saveBlob(await response.blob(), name);
      return name;
    },
    hasSession: () => token !== '',
  };
}
