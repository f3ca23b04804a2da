// Geometry of the drawn map, free of ECharts: the window a zoom to one point shows, and the brushed areas
// ECharts reports turned into regions of data coordinates.
import type { MapWindow } from '../../../shared';
import type { MapPoints, Region } from './mapPoints';

/** The smallest and largest value ([Infinity, -Infinity] for none). */
export function range(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The window centred on point `i` that shows `span` of each axis' full range (never zero wide). */
export function focusWindow(points: MapPoints, i: number, span: number): MapWindow {
  const [x0, x1] = range(points.x);
  const [y0, y1] = range(points.y);
  const wx = Math.max((x1 - x0) * span, 1e-6) / 2;
  const wy = Math.max((y1 - y0) * span, 1e-6) / 2;
  const x = points.x[i]!;
  const y = points.y[i]!;
  return { x0: x - wx, x1: x + wx, y0: y - wy, y1: y + wy };
}

/** Whether the window shows every point: then a bookmark keeps no zoom (a new layout is shown whole). */
export function showsAll(points: MapPoints, w: MapWindow): boolean {
  const [x0, x1] = range(points.x);
  const [y0, y1] = range(points.y);
  return w.x0 <= x0 && w.x1 >= x1 && w.y0 <= y0 && w.y1 >= y1;
}

/**
 * Axis bounds holding every point with `pad` of the range to spare on each side: a filtered map keeps the whole
 * map's frame, so hiding points never moves the others.
 */
export function fullExtent(points: MapPoints, pad = 0.03): { x: [number, number]; y: [number, number] } {
  const padded = ([lo, hi]: [number, number]): [number, number] => {
    const d = (hi - lo) * pad || 1e-6;
    return [lo - d, hi + d];
  };
  return { x: padded(range(points.x)), y: padded(range(points.y)) };
}

/** A brushed area as ECharts' brush events give it. */
export interface BrushArea {
  brushType: string;
  coordRange?: unknown;
}

export function regionsOf(areas: readonly BrushArea[]): Region[] {
  return areas.flatMap((a): Region[] => {
    const c = a.coordRange as number[][] | undefined;
    if (!c) return [];
    if (a.brushType === 'rect') return [{ kind: 'rect', x: [c[0]![0]!, c[0]![1]!], y: [c[1]![0]!, c[1]![1]!] }];
    if (a.brushType === 'polygon') return [{ kind: 'polygon', vertices: c.map((v) => [v[0]!, v[1]!]) }];
    return [];
  });
}
