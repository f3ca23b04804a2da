// Runs one map at a time under an id of its own: follows its `projections:progress` events, keeps the moving
// layout (the points' keys and metadata with the latest snapshot's coordinates) to draw while it runs, and
// pauses, resumes, stops (keeping the layout) or cancels it.
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import type { ProjectionAction, ProjectionPoints, ProjectionProgress, ProjectResult } from '../../../shared';
import { api, ApiCallError } from '../api';
import type { MapPoints } from '../lib/mapPoints';
import { mapRequest, type MapSettings } from '../lib/mapSettings';

export type MapOutcome = { status: 'mapped'; result: ProjectResult } | { status: 'cancelled' };

export function useProjection() {
  const progress = shallowRef<ProjectionProgress | null>(null);
  /** The layout as it moves: null until the points and a first snapshot are in. */
  const live = shallowRef<MapPoints | null>(null);
  const running = ref<string | null>(null);
  /** The control asked for and not yet answered by the backend. */
  const asking = ref<ProjectionAction | 'cancel' | null>(null);
  const paused = computed(() => progress.value?.paused === true);
  let meta: ProjectionPoints | null = null;
  let latest: { x: number[]; y: number[] } | null = null;

  const draw = (): void => {
    if (meta && latest && latest.x.length === meta.keys.length) live.value = { ...meta, ...latest };
  };

  // Subscribed for the panel's lifetime: in browser mode the event socket opens with the first subscription,
  // so it is open before a map starts and its first events are not lost.
  const off = api.on('projections:progress', (p) => {
    if (p.projectionId !== running.value) return;
    progress.value = p;
    if (asking.value === 'pause' || asking.value === 'resume') asking.value = null;
    if (p.snapshot) {
      latest = p.snapshot;
      draw();
    }
  });
  onScopeDispose(off);

  /** Resolves with the map, or `cancelled`; other failures are thrown. */
  async function run(
    settings: MapSettings,
    target: { runId: number; table: string; minCount: number },
    cache = true,
  ): Promise<MapOutcome> {
    if (running.value) throw new ApiCallError('BadRequest', 'A map is computing already; wait for it or stop it.');
    const projectionId = `map-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    progress.value = null;
    live.value = null;
    meta = null;
    latest = null;
    running.value = projectionId;
    const req = mapRequest(settings, { ...target, projectionId }, cache);
    if (req.snapshots) {
      // The keys and metadata of the points, to colour the snapshots; a failure only means no live drawing.
      void api
        .invoke('embeddings:projectionPoints', { ...target, limit: req.limit, includeSpecial: req.includeSpecial })
        .then((points) => {
          if (running.value !== projectionId) return;
          meta = points;
          draw();
        })
        .catch(() => undefined);
    }
    try {
      return { status: 'mapped', result: await api.invoke('embeddings:project', req) };
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'Cancelled') return { status: 'cancelled' };
      throw err;
    } finally {
      running.value = null;
      asking.value = null;
      live.value = null;
    }
  }

  async function control(action: ProjectionAction): Promise<void> {
    const projectionId = running.value;
    if (!projectionId) return;
    asking.value = action;
    await api.invoke('embeddings:controlProject', { projectionId, action });
  }

  async function cancel(): Promise<void> {
    const projectionId = running.value;
    if (!projectionId) return;
    asking.value = 'cancel';
    await api.invoke('embeddings:cancelProject', { projectionId });
  }

  return { progress, live, running, asking, paused, run, control, cancel };
}
