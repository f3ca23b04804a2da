// The Train form's drafts, one per model: each keeps its edits while another is shown, and its last settings
// between sessions (localStorage, a key per model). In browser mode the origin changes with the server's port,
// so settings last as long as one `ewb serve`.
import { ref, watch } from 'vue';
import type { AllOptions, ModelName, RunSummary } from '../../../shared';
import { MODELS } from '../../../shared';
import { defaultDraft, draftFromConfig, restoreDraft, type TrainDraft } from '../lib/trainForm';

const keyOf = (model: ModelName): string => `ewb.train.${model}`;

/** What was saved for `model`, or undefined; storage that cannot be read (disabled, full) is no error. */
function load(storage: Storage, model: ModelName): unknown {
  try {
    const text = storage.getItem(keyOf(model));
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function save(storage: Storage, model: ModelName, draft: TrainDraft): void {
  try {
    storage.setItem(keyOf(model), JSON.stringify(draft));
  } catch {
    // Not remembered: the form works the same, it only starts from the defaults next time.
  }
}

export function useTrainDrafts(storage: Storage = window.localStorage) {
  const drafts = ref(
    Object.fromEntries(MODELS.map((m) => [m, restoreDraft(m, load(storage, m))])) as Record<ModelName, TrainDraft>,
  );
  // Models this browser had settings for when the view opened. Drafts are saved as soon as they change (also by
  // the form filling in a dataset), so asking the storage again later would race the run list.
  const savedAtStart = new Set(MODELS.filter((m) => load(storage, m) !== undefined));
  watch(drafts, (all) => MODELS.forEach((m) => save(storage, m, all[m])), { deep: true });

  /**
   * Models with no saved settings start from their newest run in the project (a new browser origin, another
   * machine): the last settings per model live with the project too.
   */
  const adoptLastRuns = (runs: readonly RunSummary[]): void => {
    const next = { ...drafts.value };
    let changed = false;
    for (const m of MODELS) {
      if (savedAtStart.has(m)) continue;
      // The newest completed run of the model (a diverged one's settings are not worth starting from).
      const ofModel = runs.filter((r) => r.model === m).sort((a, b) => b.id - a.id);
      const last = ofModel.find((r) => r.status === 'completed') ?? ofModel[0];
      if (!last) continue;
      next[m] = draftFromConfig(m, last.config as Partial<AllOptions>);
      changed = true;
    }
    if (changed) drafts.value = next;
  };

  /** The model's defaults again (and remembered as its settings). */
  const reset = (model: ModelName): void => {
    drafts.value = { ...drafts.value, [model]: defaultDraft(model) };
  };
  return { drafts, reset, adoptLastRuns };
}
