// The map's ECharts wiring, apart from what the map means: the chart on its element (created on mount, disposed
// on unmount, resized with the window), the scatter option drawn whole or only its overlay, pixel ↔ data
// conversions, zooming to a window or back to everything, the brush cursor, and the window shown.
// MapChart.vue decides what a click, a hover or a brushed area does.
import { ScatterChart } from 'echarts/charts';
import {
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import type { MapWindow } from '../../../shared';
import { mapGrid, mapScatterOption, overlaySeries, type MapScatterInput } from '../charts/mapScatter';
import type { BrushMode } from '../lib/mapPoints';
import type { BrushArea } from '../lib/mapView';

use([
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  BrushComponent,
  CanvasRenderer,
]);

type Pointer = { offsetX: number; offsetY: number };

export interface MapChartEvents {
  /** The chart was created: draw it. */
  mounted: () => void;
  /** After a zoom or pan, and a resize. */
  moved: () => void;
  brushed: (areas: BrushArea[]) => void;
  click: (e: Pointer) => void;
  move: (e: Pointer) => void;
  leave: () => void;
}

export function useMapChart(el: Ref<HTMLDivElement | null>, input: () => MapScatterInput, on: MapChartEvents) {
  const rendered = ref(false);
  /** Renders so far: the e2e tests watch it grow while a layout moves. */
  const frames = ref(0);
  let chart: EChartsType | null = null;

  /** Every series again (the groups may differ); zoom and brush keep their state. */
  function render(): void {
    if (!chart) return;
    rendered.value = false;
    frames.value++;
    chart.setOption(mapScatterOption(input()), { replaceMerge: ['series'] });
  }

  /** Only the small series over the map: the large series are not sent again. */
  function renderOverlay(): void {
    chart?.setOption({ series: overlaySeries(input()) });
  }

  function toPixel(x: number, y: number): [number, number] | null {
    const p = chart?.convertToPixel({ gridIndex: 0 }, [x, y]) as number[] | undefined;
    return p && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? [p[0]!, p[1]!] : null;
  }

  /** A pixel in the plot as data coordinates; null outside it. */
  function toData(px: number, py: number): [number, number] | null {
    if (!chart || !chart.containPixel({ gridIndex: 0 }, [px, py])) return null;
    const c = chart.convertFromPixel({ gridIndex: 0 }, [px, py]) as number[];
    return [c[0]!, c[1]!];
  }

  const inPlot = (p: [number, number]): boolean => chart?.containPixel({ gridIndex: 0 }, p) ?? false;

  function zoomTo(w: MapWindow): void {
    chart?.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: w.x0, endValue: w.x1 });
    chart?.dispatchAction({ type: 'dataZoom', dataZoomIndex: 1, startValue: w.y0, endValue: w.y1 });
  }

  /** Zoom out to everything and clear the brushed areas. */
  function showWhole(): void {
    chart?.dispatchAction({ type: 'brush', areas: [] });
    chart?.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, start: 0, end: 100 });
    chart?.dispatchAction({ type: 'dataZoom', dataZoomIndex: 1, start: 0, end: 100 });
  }

  /** The plot's corners in data units: what is shown now (null before the chart exists). */
  function shownWindow(): MapWindow | null {
    if (!chart) return null;
    const g = mapGrid(input().groups);
    const [x0, y0] = chart.convertFromPixel({ gridIndex: 0 }, [g.left, chart.getHeight() - g.bottom]) as number[];
    const [x1, y1] = chart.convertFromPixel({ gridIndex: 0 }, [chart.getWidth() - g.right, g.top]) as number[];
    return { x0: x0!, x1: x1!, y0: y0!, y1: y1! };
  }

  function setBrush(mode: BrushMode): void {
    chart?.dispatchAction({
      type: 'takeGlobalCursor',
      key: 'brush',
      brushOption: { brushType: mode === 'off' ? false : mode, brushMode: 'single' },
    });
  }

  const clearBrush = (): void => void chart?.dispatchAction({ type: 'brush', areas: [] });

  const resize = (): void => {
    chart?.resize();
    on.moved();
  };

  onMounted(() => {
    if (!el.value) return;
    chart = init(el.value);
    chart.on('finished', () => (rendered.value = true));
    chart.on('datazoom', on.moved);
    chart.on('brushEnd', (params) => on.brushed((params as { areas?: BrushArea[] }).areas ?? []));
    chart.getZr().on('click', on.click);
    chart.getZr().on('mousemove', on.move);
    chart.getZr().on('globalout', on.leave);
    on.mounted();
    window.addEventListener('resize', resize);
  });

  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize);
    chart?.dispose();
    chart = null;
  });

  return {
    rendered,
    frames,
    render,
    renderOverlay,
    toPixel,
    toData,
    inPlot,
    zoomTo,
    showWhole,
    shownWindow,
    setBrush,
    clearBrush,
  };
}
