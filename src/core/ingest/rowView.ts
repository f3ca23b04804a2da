// One data row seen through its cells, without allocating per row: either an array of fields (quoted
// records, JSON Lines) or the record's text with the start/end of each cell (the fast path for plain
// delimited lines, which needs no substring for numbers and small-integer keys).
import type { KeyIds } from './columns';

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** A decimal number as people write one in data: sign, digits, fraction, exponent; no 0x/0b/0o, no spaces. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of a decimal number (surrounding spaces allowed); NaN for anything else, hex literals included. */
export function decimalNumber(s: string): number {
  const t = s.trim();
  return DECIMAL.test(t) ? Number(t) : t === 'NaN' || /^[+-]?Infinity$/.test(t) ? Number(t) : NaN;
}

/**
 * A decimal number in text[start, end) (optional sign, digits, optional fraction) computed as mantissa /
 * 10^k: both exact, so one correctly rounded division gives what Number() gives. Anything else (exponents,
 * spaces, more than 15 digits) goes through `decimalNumber`, which refuses hex, binary and octal literals.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let sign = 1;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    sign = first === 45 ? -1 : 1;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) {
      frac = 0;
    } else {
      return decimalNumber(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return decimalNumber(text.slice(start, end));
  return (sign * m) / POW10[frac > 0 ? frac : 0]!;
}

/** Occurrences of `delimiter` in `text` from `from` on (none when `from` is -1). */
function countOf(text: string, delimiter: string, from: number): number {
  let n = 0;
  for (let d = from; d >= 0; d = text.indexOf(delimiter, d + delimiter.length)) n++;
  return n;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 0xa0 || c === 0xfeff;

export class RowView {
  fields: string[] | null = null;
  text = '';
  /** Cell k spans text[bounds[2k], bounds[2k + 1]). */
  readonly bounds: Int32Array;

  constructor(columns: number) {
    this.bounds = new Int32Array(columns * 2);
  }

  /** Sets the row to the cells of an unquoted record; returns how many cells it has. */
  setText(text: string, delimiter: string, columns: number): number {
    this.fields = null;
    this.text = text;
    let at = 0;
    let k = 0;
    for (;;) {
      const d = text.indexOf(delimiter, at);
      if (k >= columns) return k + 1 + countOf(text, delimiter, d); // too many: count the rest for the message
      this.bounds[2 * k] = at;
      this.bounds[2 * k + 1] = d < 0 ? text.length : d;
      k++;
      if (d < 0) return k;
      at = d + delimiter.length;
    }
  }

  setFields(fields: string[]): void {
    this.fields = fields;
  }

  /** The cell's text, trimmed. */
  str(k: number): string {
    if (this.fields) return this.fields[k]!.trim();
    return this.text.slice(this.bounds[2 * k]!, this.bounds[2 * k + 1]!).trim();
  }

  /** The cell as written (untrimmed), for messages. */
  raw(k: number): string {
    return this.fields ? this.fields[k]! : this.text.slice(this.bounds[2 * k]!, this.bounds[2 * k + 1]!);
  }

  empty(k: number): boolean {
    if (this.fields) return this.fields[k]!.trim() === '';
    for (let i = this.bounds[2 * k]!; i < this.bounds[2 * k + 1]!; i++)
      if (!isSpace(this.text.charCodeAt(i))) return false;
    return true;
  }

  /** The cell as a number (NaN when it is not one; an empty cell is NaN, not 0). */
  num(k: number): number {
    if (this.fields) {
      return decimalNumber(this.fields[k]!);
    }
    let a = this.bounds[2 * k]!;
    let b = this.bounds[2 * k + 1]!;
    while (a < b && isSpace(this.text.charCodeAt(a))) a++;
    while (b > a && isSpace(this.text.charCodeAt(b - 1))) b--;
    return a === b ? NaN : parseDecimal(this.text, a, b);
  }

  /** The provisional id of the cell's (trimmed) key. */
  key(k: number, ids: KeyIds): number {
    if (this.fields) return ids.id(this.fields[k]!.trim());
    let a = this.bounds[2 * k]!;
    let b = this.bounds[2 * k + 1]!;
    while (a < b && isSpace(this.text.charCodeAt(a))) a++;
    while (b > a && isSpace(this.text.charCodeAt(b - 1))) b--;
    return ids.idRange(this.text, a, b);
  }
}
