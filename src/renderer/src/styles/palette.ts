// The app's colours, each defined once. main.ts sets every one as a CSS custom property (`accentSoft` →
// `--accent-soft`) for the stylesheets; the chart builders pass them to ECharts, which paints on a canvas and
// cannot read CSS. A new colour goes here, never as a literal in a component.
export const PALETTE = {
  text: '#1f2328',
  /** Secondary text: row headers of figure tables. */
  textSoft: '#444',
  muted: '#6a737d',
  page: '#f6f7f9',
  surface: '#fff',
  /** Panels and the header. */
  border: '#dde1e6',
  /** Fieldsets and tiles: lighter than a panel's edge. */
  borderSoft: '#e3e6ea',
  /** Buttons and inputs. */
  control: '#c9ced6',
  controlHover: '#f0f2f5',
  /** Table rules, progress tracks, neutral badges. */
  rule: '#eceef1',
  tableHead: '#fafbfc',
  accent: '#2f6fde',
  accentHover: '#255bc0',
  accentSoft: '#e6edf9',
  accentText: '#1d4fb0',
  /** A chosen row or option. */
  selected: '#eef3fc',
  ok: '#1e6b3d',
  okLine: '#2a9d5c',
  okSoft: '#e3f4ea',
  okPale: '#f3faf6',
  warn: '#7a5200',
  warnLine: '#d08a1e',
  warnBorder: '#e8c98a',
  warnSoft: '#fdf7ec',
  danger: '#8a1f1f',
  dangerBorder: '#e3a3a3',
  dangerSoft: '#fdf0f0',
  /** The edge of a field whose value the rules refuse. */
  invalid: '#c0392b',
} as const;

export type PaletteName = keyof typeof PALETTE;

/** `accentSoft` → `--accent-soft`. */
export const cssVariable = (name: PaletteName): string => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Makes the palette readable as `var(--…)` below `root` (the document's root element in the app). */
export function applyPalette(root: HTMLElement): void {
  for (const name of Object.keys(PALETTE) as PaletteName[]) root.style.setProperty(cssVariable(name), PALETTE[name]);
}

/**
 * Lines of a chart, one per run or split, in this order: distinguishable side by side, the first the accent. The
 * map's category colours are below.
 */
export const SERIES_COLORS = [
  PALETTE.accent,
  '#e0822a',
  PALETTE.okLine,
  '#c2410c',
  '#7a5af5',
  '#0e7490',
  '#a21caf',
  '#4d7c0f',
] as const;

/** The accent at 12 % opacity (#rrggbbaa), for a selection drawn over a chart. */
export const ACCENT_WASH = `${PALETTE.accent}1f`;

/**
 * The map's category colours (charts/categoryColors.ts picks one per category from its name). Every pair lies
 * at least 26 apart in CIELAB (ΔE*76) and none is greyish (chroma ≥ 25), so no two categories look alike and
 * none is mistaken for a remainder grey; the unit test measures both.
 */
export const CATEGORY_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#2aa198',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#8c564b',
  '#1b3a6b',
  '#a21caf',
  '#a6d854',
] as const;

/** The map's remainders: points lacking the value (light grey) and values beyond the most common (dark grey). */
export const REST_COLORS = { absent: '#cfcfcf', other: '#6b6b6b' } as const;
