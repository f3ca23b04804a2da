import { describe, expect, it } from 'vitest';
import { focusWindow, regionsOf, showsAll } from './mapView';

describe('map view geometry', () => {
  it('centres a zoom window on the point, a share of each axis wide', () => {
    const p = {
      keys: ['a', 'b', 'c'],
      x: [0, 10, 4],
      y: [-2, 2, 1],
      counts: [1, 1, 1],
      titles: [],
      genres: [],
      columns: [],
    };
    expect(focusWindow(p, 2, 0.2)).toEqual({ x0: 3, x1: 5, y0: 0.6, y1: 1.4 });
    expect(showsAll(p, { x0: -1, x1: 10, y0: -2, y1: 2.5 })).toBe(true);
    expect(showsAll(p, { x0: 0.5, x1: 10, y0: -2, y1: 2.5 })).toBe(false);
  });

  it('reads rectangles and polygons from brush areas, skipping others', () => {
    expect(
      regionsOf([
        {
          brushType: 'rect',
          coordRange: [
            [1, 2],
            [3, 4],
          ],
        },
        {
          brushType: 'polygon',
          coordRange: [
            [0, 0],
            [1, 0],
            [0, 1],
          ],
        },
        { brushType: 'lineX', coordRange: [0, 1] },
        { brushType: 'rect' },
      ]),
    ).toEqual([
      { kind: 'rect', x: [1, 2], y: [3, 4] },
      {
        kind: 'polygon',
        vertices: [
          [0, 0],
          [1, 0],
          [0, 1],
        ],
      },
    ]);
  });
});
