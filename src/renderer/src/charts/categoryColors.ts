// A category's colour on the map follows from its name, so "Comedy" is the same colour on every map of every
// run; categories on one map that would share a colour are moved apart, and remainders are greys.
import type { RestKind } from '../lib/mapColors';
import { CATEGORY_COLORS, REST_COLORS } from '../styles/palette';

/** FNV-1a, 32 bits (Fowler, Noll, Vo): a fixed, well-spread hash of the name's UTF-16 code units. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * One colour per category: its name's hash picks the palette slot; a slot already taken on this map passes to
 * the next free one (linear probing). Categories claim slots in name order, so the same set of categories gets
 * the same colours whatever the legend's order; only when two names collide does one of them move. Beyond as
 * many categories as the palette holds, colours repeat (the genre colouring keeps fewer: MAX_GENRE_GROUPS).
 */
export function categoryColors(names: readonly string[], rest: readonly (RestKind | null)[]): string[] {
  const n = CATEGORY_COLORS.length;
  const out = names.map((_, i): string => {
    const kind = rest[i];
    return kind ? REST_COLORS[kind] : '';
  });
  const taken = new Set<number>();
  const order = names.map((_, i) => i).filter((i) => !rest[i]);
  order.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b));
  for (const i of order) {
    if (taken.size === n) taken.clear();
    let slot = nameHash(names[i]!) % n;
    while (taken.has(slot)) slot = (slot + 1) % n;
    taken.add(slot);
    out[i] = CATEGORY_COLORS[slot]!;
  }
  return out;
}
