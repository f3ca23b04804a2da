// A name, note and tags as the editor holds them, and the change to send (`datasets:update`/`runs:update`).
import type { Annotation } from '../../../shared';

export interface AnnotationDraft {
  name: string;
  note: string;
  /** Comma-separated, as typed. */
  tags: string;
}

export const draftOf = (a: { name?: string; note?: string; tags?: string[] }): AnnotationDraft => ({
  name: a.name ?? '',
  note: a.note ?? '',
  tags: (a.tags ?? []).join(', '),
});

const tagList = (text: string): string[] =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/** Only what changed: a new name, a new note, tags added and removed. */
export function annotationChange(before: AnnotationDraft, after: AnnotationDraft): Annotation {
  const change: Annotation = {};
  if (after.name.trim() !== before.name.trim()) change.name = after.name.trim();
  if (after.note !== before.note) change.note = after.note;
  const [was, now] = [tagList(before.tags), tagList(after.tags)];
  const added = now.filter((t) => !was.includes(t));
  const removed = was.filter((t) => !now.includes(t));
  if (added.length) change.addTags = added;
  if (removed.length) change.removeTags = removed;
  return change;
}
