import { describe, expect, it } from 'vitest';
import { colorChoices, colorGroups, colorLabel, defaultColoring, MAX_GENRE_GROUPS } from './mapColors';
import { points } from './mapPointsFixture';

const sizes = (g: { members: Int32Array[] }): number[] => g.members.map((m) => m.length);

describe('colour groups', () => {
  it('offers genre and title only when the points carry them', () => {
    expect(colorChoices(points(3))).toEqual(['frequency', 'none']);
    expect(colorChoices(points(3, (i) => ({ genres: i ? ['Drama'] : [], title: i ? 't' : null })))).toEqual([
      'genre',
      'frequency',
      'title',
      'none',
      'has:Drama',
    ]);
  });

  it('offers "has genre X" for every genre in any position, and splits the points by it', () => {
    // Comedy is never a first genre here, so colouring by first genre cannot show it.
    const p = points(6, (i) => ({
      genres: [['Drama', 'Comedy'], ['Drama'], ['Horror', 'Comedy'], [], ['Drama'], ['Comedy']][i],
    }));
    expect(colorChoices(p).filter((c) => c.startsWith('has:'))).toEqual(['has:Comedy', 'has:Drama', 'has:Horror']);
    expect(colorLabel('has:Comedy')).toBe('has Comedy');
    const g = colorGroups(p, 'has:Comedy');
    expect(g.names).toEqual(['Comedy', 'not Comedy']);
    expect(g.members.map((m) => Array.from(m))).toEqual([
      [0, 2, 5],
      [1, 3, 4],
    ]);
    expect(g.rest).toEqual([null, 'absent']);
    // A genre nobody has leaves one group: nothing to contrast.
    expect(colorGroups(p, 'has:Western').names).toEqual(['not Western']);
  });

  it('groups by first genre, the most common first, the rest as "other genres" and "no genre"', () => {
    const genres = Array.from({ length: MAX_GENRE_GROUPS + 2 }, (_, g) => `g${g}`);
    // Round-robin over 12 genres: g0, g1, g2 get 9 points, the rest 8; point 99 has no genre.
    const p = points(100, (i) => ({ genres: i === 99 ? [] : [genres[i % genres.length]!, 'Second'] }));
    const g = colorGroups(p, 'genre');
    expect(g.names.slice(0, 2)).toEqual(['g0', 'g1']);
    expect(g.names).toHaveLength(MAX_GENRE_GROUPS + 2);
    expect(g.names.slice(-2)).toEqual(['other genres', 'no genre']);
    expect(sizes(g).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Array.from(g.members.at(-1)!)).toEqual([99]);
    expect(g.names).not.toContain('Second');
  });

  it('buckets frequency at the quantiles of the counts, each bucket a range of counts', () => {
    const p = points(100, (i) => ({ count: i + 1 }));
    const g = colorGroups(p, 'frequency');
    expect(g.ordered).toBe(true);
    expect(g.names).toEqual(['1–20', '21–40', '41–60', '61–80', '≥ 81']);
    expect(sizes(g)).toEqual([20, 20, 20, 20, 20]);
    // Points with equal counts never split across buckets.
    const flat = colorGroups(
      points(10, () => ({ count: 7 })),
      'frequency',
    );
    expect(flat.names).toEqual(['≥ 7']);
  });

  it('splits by title presence, and puts everything in one group for "none"', () => {
    const p = points(4, (i) => ({ title: i % 2 ? null : 't' }));
    expect(sizes(colorGroups(p, 'title'))).toEqual([2, 2]);
    expect(colorGroups(p, 'none').names).toEqual(['all']);
  });
});

describe('colour by a metadata column', () => {
  // 40 films: a year for all but the last two, a country among 14 (a handful very common), a 0/1 flag.
  const countries = ['US', 'US', 'US', 'FR', 'FR', 'UK', 'DE', 'JP', 'IT', 'ES', 'SE', 'KR', 'IN', 'BR', 'MX', 'CA'];
  const p = points(40, (i) => ({
    columns: {
      ...(i < 38 ? { year: String(1950 + i * 2) } : {}),
      country: countries[i % countries.length]!,
      ...(i % 5 === 0 ? {} : { seen: String(i % 2) }),
    },
  }));

  it('offers every column, labelled by its name', () => {
    expect(colorChoices(p)).toEqual(['col:year', 'col:country', 'col:seen', 'frequency', 'none']);
    expect(colorLabel('col:year')).toBe('year');
  });

  it('buckets a numeric column at its quantiles, drawn in order, with the points lacking a value as "missing"', () => {
    const g = colorGroups(p, 'col:year');
    expect(g.ordered).toBe(true);
    // Years 1950 … 2024 step 2, 38 values: the edges are the values at positions 7, 15, 22 and 30 (0-based).
    // Whole numbers: inclusive ranges, no thousands separator.
    expect(g.names).toEqual(['1950–1963', '1964–1979', '1980–1993', '1994–2009', '≥ 2010', 'missing']);
    expect(sizes(g)).toEqual([7, 8, 7, 8, 8, 2]);
    expect(g.rest).toEqual([null, null, null, null, null, 'absent']);
    expect(Array.from(g.members.at(-1)!)).toEqual([38, 39]);
  });

  it('names fractional buckets by half-open ranges', () => {
    const prices = points(20, (i) => ({ columns: { price: (i * 0.5 + 0.25).toFixed(2) } }));
    const g = colorGroups(prices, 'col:price');
    expect(g.names).toEqual(['0.25 to <2.25', '2.25 to <4.25', '4.25 to <6.25', '6.25 to <8.25', '≥ 8.25']);
    expect(sizes(g)).toEqual([4, 4, 4, 4, 4]);
  });

  it('groups a categorical column by its most common values, then "other" and "missing"', () => {
    const g = colorGroups(p, 'col:country');
    expect(g.ordered).toBe(false);
    expect(g.names.slice(0, 2)).toEqual(['US', 'FR']);
    expect(g.names).toHaveLength(MAX_GENRE_GROUPS + 1); // every film has a country: no "missing" group
    expect(g.names.at(-1)).toBe('other');
    expect(g.rest.at(-1)).toBe('other');
    expect(sizes(g)[0]).toBe(9); // US: points 0–2, 16–18, 32–34
    expect(sizes(g).reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('reads a column of a few numbers (a 0/1 flag) as categories', () => {
    const g = colorGroups(p, 'col:seen');
    expect(g.ordered).toBe(false);
    expect(g.names).toEqual(['0', '1', 'missing']);
    expect(sizes(g)).toEqual([16, 16, 8]);
  });

  it('starts a map by genre, else by the first column of a handful of categories, else by frequency', () => {
    expect(defaultColoring(points(3, () => ({ genres: ['Drama'], columns: { seen: '1' } })))).toBe('genre');
    // year is numeric, country has too many values; seen is a flag.
    expect(defaultColoring(p)).toBe('col:seen');
    expect(defaultColoring(points(3, (i) => ({ columns: { year: String(2000 + i) } })))).toBe('col:year');
    expect(defaultColoring(points(30, (i) => ({ columns: { id: `x${i}` } })))).toBe('frequency');
    expect(defaultColoring(points(3))).toBe('frequency');
  });
});
