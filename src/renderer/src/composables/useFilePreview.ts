// The file being mapped: where it is, how to read it, its preview and the role choices made on it. Every
// change of reading previews again; only the latest preview is kept when several overlap.
import { ref, shallowRef } from 'vue';
import type { FilePreview } from '../../../shared';
import { api } from '../api';
import { choicesAfterPreview, choicesFrom, type RoleChoices } from '../lib/importForm';
import { defaultRead, previewOptions, type ReadDraft } from '../lib/readOptions';

export interface FileSource {
  /** Path on the backend's disk (an upload's path is the server's copy). */
  path: string;
  /** What the user chose: a local path or an uploaded file's name. */
  label: string;
}

export function useFilePreview() {
  const source = shallowRef<FileSource | null>(null);
  const read = ref<ReadDraft>(defaultRead());
  const preview = shallowRef<FilePreview | null>(null);
  const choices = ref<RoleChoices>(choicesFrom({}));
  let latest = 0;

  async function load(): Promise<void> {
    const src = source.value;
    if (!src) return;
    const mine = ++latest;
    try {
      const next = await api.invoke('datasets:preview', { path: src.path, ...previewOptions(read.value) });
      if (mine !== latest) return;
      const previous = preview.value ? { columns: preview.value.columns, choices: choices.value } : null;
      choices.value = choicesAfterPreview(previous, next.columns, next.suggestedMapping);
      preview.value = next;
    } catch (err) {
      if (mine !== latest) return;
      // The file stays chosen: another encoding or delimiter may read it.
      preview.value = null;
      throw err;
    }
  }

  /** A new file: read it as detected, and start from its suggested mapping. */
  async function open(next: FileSource): Promise<void> {
    source.value = next;
    read.value = defaultRead();
    preview.value = null;
    await load();
  }

  /** Forgets the current file while another one is on its way (an upload may take a while). */
  function reset(): void {
    latest++;
    source.value = null;
    preview.value = null;
  }

  async function setRead(next: ReadDraft): Promise<void> {
    read.value = next;
    await load();
  }

  return { source, read, preview, choices, open, reset, setRead };
}
