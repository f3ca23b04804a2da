import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { formatFloat32, parseFloatToken } from './floatText';

/** The definition: the fewest significant digits (1…9) whose decimal reads back as the same float32. */
function shortestByDefinition(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  for (let p = 1; p <= 9; p++) {
    const v = Number(x.toPrecision(p));
    if (Math.fround(v) === x) return String(v);
  }
  throw new Error(`no decimal for ${x}`);
}

describe('formatFloat32', () => {
  it('writes the shortest round-tripping decimal, as numpy repr(float32) picks digits', () => {
    const f = (x: number): string => formatFloat32(Math.fround(x));
    expect(f(0.1)).toBe('0.1');
    expect(f(1 / 3)).toBe('0.33333334');
    expect(f(100)).toBe('100');
    expect(f(-2.5)).toBe('-2.5');
    expect(f(1e-8)).toBe('1e-8');
    expect(f(123456789)).toBe('123456790');
    expect(f(3e20)).toBe('300000000000000000000');
    expect(f(3e21)).toBe('3e+21');
    expect(f(1.4e-45)).toBe('1e-45');
    expect(f(-0)).toBe('-0');
    expect(f(NaN)).toBe('nan');
    expect(f(-Infinity)).toBe('-inf');
  });

  it('agrees with the definition on 300,000 random float32 bit patterns and reads back exactly', () => {
    const rng = createRng(17);
    const bits = new Uint32Array(300_000);
    for (let i = 0; i < bits.length; i++) bits[i] = Math.floor(rng() * 2 ** 32);
    const floats = new Float32Array(bits.buffer);
    const wrong: string[] = [];
    for (const x of floats) {
      const s = formatFloat32(x);
      if (s !== shortestByDefinition(x)) wrong.push(`${x}: ${s}`);
      if (!Number.isNaN(x) && !Object.is(Math.fround(parseFloatToken(s)!), x)) wrong.push(`${x} read back from ${s}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('parseFloatToken', () => {
  it('reads decimals and the nan/inf spellings Python writes', () => {
    expect(parseFloatToken('0.1')).toBe(0.1);
    expect(parseFloatToken('-1e-08')).toBe(-1e-8);
    expect(parseFloatToken('1.')).toBe(1);
    expect(parseFloatToken('.5')).toBe(0.5);
    expect(parseFloatToken('+3E2')).toBe(300);
    expect(parseFloatToken('nan')).toBeNaN();
    expect(parseFloatToken('-inf')).toBe(-Infinity);
    expect(parseFloatToken('Infinity')).toBe(Infinity);
  });

  it('rejects what Number() would wrongly accept', () => {
    for (const bad of ['', ' 1', '0x1f', '1e', 'abc', '1,5', '--1', '1e5.5']) expect(parseFloatToken(bad)).toBeNull();
  });
});
