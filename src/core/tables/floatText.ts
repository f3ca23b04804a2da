// Float32 values as text: the shortest decimal that reads back as the same float32, and the parser for it.

/** Powers of ten exactly representable as doubles (10^22 is the last one). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The shortest decimal string that parses back (decimal → double → float32, as JS, NumPy and gensim read it)
 * to exactly `x`, written as ECMAScript's Number#toString writes it. Gensim writes `repr(numpy.float32)`, the
 * same shortest digits. `x` must be a float32 value (read from a Float32Array).
 */
export function formatFloat32(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const ax = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  const e10 = Math.floor(Math.log10(ax));
  // Round-tripping is monotone in the digit count (the p-digit grid is part of the p+1 grid): 8 digits fit
  // ~99% of float32 values, 9 always do; then shorten while it still round-trips.
  let best = candidate(ax, e10, 8);
  if (best === null) return sign + (candidate(ax, e10, 9) ?? slowShortest(ax));
  for (let p = 7; p >= 1; p--) {
    const shorter = candidate(ax, e10, p);
    if (shorter === null) break;
    best = shorter;
  }
  return sign + best;
}

/**
 * `ax` rounded to `p` significant digits, if that reads back as `ax`; else null. D and 10^s are exact
 * doubles, so D / 10^s is the correctly rounded double of the decimal, the same double a parser returns.
 */
function candidate(ax: number, e10: number, p: number): string | null {
  const s = p - 1 - e10;
  if (s > 22 || s < -22) return slowCandidate(ax, p);
  const scale = POW10[Math.abs(s)]!;
  const d = Math.round(s >= 0 ? ax * scale : ax / scale);
  const v = s >= 0 ? d / scale : d * scale;
  if (Math.fround(v) !== ax) return null;
  return decimalString(d, s);
}

function slowCandidate(ax: number, p: number): string | null {
  const v = Number(ax.toPrecision(p));
  return Math.fround(v) === ax ? String(v) : null;
}

function slowShortest(ax: number): string {
  for (let p = 1; p < 17; p++) {
    const c = slowCandidate(ax, p);
    if (c !== null) return c;
  }
  return String(ax);
}

/** d × 10^-s in ECMAScript Number#toString notation (ECMA-262 §6.1.6.1.20): fixed for 1e-7 ≤ v < 1e21. */
function decimalString(d: number, s: number): string {
  let digits = String(d);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  s -= digits.length - end;
  digits = digits.slice(0, end);
  const n = digits.length;
  const k = n - s; // digits before the decimal point
  if (n <= k && k <= 21) return digits + '0'.repeat(k - n);
  if (0 < k && k <= 21) return `${digits.slice(0, k)}.${digits.slice(k)}`;
  if (-6 < k && k <= 0) return `0.${'0'.repeat(-k)}${digits}`;
  const e = k - 1;
  const exp = `e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  return n === 1 ? digits + exp : `${digits[0]}.${digits.slice(1)}${exp}`;
}

const NAN = /^[+-]?nan$/i;
const INF = /^[+-]?inf(inity)?$/i;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal token as float32 input, or null if it is not a number. Accepts Python's `nan`/`inf` spellings. */
export function parseFloatToken(token: string): number | null {
  // Number() alone would also accept '', ' 1', '0x1f' and '1e': only decimal syntax is a vector component.
  if (NUMBER.test(token)) return Number(token);
  if (NAN.test(token)) return NaN;
  if (INF.test(token)) return token.charCodeAt(0) === 45 ? -Infinity : Infinity;
  return null;
}
