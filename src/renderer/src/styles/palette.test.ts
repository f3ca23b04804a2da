import { describe, expect, it } from 'vitest';
import { cssVariable, PALETTE, type PaletteName } from './palette';

// Every component and stylesheet of the renderer, as text (Vite's glob import, which vitest runs too).
const SOURCES = import.meta.glob<string>('../**/*.{vue,css}', { query: '?raw', import: 'default', eager: true });

describe('the palette', () => {
  it('names each colour as the stylesheets read it', () => {
    expect(cssVariable('accentSoft')).toBe('--accent-soft');
    expect(cssVariable('text')).toBe('--text');
  });

  it('defines every colour variable a stylesheet or component uses', () => {
    const defined = new Set((Object.keys(PALETTE) as PaletteName[]).map(cssVariable));
    const used = Object.entries(SOURCES).flatMap(([file, text]) =>
      [...text.matchAll(/var\((--[a-z-]+)\)/g)].map((m) => ({ file, name: m[1]! })),
    );
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((u) => !defined.has(u.name))).toEqual([]);
  });
});
