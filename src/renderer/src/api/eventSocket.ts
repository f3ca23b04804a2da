// Browser mode's event stream: one WebSocket to `/api/events`, reopened with a capped backoff when it drops.
import { EVENTS, type EventName, type EventSpec } from '../../../shared';

/** What a socket tells us; `open` wires these to a real WebSocket (or a fake in tests). */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  /** Also after a failed handshake: the browser reports errors as a close. */
  onClose(): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => void;

export interface EventSocketDeps {
  url: () => string;
  open: OpenSocket;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

const MIN_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

type Listener = (payload: EventSpec[EventName]) => void;

export class EventSocket {
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private started = false;
  private retryMs = MIN_RETRY_MS;

  constructor(private readonly deps: EventSocketDeps) {}

  on<E extends EventName>(event: E, listener: (payload: EventSpec[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    // Each listener is only ever called with its own event's payload (see dispatch), so widening is safe.
    const stored = listener as Listener;
    set.add(stored);
    // Opened lazily on the first subscription, then kept open: later views subscribe without a handshake.
    if (!this.started) this.connect();
    return () => void set.delete(stored);
  }

  private connect(): void {
    this.started = true;
    this.deps.open(this.deps.url(), {
      onOpen: () => {
        this.retryMs = MIN_RETRY_MS;
      },
      onMessage: (data) => this.dispatch(data),
      onClose: () => {
        const delay = this.retryMs;
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
        this.deps.setTimeout(() => this.connect(), delay);
      },
    });
  }

  private dispatch(data: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      console.warn('events: ignoring a message that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!(EVENTS as readonly unknown[]).includes(event)) return;
    for (const listener of this.listeners.get(event as EventName) ?? []) {
      try {
        listener(payload as EventSpec[EventName]);
      } catch (err) {
        // One broken listener must not starve the others.
        console.error('events: listener failed', err);
      }
    }
  }
}
