// A search dimension as the samplers see it: ranges mapped to an internal line (log for log ranges, widened by
// half a step for whole numbers, as Optuna does), and back to the value a trial gets.
import type { SearchDimension, SearchValue } from '../../shared';

export interface Line {
  low: number;
  high: number;
}

/** The internal interval a range is sampled on. */
export function lineOf(d: Extract<SearchDimension, { kind: 'range' }>): Line {
  const low = d.integer ? d.low - 0.5 : d.low;
  const high = d.integer ? d.high + 0.5 : d.high;
  // A whole-number log range starting at 1 would start at log(0.5): still above 0, so still a line.
  return d.log ? { low: Math.log(Math.max(low, 1e-12)), high: Math.log(high) } : { low, high };
}

/** A value's place on the line (for observed trials). */
export function toLine(d: Extract<SearchDimension, { kind: 'range' }>, value: number): number {
  return d.log ? Math.log(value) : value;
}

/** A point of the line as the option's value: whole numbers rounded into range, reals to 4 significant digits. */
export function fromLine(d: Extract<SearchDimension, { kind: 'range' }>, x: number): number {
  const v = d.log ? Math.exp(x) : x;
  if (d.integer) return Math.min(Math.floor(d.high), Math.max(Math.ceil(d.low), Math.round(v)));
  const rounded = Number(v.toPrecision(4));
  return Math.min(d.high, Math.max(d.low, rounded));
}

/** A uniform draw of a dimension. */
export function uniformDraw(d: SearchDimension, rng: () => number): SearchValue {
  if (d.kind === 'choice') return d.values[Math.floor(rng() * d.values.length)]!;
  const line = lineOf(d);
  return fromLine(d, line.low + rng() * (line.high - line.low));
}
