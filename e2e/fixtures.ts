// Files the e2e tests write for themselves, with the answers an import of them must give.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TrickyFile {
  path: string;
  /** What an import with leave-last-1 and duplicates `last` must report. */
  expected: {
    read: number;
    rejected: number;
    rejectedLines: number[];
    imported: number;
    duplicatePairs: number;
    removed: number;
    sequences: number;
    splits: { train: number; valid: number; test: number };
  };
}

const HEADER = 'user_id;item_id;rating;ts;event_type;page_type;session_id;title';

// Line numbers are the file's physical lines (header = 1); the record of "Two\nlines" spans lines 6–7.
const LINES = [
  HEADER,
  `u1;i1;4;2024-03-01T10:00:00Z;view;home;s1;"Heat; Director's Cut"`,
  `u1;i2;5;2024-03-01T10:05:00Z;click;product;s1;"The ""Quoted"" One"`,
  `u1;i3;3;2024-03-01T10:09:00Z;view;product;s1;Plain`,
  `u1;i1;2;2024-03-02T09:00:00Z;buy;checkout;s2;"Heat; Director's Cut"`, // (u1, i1) again, later: `last` keeps this
  `u2;i6;4;2024-03-01T11:00:00Z;view;home;s3;"Two`,
  `lines"`,
  `u2;i4;abc;2024-03-01T11:02:00Z;view;product;s3;Bad rating`, // line 8: rejected, rating is not a number
  `u2;i3;5;2024-03-01T11:04:00Z;click;product;s3;Plain`,
  `u2;i5;4;2024-03-01T11:10:00Z;buy;checkout;s3;Fifth`,
  `u3;i1;3;2024-03-03T08:00:00Z;view;home;s4`, // line 11: rejected, 7 fields instead of 8
  `u3;i4;4;2024-03-03T08:01:00Z;view;search;s4;Fourth`,
  `u3;i5;5;2024-03-03T08:02:00Z;click;product;s4;Fifth`,
  `u3;i2;1;2024-03-03T08:30:00Z;view;home;s5;"The ""Quoted"" One"`,
  `u4;i2;2;2024-03-04T20:00:00Z;view;home;s6;"The ""Quoted"" One"`,
  `u4;i6;3;2024-03-04T20:03:00Z;buy;checkout;s6;"Two`,
  `lines"`,
];

/**
 * A semicolon-delimited, gzip-compressed file with a header, quoted fields holding `;`, `""` and a newline,
 * ISO timestamps, an event made of two columns, sessions, one duplicate (user, item) pair and two bad rows.
 */
export function writeTrickyFile(dir: string): TrickyFile {
  const path = join(dir, 'sessions.csv.gz');
  writeFileSync(path, gzipSync(`${LINES.join('\n')}\n`));
  return {
    path,
    expected: {
      read: 14,
      rejected: 2,
      rejectedLines: [8, 11],
      // 12 good rows, of which one repeats (u1, i1) and is dropped by `last`.
      imported: 11,
      duplicatePairs: 1,
      removed: 1,
      sequences: 6,
      // Leave-last-1 per user (by time): u1 has 3 rows after the duplicate goes, u2 3, u3 3, u4 2.
      splits: { train: 4, valid: 3, test: 4 },
    },
  };
}

/** A plain ratings CSV big enough that reading it takes seconds (about 22 bytes a row): for progress and cancel. */
export function writeLargeRatings(dir: string, rows: number): string {
  const path = join(dir, 'large.csv');
  const lines = ['user,item,rating,timestamp'];
  for (let i = 0; i < rows; i++) lines.push(`${i % 5000},${(i * 7) % 3000},${1 + (i % 5)},${1600000000 + i}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * Behaviour sessions for item2vec: `sessions` sessions of 5–10 item tokens, each session drawn from one of two
 * clusters of 15 items (`red01`… or `blue01`…), with a session column and a timestamp. Deterministic.
 */
export function writeBehaviourSessions(dir: string, sessions = 200): string {
  const path = join(dir, 'behaviour.csv');
  let state = 7;
  // A small LCG: the same file every run, so that a failure can be replayed.
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const lines = ['session_id,item_id,ts'];
  let ts = 1_700_000_000;
  for (let s = 0; s < sessions; s++) {
    const cluster = s % 2 === 0 ? 'red' : 'blue';
    const length = 5 + Math.floor(random() * 6);
    for (let i = 0; i < length; i++) {
      const item = `${cluster}${String(1 + Math.floor(random() * 15)).padStart(2, '0')}`;
      lines.push(`session${s},${item},${ts++}`);
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
