import { describe, expect, it } from 'vitest';
import type { Graph } from '@anvil/core';
import { svdfParams } from '../params/svdf.js';
import { createInterpreterSession } from '../session.js';
import { GraphBuilder, asInt8, int8Data } from '../test-support/graph-builder.js';

const int16Data = (values: readonly number[]): Uint8Array => new Uint8Array(Int16Array.from(values).buffer);

/**
 * Batch 1, two inputs, two filters of memory 2, rank 1 (two units). Input and feature weights
 * 2^-4 over a state of 2^-8 make the feature rescale exactly 1; state 2^-8 times time weights
 * 2^-6 over an output of 2^-6 make the output rescale 2^-8. Output zero point 2.
 */
function tinySvdf(): Graph {
  const b = new GraphBuilder();
  const x = b.input([1, 2], { scale: 1 / 16 });
  const wf = b.int8Const([2, 2], [1, 2, 3, -1], { scale: 1 / 16 });
  const wt = b.tensor([2, 2], 'int16', { scale: 1 / 64 }, int16Data([100, 200, 300, -400]));
  const bias = b.int32Const([2], [1000, 300]);
  const state = b.state([1, 4], 'int16', { scale: 1 / 256 });
  const y = b.tensor([1, 2], 'int8', { scale: 1 / 64, zeroPoint: 2 });
  return b.node('SVDF', [x, wf, wt, bias, state], [y], { rank: 1, activation: 'NONE' }).output(y).build();
}

describe('SVDF (int8, int16 state)', () => {
  it('derives the two rescales in float32, as TFLM does', () => {
    const g = tinySvdf();
    const node = g.nodes[0];
    if (node?.op !== 'SVDF') throw new Error('no SVDF');
    const p = svdfParams(node, g);
    // 2^-8 / 2^-8 = 1 = 0.5·2^1; 2^-14 / 2^-6 = 2^-8 = 0.5·2^-7.
    expect([p.feature, p.output]).toEqual([
      { multiplier: 2 ** 30, shift: 1 },
      { multiplier: 2 ** 30, shift: -7 },
    ]);
    expect([p.filters, p.memory, p.units]).toEqual([2, 2, 2]);
  });

  it('two invocations, derived by hand: the memory carries the first input into the second', () => {
    const s = createInterpreterSession(tinySvdf());
    const run = (): number[] => asInt8(s.run([int8Data([16, -8])])[0] as Uint8Array);
    // Features: 1·16 + 2·(−8) = 0 and 3·16 − 1·(−8) = 56, each rescaled by exactly 1.
    // Step 1, memories [0, 0] and [0, 56]: unit 0 = 1000 → RDBPOT(1000/2 = 500, 7) = 4, + 2 = 6;
    // unit 1 = 300 − 400·56 = −22100 → −11050 → RDBPOT(·, 7) = −86, + 2 = −84.
    expect(run()).toEqual([6, -84]);
    // Step 2, memories [0, 0] and [56, 56]: unit 1 = 300 + 300·56 − 400·56 = −5300 → −2650 →
    // RDBPOT(·, 7) = −21 (remainder 38 is below the tie), + 2 = −19.
    expect(run()).toEqual([6, -19]);
    expect([...new Int16Array((s.state().values().next().value as Uint8Array).slice().buffer)]).toEqual([0, 0, 56, 56]);
    s.reset();
    expect(run()).toEqual([6, -84]);
  });
});
