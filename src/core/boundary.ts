// The one gate every request passes on its way in from another process (a browser over HTTP, Electron's
// renderer over IPC): its body is checked against the channel's schema, and every file path it names is put
// to the front end's path policy before any handler sees it.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import type { Channel, Handlers, PathUse } from '../shared';
import { CHANNELS, checkRequest, requestPaths, WorkbenchError } from '../shared';

/** Says whether a front end lets a request read (or write into) a path; returns a refusal sentence or null. */
export type PathPolicy = (p: { channel: Channel; at: string; use: PathUse; path: string }) => string | null;

/** Handlers that check every request first; refused requests are BadRequest with the field and the reason. */
export function guardHandlers(handlers: Handlers, policy: PathPolicy): Handlers {
  const guarded = {} as Record<Channel, (req: unknown) => Promise<unknown>>;
  for (const channel of CHANNELS) {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    guarded[channel] = async (body: unknown) => {
      const req = checkRequest(channel, body);
      for (const p of requestPaths(channel, req)) {
        const refusal = policy({ channel, at: p.at, use: p.use, path: p.value });
        if (refusal) throw new WorkbenchError('BadRequest', `${channel}: ${p.at}: ${refusal}`);
      }
      return handler(req);
    };
  }
  return guarded as Handlers;
}

/**
 * The real location of `path` after normalisation and symbolic links (of the path, or of its nearest existing
 * parent for a folder still to be created), so that `..` and links cannot lead out of a confined folder.
 */
export function realLocation(path: string): string {
  let p = resolve(normalize(path));
  const missing: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(p), ...missing.reverse());
    } catch {
      const up = dirname(p);
      if (up === p) return resolve(p, ...missing.reverse());
      missing.push(p.slice(up.length + (up.endsWith(sep) ? 0 : 1)));
      p = up;
    }
  }
}

/** Whether `path` lies inside folder `root` (or is it), both taken at their real locations. */
export function isInside(root: string, path: string): boolean {
  if (!isAbsolute(path)) return false;
  const rel = relative(realLocation(root), realLocation(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
