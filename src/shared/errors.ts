// Errors as they cross every boundary (IPC, HTTP, the training process, the CLI): plain data, never Error objects.

/** Codes the UI and scripts can act on. Add codes; never rename one (scripts match on them). */
export const ERROR_CODES = [
  'BadRequest',
  'NotFound',
  'FileUnreadable',
  'DatasetInvalid',
  'DatasetExists',
  'RunFailed',
  'TrainingDiverged',
  'Cancelled',
  'Unauthorized',
  'Internal',
  /** Another process held the project database's write lock for too long; trying again later works. */
  'DatabaseBusy',
  /** The disk (or the folder's quota) is full; nothing was written. */
  'DiskFull',
  /** A title or text names several rows: the message lists them ("did you mean …"). */
  'Ambiguous',
  /** The row asked about was never trained (no training interactions): its vector is its random start. */
  'Untrained',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  name: string;
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An error thrown by core services; its code survives every boundary. */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}

/** Turns anything thrown into the wire shape; unknown errors become `Internal` with their message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof WorkbenchError) return { name: err.name, code: err.code, message: err.message };
  if (isApiError(err)) return { name: err.name, code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { name: 'Internal', code: 'Internal', message };
}

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (ERROR_CODES as readonly unknown[]).includes(v.code) && typeof v.message === 'string' && typeof v.name === 'string'
  );
}
