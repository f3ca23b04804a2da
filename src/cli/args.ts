// Small helpers for parsing CLI flags into typed values with one-line errors.
import { WorkbenchError } from '../shared';

export class UsageError extends Error {}

export function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} takes a whole number (got "${value}")`);
  return n;
}

export function numFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number (got "${value}")`);
  return n;
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** `role=column,role=column` → a mapping; roles are checked by the importer. */
export function parseMap(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map takes role=column pairs separated by commas (got "${pair}")`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

export { WorkbenchError };
