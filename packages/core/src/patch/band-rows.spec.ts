import { describe, expect, it } from 'vitest';
import type { ConvAttrs } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { Tensor } from '../ir/tensor.js';
import { bandRows, inputRowsFor, rowWindow, splitRows } from './band-rows.js';
import { patchStage, stageProblem } from './patch-stage.js';

const conv = (stride: number, padding: 'SAME' | 'VALID'): ConvAttrs => ({
  padding,
  strideH: stride,
  strideW: stride,
  dilationH: 1,
  dilationW: 1,
  activation: 'NONE',
});

function t(id: number, shape: number[], data = false): Tensor {
  return { id, name: `t${id}`, shape, dtype: 'int8', ...(data ? { data: new Uint8Array(shape.reduce((a, b) => a * b, 1)) } : {}) };
}

/** x[1,8,4,2] → conv 3×3 s1 SAME → [1,8,4,2] → conv 3×3 s2 SAME → [1,4,2,2] → ADD with itself... kept to convs. */
function chain(): Graph {
  const tensors = [t(0, [1, 8, 4, 2]), t(1, [2, 3, 3, 2], true), t(2, [1, 8, 4, 2]), t(3, [2, 3, 3, 2], true), t(4, [1, 4, 2, 2])];
  return {
    name: 'chain',
    tensors,
    inputs: [0],
    outputs: [4],
    nodes: [
      { id: 0, op: 'CONV_2D', name: 'a', inputs: [0, 1, -1], outputs: [2], attrs: conv(1, 'SAME') },
      { id: 1, op: 'CONV_2D', name: 'b', inputs: [2, 3, -1], outputs: [4], attrs: conv(2, 'SAME') },
    ],
  };
}

describe('band rows', () => {
  it('splits rows into ordered, near-equal bands', () => {
    expect(splitRows(7, 3)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 7 },
    ]);
  });

  it("derives each layer's rows of a two-conv chain as worked by hand", () => {
    const g = chain();
    // Second conv: 8 rows in, 4 out, stride 2, SAME pads 1 row in total, all after (before 0).
    expect(rowWindow(g.nodes[1] as never, g)).toEqual({ stride: 2, extent: 3, before: 0, inRows: 8 });
    // Output rows [2,4) read rows 4..8 (the window of row 3 is rows 6,7,8; 8 is padding).
    expect(inputRowsFor(rowWindow(g.nodes[1] as never, g), { start: 2, end: 4 })).toEqual({ start: 4, end: 8 });
    const body: Graph = { ...g, inputs: [0], outputs: [4] };
    const rows = bandRows(body, g, splitRows(4, 2));
    // Band 0: out [0,2) needs rows [0,5) of the first conv; band 1: out [2,4) needs [4,8).
    expect(rows).toEqual([
      [
        { start: 0, end: 5 },
        { start: 0, end: 2 },
      ],
      [
        { start: 4, end: 8 },
        { start: 2, end: 4 },
      ],
    ]);
  });

  it('replaces the range by one stage whose bands the verifier accepts only when consistent', () => {
    const g = chain();
    expect(stageProblem(g, { first: 0, last: 1 })).toBeUndefined();
    const p = patchStage(g, { first: 0, last: 1 }, 2);
    expect(p.nodes).toHaveLength(1);
    expect(p.nodes[0]?.op).toBe('PATCH_STAGE');
    expect(p.nodes[0]?.inputs).toEqual([0]);
    expect(p.nodes[0]?.outputs).toEqual([4]);
    expect(stageProblem(g, { first: 0, last: 0 })).toMatch(/at least two/);
  });
});
