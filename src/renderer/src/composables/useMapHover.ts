// The point under the pointer on the map, found at most once per animation frame (each search passes over
// every point), for the hover card.
import { onBeforeUnmount, ref } from 'vue';

export interface Hovered {
  index: number;
  left: number;
  top: number;
}

/** `pointAt` gives the point near a chart pixel or -1; `active` says whether hovering shows anything now. */
export function useMapHover(pointAt: (px: number, py: number) => number, active: () => boolean) {
  const hover = ref<Hovered | null>(null);
  let frame = 0;
  function move(e: { offsetX: number; offsetY: number }): void {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const i = active() ? pointAt(e.offsetX, e.offsetY) : -1;
      hover.value = i < 0 ? null : { index: i, left: e.offsetX, top: e.offsetY };
    });
  }
  const leave = (): void => {
    hover.value = null;
  };
  onBeforeUnmount(() => cancelAnimationFrame(frame));
  return { hover, move, leave };
}
