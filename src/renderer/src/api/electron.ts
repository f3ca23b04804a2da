// Electron mode: everything goes through the preload's `window.api`, which already speaks the contract.
import type { PreloadApi } from '../../../preload/api';
import type { Channel, Req, Res } from '../../../shared';
import { ApiCallError, toApiCallError, unwrap } from './apiError';
import type { WorkbenchApi } from './types';

export function createElectronApi(preload: PreloadApi): WorkbenchApi {
  return {
    mode: 'electron',
    async invoke<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>> {
      let result;
      try {
        result = await preload.invoke(channel, req);
      } catch (err) {
        // The preload itself rejected (unknown channel, IPC torn down): same error shape as a backend failure.
        throw toApiCallError(err);
      }
      return unwrap(result);
    },
    on: (event, listener) => preload.on(event, listener),
    pickFile: () => preload.pickFile(),
    uploadFile: () =>
      Promise.reject(new ApiCallError('BadRequest', 'Uploads exist only in browser mode; Electron reads local paths.')),
    chooseExportDir: async (suggestedName) => unwrap(await preload.pickExportDir(suggestedName)),
    // The files are already where the user chose: nothing to download.
    download: async (path) => path,
    hasSession: () => true,
  };
}
