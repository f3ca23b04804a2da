// bfloat16 (the top 16 bits of a float32) for the scan copy of a table, and the kernel's query layout.

/** float32 → bfloat16 (the top 16 bits), rounded to nearest even; finite values of magnitude ≤ 1 only. */
export function toBfloat16(x: number): number {
  F32[0] = x;
  const bits = U32[0]!;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

export function fromBfloat16(h: number): number {
  U32[0] = h << 16;
  return F32[0]!;
}

/** Query layout the kernel expects: per block of 8, the even dimensions then the odd ones. */
export function permuteQuery(q: ArrayLike<number>, dimPadded: number, out: Float32Array): void {
  for (let b = 0; b < dimPadded; b += 8)
    for (let i = 0; i < 4; i++) {
      out[b + i] = b + 2 * i < q.length ? q[b + 2 * i]! : 0;
      out[b + 4 + i] = b + 2 * i + 1 < q.length ? q[b + 2 * i + 1]! : 0;
    }
}

/** What dotKernel.ts computes, in plain JS (natural query order), for tests. */
export function dotsBf16Js(
  rows: Uint16Array,
  dimPadded: number,
  count: number,
  q: ArrayLike<number>,
  out: Float32Array,
): void {
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let d = 0; d < q.length; d++) s += fromBfloat16(rows[r * dimPadded + d]!) * q[d]!;
    out[r] = s;
  }
}
