// Mounts echarts on an element for a chart component: the option from a pure builder, set again whenever it
// changes, resized with the window, disposed with the component. Components register the echarts parts they use.
import { init, type EChartsCoreOption, type EChartsType, type SetOptionOpts } from 'echarts/core';
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/** Under automation charts must show their final state at once, not mid-transition. */
export const chartAnimation = (): boolean => !navigator.webdriver;

export function useEChart(
  el: Ref<HTMLElement | null>,
  option: () => EChartsCoreOption,
  setOptions: SetOptionOpts = { notMerge: true },
): void {
  let chart: EChartsType | null = null;
  const render = (): void => void chart?.setOption(option(), setOptions);
  const resize = (): void => chart?.resize();
  onMounted(() => {
    if (!el.value) return;
    chart = init(el.value);
    render();
    window.addEventListener('resize', resize);
  });
  watch(option, render);
  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize);
    chart?.dispose();
    chart = null;
  });
}
