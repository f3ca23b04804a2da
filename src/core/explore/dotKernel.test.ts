import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { dotsBf16Js, fromBfloat16, toBfloat16 } from './bfloat16';
import { dotKernelModule } from './dotKernel';
import { bf16ErrorBound, TableIndex } from './tableIndex';
import { randomTable, row } from './testTables';

describe('bfloat16', () => {
  it('rounds float32 to the nearest bfloat16, ties to even', () => {
    expect(fromBfloat16(toBfloat16(1))).toBe(1);
    expect(fromBfloat16(toBfloat16(-0.5))).toBe(-0.5);
    expect(fromBfloat16(toBfloat16(0))).toBe(0);
    // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: even mantissa (1) wins; 1 + 3·2^-8 rounds up to 1 + 2^-6.
    expect(fromBfloat16(toBfloat16(1 + 2 ** -8))).toBe(1);
    expect(fromBfloat16(toBfloat16(1 + 3 * 2 ** -8))).toBe(1 + 2 ** -6);
    const rng = createRng(5);
    for (let i = 0; i < 10_000; i++) {
      const x = Math.fround(gaussian(rng) * 0.3);
      expect(Math.abs(fromBfloat16(toBfloat16(x)) - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -8);
    }
  });
});

describe('the WASM SIMD dot kernel', () => {
  it('compiles (WASM SIMD is available in this Node)', () => {
    expect(dotKernelModule()).not.toBeNull();
  });

  it.each([
    [9, 1],
    [13, 7],
    [16, 8],
    [101, 13],
    [403, 100],
  ])('matches the plain-JS reference on %i rows × %i dims, within its error bound', (rows, dim) => {
    const t = randomTable(rows, dim, rows);
    const index = TableIndex.of(t);
    expect(index.hasKernel).toBe(true);
    const q = Array.from(row(t, 0), (x) => x * 0.7);
    const result = index.approxDots([q])!;
    const approx = result.approx[0]!;
    expect(approx).toHaveLength(rows);
    // The reference: the same bfloat16 unit rows, summed in double.
    const dimPadded = Math.ceil(dim / 8) * 8;
    const bf = new Uint16Array(rows * dimPadded);
    for (let r = 0; r < rows; r++) {
      const n = index.norms[r]!;
      for (let d = 0; d < dim; d++) bf[r * dimPadded + d] = toBfloat16(t.data[r * dim + d]! / n);
    }
    const ref = new Float32Array(rows);
    dotsBf16Js(bf, dimPadded, rows, q, ref);
    for (let r = 0; r < rows; r++) expect(approx[r]).toBeCloseTo(ref[r]!, 4);
    // And the bound search.ts relies on: |approx − x̂·q| for the true unit rows.
    const bound = result.errorBound[0]!;
    expect(bound).toBeCloseTo(bf16ErrorBound(Math.hypot(...q), dimPadded), 12);
    for (let r = 0; r < rows; r++) {
      let exact = 0;
      for (let d = 0; d < dim; d++) exact += (t.data[r * dim + d]! / index.norms[r]!) * q[d]!;
      expect(Math.abs(approx[r]! - exact)).toBeLessThanOrEqual(bound);
    }
  });

  it('scores several queries in one call, each in its own output', () => {
    const t = randomTable(50, 24, 9);
    const index = TableIndex.of(t);
    const qs = [row(t, 1), row(t, 2), row(t, 3)];
    // Views into kernel memory are valid until the next call: copy before calling again.
    const approx = index.approxDots(qs)!.approx.map((a) => Float32Array.from(a));
    const singles = qs.map((q) => Float32Array.from(index.approxDots([q])!.approx[0]!));
    approx.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(singles[i]!)));
  });
});
