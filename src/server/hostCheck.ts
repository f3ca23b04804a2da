// Against DNS rebinding: a page on another site whose name was pointed at this machine reaches the server
// with its own name in `Host` and its own origin in `Origin`. Only the names this server is reached by
// (loopback, or the address it was bound to) and only its own origin pass, for HTTP and the WebSocket alike.
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export const isLoopback = (host: string): boolean => LOOPBACK.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The host names a client may use to reach a server bound to `bound` (without port, IPv6 unbracketed). */
export function allowedHostNames(bound: string): Set<string> {
  const names = new Set(LOOPBACK);
  names.add(bound);
  if (bound === '0.0.0.0' || bound === '::') {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.address.replace(/%.*$/, ''));
  }
  return names;
}

/** `host:port` split, with IPv6 brackets removed; null when it is not of that form. */
function splitHost(header: string): { name: string; port: string } | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(header);
  if (!m) return null;
  return { name: (m[1] ?? m[2]!).toLowerCase(), port: m[3] ?? '80' };
}

/** Why a request's Host or Origin is refused, or null when both are this server's own. */
export function hostOriginProblem(req: IncomingMessage, names: Set<string>, port: number): string | null {
  const host = splitHost(req.headers.host ?? '');
  if (!host || !names.has(host.name) || host.port !== String(port))
    return `this server answers only to ${[...names].slice(0, 3).join(', ')} on port ${port}, not to Host "${req.headers.host ?? ''}"`;
  const origin = req.headers.origin;
  // No Origin: not a browser (curl, scripts) — those need the token anyway, and cannot be rebound.
  if (origin === undefined) return null;
  if (origin !== `http://${req.headers.host}`)
    return `requests from ${origin} are refused: only pages served by this server may call it`;
  return null;
}

/**
 * The page's Content Security Policy: scripts and styles only from the server's own files (no inline styles),
 * and connections only back to this origin and its own WebSocket (`ws:` of the same host and port).
 */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
