// Reads the Spark job's stdout: one JSON object per line (resources/spark/ewb_spark.py `emit`). Anything else
// on stdout (a library's stray print) is not an event and is passed over, never mistaken for one.
import type { SparkJobEvent } from '../../shared';

type Shape = Record<string, 'string' | 'number' | 'object'>;

/** The fields each event must carry, with their JSON types; extra fields are allowed (newer jobs). */
const SHAPES: Record<SparkJobEvent['event'], Shape> = {
  start: { command: 'string', spark: 'string', master: 'string', appId: 'string' },
  stage: { name: 'string', job: 'string' },
  data: { rows: 'number' },
  iteration: { iteration: 'number', of: 'number', seconds: 'number' },
  tasks: { done: 'number', total: 'number' },
  copied: { source: 'string', target: 'string', seconds: 'number' },
  removed: { path: 'string' },
  done: { job: 'string', tables: 'object', seconds: 'number' },
  error: { message: 'string' },
};

/** The event on one line of the job's stdout, or null when the line is not one. */
export function parseJobLine(line: string): SparkJobEvent | null {
  const text = line.trim();
  if (!text.startsWith('{"event"')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const shape = SHAPES[v.event as SparkJobEvent['event']];
  if (!shape) return null;
  for (const [key, type] of Object.entries(shape)) {
    if (typeof v[key] !== type || v[key] === null) return null;
  }
  return v as SparkJobEvent;
}

/** Splits a byte stream into lines across chunk boundaries, handing each whole line to `onLine`. */
export function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; end: () => void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk;
      let at: number;
      while ((at = rest.indexOf('\n')) >= 0) {
        onLine(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

/** The last `max` lines of a stream (Spark's stderr), kept as they arrive so a failure can show them. */
export class Tail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 40) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  text(): string {
    return this.lines.join('\n');
  }
}
