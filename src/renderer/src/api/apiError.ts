// How a failed backend call surfaces in the renderer: one Error class carrying the contract's error code.
import { isApiError, type ErrorCode, type Result } from '../../../shared';

export class ApiCallError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}

/** The value of an ok Result; an `ApiCallError` with the backend's code and message otherwise. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiCallError(result.error.code, result.error.message);
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'value' in v;
  return v.ok === false && isApiError(v.error);
}

/** Anything thrown (IPC failure, network error, our own errors) as an `ApiCallError`. */
export function toApiCallError(err: unknown): ApiCallError {
  if (err instanceof ApiCallError) return err;
  if (isApiError(err)) return new ApiCallError(err.code, err.message);
  return new ApiCallError('Internal', err instanceof Error ? err.message : String(err));
}
