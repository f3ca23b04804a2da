// Test fixture: a layout context on one thread (no helpers), counting allocations, never pausing.
import type { LayoutContext } from './context';
import { createAllocator } from './memory';
import { createPool } from './pool';

export function testContext(seed = 1): LayoutContext {
  return {
    pool: createPool(1, null),
    alloc: createAllocator(),
    seed,
    progress: () => undefined,
    offerSnapshot: () => undefined,
    checkpoint: async () => false,
  };
}
