// What one view hands the next: "Train on this dataset" after an import, a run to open in Explore. Views read
// it when they are shown and clear it, so it acts once.
import { ref } from 'vue';

export const preferredDataset = ref<string | null>(null);

/** Takes the hand-over (once). */
export function takePreferredDataset(): string | null {
  const name = preferredDataset.value;
  preferredDataset.value = null;
  return name;
}

/** Shows another view (App.vue follows the URL hash). */
export function showView(id: 'datasets' | 'train' | 'explore' | 'compare'): void {
  window.location.hash = `#${id}`;
}
