import { describe, expect, it } from 'vitest';
import { colorGroups } from '../lib/mapColors';
import type { MapPoints } from '../lib/mapPoints';
import { CATEGORY_COLORS, REST_COLORS } from '../styles/palette';
import { categoryColors, nameHash } from './categoryColors';
import { groupColors } from './mapScatter';

/** Points whose genres are given, one list per point. */
function points(genres: string[][]): MapPoints {
  const n = genres.length;
  return {
    keys: genres.map((_, i) => `k${i}`),
    x: genres.map((_, i) => i),
    y: genres.map(() => 0),
    counts: genres.map((_, i) => n - i),
    titles: genres.map(() => null),
    genres,
    columns: [],
  };
}

/** Each legend name's colour on a map. */
function colours(p: MapPoints, by: Parameters<typeof colorGroups>[1]): Map<string, string> {
  const g = colorGroups(p, by);
  const c = groupColors(g);
  return new Map(g.names.map((name, i) => [name, c[i]!]));
}

/** sRGB hex → CIELAB (D65), the space where ΔE*76 is a plain distance. */
function lab(hex: string): [number, number, number] {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]!));

describe('category colours', () => {
  it('gives a category the same colour on different maps, whatever its rank or the other categories', () => {
    const first = points([['Drama'], ['Drama'], ['Comedy', 'Drama'], ['Horror'], ['Action'], ['Crime'], []]);
    const second = points([['Comedy'], ['Comedy'], ['Comedy'], ['Western', 'Drama'], ['Thriller'], ['Drama']]);
    const a = colours(first, 'genre');
    const b = colours(second, 'genre');
    expect(b.get('Comedy')).toBe(a.get('Comedy'));
    expect(b.get('Drama')).toBe(a.get('Drama'));
    // "has Comedy" draws Comedy in Comedy's colour too, the rest in the light grey.
    const has = colours(first, 'has:Comedy');
    expect(has.get('Comedy')).toBe(a.get('Comedy'));
    expect(has.get('not Comedy')).toBe(REST_COLORS.absent);
    expect(a.get('no genre')).toBe(REST_COLORS.absent);
  });

  it('never gives two categories on one map the same colour, even when their names hash alike', () => {
    const n = CATEGORY_COLORS.length;
    expect(nameHash('Children') % n).toBe(nameHash('Comedy') % n);
    const both = categoryColors(['Comedy', 'Children'], [null, null]);
    expect(both[0]).not.toBe(both[1]);
    // Children comes first by name and keeps its slot; Comedy alone keeps its own.
    expect(both[1]).toBe(categoryColors(['Children'], [null])[0]);
    const genres = 'Action Adventure Animation Children Comedy Crime Drama Film-Noir Musical Mystery Romance War'.split(
      ' ',
    );
    const many = points(genres.flatMap((g, i) => Array.from({ length: 20 - i }, () => [g])).concat([[]]));
    const g = colorGroups(many, 'genre');
    const c = groupColors(g);
    expect(g.names.slice(-2)).toEqual(['other genres', 'no genre']);
    expect(new Set(c).size).toBe(g.names.length);
  });

  it('keeps every palette colour far from the others and from the greys', () => {
    const all = [...CATEGORY_COLORS, ...Object.values(REST_COLORS)];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(deltaE(all[i]!, all[j]!)).toBeGreaterThan(25);
    for (const c of CATEGORY_COLORS) expect(Math.hypot(lab(c)[1], lab(c)[2])).toBeGreaterThan(25);
  });

  it('draws a numeric column light to dark with its missing values grey', () => {
    const p = {
      ...points(Array.from({ length: 30 }, (): string[] => [])),
      columns: [
        {
          name: 'year',
          values: Array.from({ length: 30 }, (): string[] => []).map((_, i) => (i < 28 ? String(1980 + i) : null)),
        },
      ],
    };
    const g = colorGroups(p, 'col:year');
    const c = groupColors(g);
    expect(g.names.at(-1)).toBe('missing');
    expect(c.at(-1)).toBe(REST_COLORS.absent);
    // The buckets span the sequential palette, lightest first; none of them grey.
    const lightness = c.slice(0, -1).map((hex) => lab(hex)[0]);
    expect(lightness).toEqual([...lightness].sort((a, b) => b - a));
    expect(c.slice(0, -1)).not.toContain(REST_COLORS.absent);
  });
});
