import { describe, expect, it } from 'vitest';
import { colorGroups } from './mapColors';
import {
  filterFields,
  filterFor,
  filterValues,
  restrictGroups,
  shownLine,
  visiblePoints,
  type MapShown,
} from './mapFilter';
import { nearestPoint, pointsInRegions, searchPoints } from './mapPoints';
import { points } from './mapPointsFixture';

// 30 films: Comedy in any position for every third, a country for all but the last, a year for all.
const p = points(30, (i) => ({
  title: `Film ${i}${i === 7 ? ' Toy Story' : ''}`,
  genres: i % 3 === 0 ? ['Drama', 'Comedy'] : i % 3 === 1 ? ['Comedy'] : ['Horror'],
  columns: { ...(i < 29 ? { country: i % 2 ? 'FR' : 'US' } : {}), year: String(1990 + i) },
}));
const none: MapShown = { filter: null, query: '', searchOnly: false };
const drawn = (v: Uint8Array | null): number => (v ? v.reduce((a, b) => a + b, 0) : p.keys.length);

describe('filtering what the map draws', () => {
  it('offers genre and every metadata column, with their values most common first', () => {
    expect(filterFields(p)).toEqual(['genre', 'col:country', 'col:year']);
    expect(filterValues(p, 'genre')).toEqual(['Comedy', 'Drama', 'Horror']);
    expect(filterValues(p, 'col:country')).toEqual(['US', 'FR']);
    // A numeric column filters by its colouring's buckets.
    expect(filterValues(p, 'col:year')).toEqual(colorGroups(p, 'col:year').names);
  });

  it('draws every point when nothing filters, and says nothing', () => {
    expect(visiblePoints(p, none)).toBeNull();
    // The search alone only highlights.
    expect(visiblePoints(p, { ...none, query: 'toy' })).toBeNull();
    expect(shownLine(30, null, none)).toBeNull();
  });

  it('keeps the points with a genre in any position, and counts them in the line', () => {
    const shown: MapShown = { ...none, filter: { field: 'genre', value: 'Comedy' } };
    const v = visiblePoints(p, shown);
    expect(drawn(v)).toBe(20);
    expect(v![2]).toBe(0); // Horror only
    expect(v![3]).toBe(1); // Comedy second
    expect(shownLine(30, v, shown)).toBe('showing 20 of 30 · genre = Comedy');
  });

  it('keeps a categorical value, or a numeric bucket', () => {
    expect(drawn(visiblePoints(p, { ...none, filter: { field: 'col:country', value: 'FR' } }))).toBe(14);
    const bucket = colorGroups(p, 'col:year');
    const v = visiblePoints(p, { ...none, filter: { field: 'col:year', value: bucket.names[0]! } });
    expect(drawn(v)).toBe(bucket.members[0]!.length);
    expect(Array.from(bucket.members[0]!).every((i) => v![i] === 1)).toBe(true);
  });

  it('combines the filter with "only points matching the search"', () => {
    const shown: MapShown = { filter: { field: 'genre', value: 'Comedy' }, query: ' Toy ', searchOnly: true };
    const v = visiblePoints(p, shown);
    expect(drawn(v)).toBe(1);
    expect(v![7]).toBe(1);
    expect(shownLine(30, v, shown)).toBe('showing 1 of 30 · genre = Comedy · matching "Toy"');
    expect(drawn(visiblePoints(p, { ...shown, filter: { field: 'genre', value: 'Horror' } }))).toBe(0);
    // The search's matches are the drawn points only.
    expect(searchPoints(p, 'film 2')).toEqual([2, 20, 21, 22, 23, 24, 25, 26]);
    const comedy = visiblePoints(p, { ...none, filter: { field: 'genre', value: 'Comedy' } });
    expect(searchPoints(p, 'film 2', 8, comedy)).toEqual([21, 22, 24, 25, 27, 28]);
  });

  it('restricts the colour groups to the drawn points, dropping groups left empty', () => {
    const v = visiblePoints(p, { ...none, filter: { field: 'genre', value: 'Horror' } });
    const g = restrictGroups(colorGroups(p, 'genre'), v);
    expect(g.names).toEqual(['Horror']);
    expect(g.members[0]).toHaveLength(10);
    expect(g.rest).toEqual([null]);
  });

  it('leaves hidden points out of clicks and brushed regions', () => {
    const v = visiblePoints(p, { ...none, filter: { field: 'genre', value: 'Horror' } });
    // Point 0 (Drama, Comedy) at (0, 0) is hidden; point 2 (Horror) at (2, 0).
    expect(nearestPoint(p, 0, 0, 20, 20, 12)).toBe(0);
    expect(nearestPoint(p, 0, 0, 20, 20, 12, v)).toBe(-1);
    // The first row of the grid: points 0–9, of which 2, 5 and 8 are Horror.
    expect(pointsInRegions(p, [{ kind: 'rect', x: [0, 9], y: [0, 0] }], v)).toEqual([2, 5, 8]);
  });

  it("restores a bookmark's filter only when its field is still there", () => {
    expect(filterFor(p, { field: 'col:country', value: 'FR' })).toEqual({ field: 'col:country', value: 'FR' });
    expect(filterFor(p, { field: 'col:brand', value: 'x' })).toBeNull();
    expect(filterFor(p, undefined)).toBeNull();
  });
});
