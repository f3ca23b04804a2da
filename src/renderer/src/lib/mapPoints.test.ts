import { describe, expect, it } from 'vitest';
import {
  colorChoices,
  colorGroups,
  colorLabel,
  coordinatesCsv,
  MAX_GENRE_GROUPS,
  mostFrequent,
  nearestPoint,
  pointsInRegions,
  searchPoints,
  type MapPoints,
} from './mapPoints';

function points(
  n: number,
  of: (i: number) => Partial<{ key: string; title: string | null; genres: string[]; count: number }> = () => ({}),
): MapPoints {
  const p: MapPoints = { keys: [], x: [], y: [], counts: [], titles: [], genres: [] };
  for (let i = 0; i < n; i++) {
    const o = of(i);
    p.keys.push(o.key ?? `k${i}`);
    p.x.push(i % 10);
    p.y.push(Math.floor(i / 10));
    p.counts.push(o.count ?? n - i);
    p.titles.push(o.title === undefined ? `Title ${i}` : o.title);
    p.genres.push(o.genres ?? []);
  }
  return p;
}

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

describe('search, click and region', () => {
  const p = points(30, (i) => ({ key: i === 12 ? 'star' : `k${i}`, title: i === 3 ? 'A Star Is Born' : `Film ${i}` }));

  it('finds by key or title, exact key matches first', () => {
    expect(searchPoints(p, 'STAR')).toEqual([12, 3]);
    expect(searchPoints(p, 'film', 2)).toEqual([0, 1]);
    expect(searchPoints(p, '  ')).toEqual([]);
  });

  it('picks the point nearest a click within a radius in pixels', () => {
    // Point 12 is at (2, 1); 20 pixels per unit.
    expect(nearestPoint(p, 2.2, 1.1, 20, 20, 12)).toBe(12);
    expect(nearestPoint(p, 2.5, 1.5, 20, 20, 12)).toBe(-1);
  });

  it('selects the points inside rectangles and polygons', () => {
    expect(pointsInRegions(p, [{ kind: 'rect', x: [2.5, 0.5], y: [0, 1] }])).toEqual([1, 2, 11, 12]);
    // x + y < 3: the points on the hypotenuse itself (x + y = 3) lie on the edge and are left out.
    const triangle: [number, number][] = [
      [-0.5, -0.5],
      [3.5, -0.5],
      [-0.5, 3.5],
    ];
    expect(pointsInRegions(p, [{ kind: 'polygon', vertices: triangle }])).toEqual([0, 1, 2, 10, 11, 20]);
    expect(pointsInRegions(p, [])).toEqual([]);
  });
});

describe('labels', () => {
  it('picks the most frequent points, ties in point order, and none for 0', () => {
    const p = points(6, (i) => ({ count: [3, 9, 3, 1, 9, 5][i] }));
    expect(mostFrequent(p, 3)).toEqual([1, 4, 5]);
    expect(mostFrequent(p, 5)).toEqual([1, 4, 5, 0, 2]);
    expect(mostFrequent(p, 0)).toEqual([]);
    expect(mostFrequent(p, 100)).toHaveLength(6);
  });
});

describe('coordinatesCsv', () => {
  it('writes key,x,y,count,title,genres with RFC 4180 quoting and CRLF', () => {
    const csv = coordinatesCsv({
      keys: ['plain', 'a,b'],
      x: [0.1, -2.5],
      y: [1e-8, 3],
      counts: [5, 1],
      titles: ['Say "hi"', null],
      genres: [['Drama', 'Horror'], []],
    });
    expect(csv.split('\r\n')).toEqual([
      'key,x,y,count,title,genres',
      'plain,0.1,1e-8,5,"Say ""hi""",Drama|Horror',
      '"a,b",-2.5,3,1,,',
      '',
    ]);
  });
});
