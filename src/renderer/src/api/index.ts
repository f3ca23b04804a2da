// The renderer's only door to the backend: Electron's preload when present, the HTTP bridge otherwise.
import { createBrowserApi } from './browser';
import { createElectronApi } from './electron';
import type { WorkbenchApi } from './types';

export { ApiCallError } from './apiError';
export type { WorkbenchApi } from './types';

function createApi(): WorkbenchApi {
  if (window.api) return createElectronApi(window.api);
  return createBrowserApi({
    fetch: (input, init) => window.fetch(input, init),
    openSocket: (url, handlers) => {
      const socket = new WebSocket(url);
      socket.onopen = () => handlers.onOpen();
      socket.onmessage = (event) => handlers.onMessage(event.data);
      // An error is always followed by close, where the reconnect is scheduled.
      socket.onclose = () => handlers.onClose();
    },
    location: window.location,
    storage: window.sessionStorage,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    saveBlob: (blob, name) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      // The click starts the download synchronously; the URL is not needed after it.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
}

export const api: WorkbenchApi = createApi();
