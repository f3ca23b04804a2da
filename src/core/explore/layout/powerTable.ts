// x^b for UMAP's layout kernels (b ≈ 0.9, from minDist) by table and linear interpolation over the bits of
// x as a float32: an epoch takes a power per edge sample and per negative sample, and V8's Math.pow (or exp ·
// log) was two thirds of the layout's time. Cells of 2^-9 in the float32 mantissa keep the chord's relative
// error under b·|1 − b|/8 · 2^-18 (5e-8 at minDist 0.1's b ≈ 0.9, 4e-7 at b = 1.5), about the float32 rounding
// of the positions it moves.

/** Mantissa bits dropped from a float32's bit pattern to name its cell (23 − 14 = 9 kept). */
const SHIFT = 14;
/** Cells up to and including the float32 infinity's (a d² too large for a float32 lands there). */
const CELLS = (0x7f800000 >>> SHIFT) + 1;

const f32 = new Float32Array(1);
const bits = new Int32Array(f32.buffer);

const cellStart = (cell: number): number => {
  bits[0] = cell << SHIFT;
  return f32[0]!;
};

/**
 * Per cell c, intercept and slope of the chord of x^b over the cell ([2c], [2c + 1]), in one array so a look-up
 * reads one cache line. 2 · 130,561 float64 (2 MB), filled into `into` when given (the pool's shared memory).
 */
export function powerTable(b: number, into?: Float64Array): Float64Array {
  const table = into ?? new Float64Array(2 * CELLS);
  for (let c = 0; c < CELLS; c++) {
    const x0 = cellStart(c);
    const x1 = cellStart(c + 1);
    // The cells that end at or start from infinity extend the chord of the one before.
    const last = !Number.isFinite(x1);
    const slope = last ? table[2 * c - 1]! : (x1 ** b - x0 ** b) / (x1 - x0);
    table[2 * c] = last ? table[2 * c - 2]! : x0 ** b - slope * x0;
    table[2 * c + 1] = slope;
  }
  return table;
}

export const POWER_TABLE_LENGTH = 2 * CELLS;

/** x^b for x > 0 from `powerTable(b)` (finite, if far off, beyond the float32 range). */
export function tablePow(table: Float64Array, x: number): number {
  f32[0] = x;
  const c = (bits[0]! >> SHIFT) << 1;
  return table[c]! + table[c + 1]! * x;
}
