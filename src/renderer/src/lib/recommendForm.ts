// The Recommendations panel's inputs as a request (pure): a known user, a new user folded in from rated items,
// or a new user from features typed as column=value (a run with user features, docs/features.md).
import type { RecommendRequest, RowFilter } from '../../../shared';
import { parseUserFeatures } from '../../../shared';
import type { Chip } from './exploreFilter';

export type RecommendMode = 'user' | 'new' | 'features';

export interface RecommendForm {
  mode: RecommendMode;
  user: string;
  liked: readonly Chip[];
  /** `country=France, age=30-39`. */
  userFeatures: string;
  k: number;
  filter: RowFilter;
}

/** What is wrong with the typed features (the first part that is not column=value), or null. */
export function featuresProblem(text: string): string | null {
  const { bad } = parseUserFeatures(text);
  return bad === undefined ? null : `“${bad}” is not column=value`;
}

/** The request these inputs make, or null while they are not enough to ask (no user, no items, no features). */
export function recommendRequest(f: RecommendForm, runId: number, minCount: number): RecommendRequest | null {
  const base = { runId, k: Math.max(1, Math.floor(f.k || 10)), filter: { ...f.filter, minCount } };
  if (f.mode === 'user') return f.user.trim() ? { ...base, user: f.user.trim() } : null;
  if (f.mode === 'features') {
    const { features, bad } = parseUserFeatures(f.userFeatures);
    return features.length > 0 && bad === undefined ? { ...base, userFeatures: features } : null;
  }
  if (f.liked.length === 0) return null;
  return {
    ...base,
    items: f.liked.map((c) => ({ key: c.key, ...(c.rating !== undefined ? { rating: c.rating } : {}) })),
  };
}
