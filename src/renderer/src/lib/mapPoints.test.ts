import { describe, expect, it } from 'vitest';
import { coordinatesCsv, mostFrequent, nearestPoint, pointsInRegions, searchPoints } from './mapPoints';
import { points } from './mapPointsFixture';

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
      columns: [],
    });
    expect(csv.split('\r\n')).toEqual([
      'key,x,y,count,title,genres',
      'plain,0.1,1e-8,5,"Say ""hi""",Drama|Horror',
      '"a,b",-2.5,3,1,,',
      '',
    ]);
  });

  it('adds the item metadata columns after genres, empty where a point has no value', () => {
    const csv = coordinatesCsv({
      keys: ['a1', 'b2'],
      x: [1, 2],
      y: [3, 4],
      counts: [7, 0],
      titles: ['Up', 'Ran'],
      genres: [['Comedy'], []],
      columns: [
        { name: 'year', values: ['2009', null] },
        { name: 'studio, city', values: ['Pixar', 'Herald "Ace"'] },
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      'key,x,y,count,title,genres,year,"studio, city"',
      'a1,1,3,7,Up,Comedy,2009,Pixar',
      'b2,2,4,0,Ran,,,"Herald ""Ace"""',
      '',
    ]);
  });
});
