import { describe, expect, it } from 'vitest';
import { OP_TYPES } from '@anvil/core';
import { PORTABLE_STRATEGIES } from './portable-strategies.js';

describe('portable strategies', () => {
  // OFFLOAD_REGION is lowered only by the offloader that compiled it; PATCH_STAGE by the
  // pipeline, from its body nodes' own kernels.
  it('cover every op except RESHAPE (a view), OFFLOAD_REGION and PATCH_STAGE, each exactly once, in the portable tier', () => {
    const claimed = OP_TYPES.filter((op) => op !== 'RESHAPE' && op !== 'OFFLOAD_REGION' && op !== 'PATCH_STAGE').map((op) => {
      const node = { id: 0, op, name: 'n', inputs: [], outputs: [], attrs: {} } as never;
      const claims = PORTABLE_STRATEGIES.filter(
        (s) =>
          s.ops.includes(op) && s.claim(node, { name: 'g', tensors: [], nodes: [], inputs: [], outputs: [] }, {} as never) !== undefined,
      );
      return [op, claims.length] as const;
    });
    expect(claimed.filter(([, n]) => n !== 1)).toEqual([]);
    expect(PORTABLE_STRATEGIES.every((s) => s.tier === 'portable' && s.backend === 'portable-c')).toBe(true);
    expect(PORTABLE_STRATEGIES.some((s) => s.ops.some((op) => op === 'RESHAPE' || op === 'OFFLOAD_REGION' || op === 'PATCH_STAGE'))).toBe(
      false,
    );
  });
});
