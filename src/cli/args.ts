// Small helpers for parsing CLI flags into typed values with one-line errors.
export class UsageError extends Error {}

/** A parsed flag's value when it is a string (parseArgs gives booleans and arrays too). */
export const str = (v: string | boolean | (string | boolean)[] | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined;

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

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} is one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}
