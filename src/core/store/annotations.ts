// A dataset's or run's note and tags (and a run's name) as stored (migration v7) and as summaries carry them:
// present only when set, so that summaries of unannotated rows look as they always did.

export interface AnnotationColumns {
  name?: string | null;
  note: string | null;
  tags_json: string | null;
}

export function tagsOf(json: string | null): string[] {
  if (!json) return [];
  const parsed = JSON.parse(json) as unknown;
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

export function annotationOf(r: AnnotationColumns): { name?: string; note?: string; tags?: string[] } {
  const tags = tagsOf(r.tags_json);
  return {
    ...(r.name ? { name: r.name } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(tags.length ? { tags } : {}),
  };
}
