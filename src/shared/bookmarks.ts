// Named bookmarks of a map (the Projector's bookmarks, kept in the project): the settings that computed it,
// how it was coloured and labelled, the window shown and the chosen point, per run and table.
import type { LayoutInit, ProjectionMethod, TsneGradientMethod } from './projections';

/** The Map panel's settings: the method and its options, as the map request takes them. */
export interface MapSettings {
  method: ProjectionMethod;
  /** Only the most frequent rows; absent maps every row. */
  limit?: number;
  seed: number;
  perplexity: number;
  theta: number;
  exaggeration: number;
  iterations: number;
  gradient: TsneGradientMethod;
  init: LayoutInit;
  neighbors: number;
  minDist: number;
  includeSpecial: boolean;
}

/** A window of the map in data units. */
export interface MapWindow {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface MapBookmarkState {
  settings: MapSettings;
  /** The Explore view's minimum count the map was drawn with. */
  minCount: number;
  /** `genre`, `has:Comedy`, `frequency`… (the Map panel's colour choices). */
  colorBy: string;
  /** The most frequent points labelled; 0 is none. */
  labelTop: number;
  /** The window shown; absent: the whole map. */
  zoom?: MapWindow;
  /** Only points with this genre or metadata value are drawn (`field`: `genre` or `col:NAME`); absent: all. */
  filter?: { field: string; value: string };
  /** The search typed; with `searchOnly`, only the points matching it are drawn. Absent: none, off. */
  query?: string;
  searchOnly?: boolean;
  /** The chosen point's key; absent: none. */
  focusKey?: string;
}

export interface MapBookmark {
  id: number;
  runId: number;
  table: string;
  name: string;
  state: MapBookmarkState;
  createdAt: string;
}

export interface SaveBookmarkRequest {
  runId: number;
  table: string;
  /** A bookmark of the same name on this run's table is replaced. */
  name: string;
  state: MapBookmarkState;
}
