import { describe, expect, it } from 'vitest';
import type { ConvAttrs } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { Tensor } from '../ir/tensor.js';
import { applyPatches } from './apply-patches.js';
import { bandLayout } from './band-layout.js';
import { patchStage } from './patch-stage.js';

const conv: ConvAttrs = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' };

function t(id: number, shape: number[], data = false): Tensor {
  return { id, name: `t${id}`, shape, dtype: 'int8', ...(data ? { data: new Uint8Array(shape.reduce((a, b) => a * b, 1)) } : {}) };
}

/** Three 3×3 SAME convs on [1,8,2,1]: rows of 2 bytes; a, b intermediate, c the stage output. */
function three(): Graph {
  const tensors = [t(0, [1, 8, 2, 1]), t(1, [1, 3, 3, 1], true), t(2, [1, 8, 2, 1]), t(3, [1, 8, 2, 1]), t(4, [1, 8, 2, 1])];
  return {
    name: 'three',
    tensors,
    inputs: [0],
    outputs: [4],
    nodes: [
      { id: 0, op: 'CONV_2D', name: 'a', inputs: [0, 1, -1], outputs: [2], attrs: conv },
      { id: 1, op: 'CONV_2D', name: 'b', inputs: [2, 1, -1], outputs: [3], attrs: conv },
      { id: 2, op: 'CONV_2D', name: 'c', inputs: [3, 1, -1], outputs: [4], attrs: conv },
    ],
  };
}

describe('band layout', () => {
  it('sizes each band buffer for its largest band and keeps buffers alive together apart', () => {
    const g = patchStage(three(), { first: 0, last: 2 }, 2);
    const stage = g.nodes[0] as NodeOf<'PATCH_STAGE'>;
    // Output band [0,4) needs b rows [0,5) and a rows [0,6); band [4,8) needs b [3,8), a [2,8).
    const layout = bandLayout(stage, g, [0, 0, 0], 4);
    expect(layout.bandBytes.get(2)).toBe(6 * 2);
    expect(layout.bandBytes.get(3)).toBe(5 * 2);
    // a and b are alive together at node 1: a at 0 (the larger), b after it, aligned to 4.
    expect(layout.band.get(2)).toBe(0);
    expect(layout.band.get(3)).toBe(12);
    // Node 2's scratch is alive only with b (a is dead by then): it goes where a was.
    const withScratch = bandLayout(stage, g, [0, 0, 8], 4);
    expect(withScratch.scratch.get(2)).toBe(0);
    expect(withScratch.bytes).toBe(22);
  });

  it('refuses overlapping stages', () => {
    expect(() =>
      applyPatches(three(), [
        { first: 0, last: 1, bands: 2 },
        { first: 1, last: 2, bands: 2 },
      ]),
    ).toThrow(/overlap/);
  });
});
