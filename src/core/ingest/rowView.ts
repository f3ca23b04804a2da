// One data row seen through its cells, without allocating per row: either an array of fields (quoted
// records, JSON Lines) or the record's text with the start/end of each cell (the fast path for plain
// delimited lines, which needs no substring for numbers and small-integer keys).
import type { KeyIds } from './columns';

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A decimal number in text[start, end) (optional sign, digits, optional fraction) computed as mantissa /
 * 10^k: both exact, so one correctly rounded division gives what Number() gives. Anything else (exponents,
 * spaces, more than 15 digits) goes through Number().
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
      return Number(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return Number(text.slice(start, end));
  return (sign * m) / POW10[frac > 0 ? frac : 0]!;
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

  /** Sets the row to the cells of an unquoted record; false when it has the wrong number of cells. */
  setText(text: string, delimiter: string, columns: number): number {
    this.fields = null;
    this.text = text;
    let at = 0;
    let k = 0;
    for (;;) {
      const d = text.indexOf(delimiter, at);
      if (k >= columns) return k + 1 + (d < 0 ? 0 : 1); // too many: an exact count is not needed
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
      const f = this.fields[k]!;
      return f.trim() === '' ? NaN : Number(f);
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
