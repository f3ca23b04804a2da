import { effectScope } from 'vue';
import { describe, expect, it, vi } from 'vitest';
import type { ImportProgress, ImportRequest } from '../../../shared';

// A fake backend (vi.mock is hoisted above the imports): `datasets:import` settles only when the test says so.
const fake = vi.hoisted(() => ({
  listener: null as ((p: ImportProgress) => void) | null,
  requests: [] as { channel: string; req: unknown }[],
  settle: null as ((outcome: { value?: unknown; code?: string }) => void) | null,
}));

vi.mock('../api', async () => {
  const { ApiCallError } = await import('../api/apiError');
  return {
    ApiCallError,
    api: {
      mode: 'browser',
      on: (_event: string, listener: (p: ImportProgress) => void) => {
        fake.listener = listener;
        return () => (fake.listener = null);
      },
      invoke: (channel: string, req: unknown) => {
        fake.requests.push({ channel, req });
        if (channel === 'datasets:cancelImport') return Promise.resolve({ cancelled: true });
        return new Promise((resolve, reject) => {
          fake.settle = ({ value, code }) =>
            code ? reject(new ApiCallError(code as 'Cancelled', 'the import was cancelled')) : resolve(value);
        });
      },
    },
  };
});

const { useImport } = await import('./useImport');

const progress = (importId: string, rows: number): ImportProgress => ({
  importId,
  bytes: rows,
  totalBytes: 100,
  rows,
  rejected: 0,
  etaSeconds: 1,
  stage: 'reading',
});

function mount() {
  const scope = effectScope();
  const state = scope.run(() => useImport())!;
  return { ...state, stop: () => scope.stop() };
}

const req: Omit<ImportRequest, 'importId'> = { path: '/f.csv', name: 'f' };

describe('useImport', () => {
  it('follows the progress of its own import only, under the id it generated', async () => {
    const im = mount();
    const running = im.run(req);
    const sent = fake.requests.at(-1)!.req as ImportRequest;
    expect(sent.importId).toMatch(/\S{8,}/);
    expect(im.running.value).toBe(true);
    fake.listener!(progress('someone-else', 5));
    expect(im.progress.value).toBeNull();
    fake.listener!(progress(sent.importId!, 40));
    expect(im.progress.value?.rows).toBe(40);
    fake.settle!({ value: { type: 'result' } });
    await expect(running).resolves.toEqual({ status: 'imported', result: { type: 'result' } });
    expect(im.running.value).toBe(false);
    im.stop();
    expect(fake.listener).toBeNull();
  });

  it('turns a cancel into a calm outcome, not an error', async () => {
    const im = mount();
    const running = im.run(req);
    const { importId } = fake.requests.at(-1)!.req as ImportRequest;
    await im.cancel();
    expect(fake.requests.at(-1)).toEqual({ channel: 'datasets:cancelImport', req: { importId } });
    expect(im.cancelling.value).toBe(true);
    fake.settle!({ code: 'Cancelled' });
    await expect(running).resolves.toMatchObject({ status: 'cancelled' });
    expect(im.cancelling.value).toBe(false);
    im.stop();
  });

  it('passes other failures on', async () => {
    const im = mount();
    const running = im.run(req);
    fake.settle!({ code: 'DatasetInvalid' });
    await expect(running).rejects.toMatchObject({ code: 'DatasetInvalid' });
    im.stop();
  });
});
