// What an error code means, as the sentence that leads an error banner (issue 13: a sentence, not a bare code).
import type { ErrorCode } from '../../../shared';

const HEADINGS: Record<ErrorCode, string> = {
  BadRequest: 'The request was refused.',
  NotFound: 'Not found.',
  FileUnreadable: 'The file cannot be read.',
  DatasetInvalid: 'The file cannot be imported.',
  DatasetExists: 'That name is taken.',
  RunFailed: 'The run failed.',
  TrainingDiverged: 'Training diverged.',
  Cancelled: 'Stopped before the end.',
  Unauthorized: 'Not allowed.',
  Internal: 'Something went wrong inside the workbench.',
  DatabaseBusy: 'The project database is busy.',
  DiskFull: 'The disk is full.',
  Ambiguous: 'That name fits several rows.',
  Untrained: 'That row was never trained.',
};

/** The banner's first sentence for an error code; codes from elsewhere get a plain one. */
export function errorHeading(code: string): string {
  return (HEADINGS as Record<string, string>)[code] ?? 'Something went wrong.';
}

/** Shown instead of an empty project when the page was opened without its session token. */
export const NO_TOKEN_MESSAGE =
  'This page needs its session token: open the URL printed at start (it carries the session token).';
