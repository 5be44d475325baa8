import { describe, expect, it } from 'vitest';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import type { QuantSpec } from '../test-support/graph-builder.js';
import { anvilErrorOf } from '../test-support/anvil-error-of.js';

const q = { scale: 0.3, zeroPoint: -4 };

function minMax(op: 'MINIMUM' | 'MAXIMUM', qb: QuantSpec = q) {
  const b = new GraphBuilder();
  const x = b.input([2, 2], q);
  const z = b.input([2], qb);
  const y = b.tensor([2, 2], 'int8', q);
  return b.node(op, [x, z], [y], {}).output(y).build();
}

describe('MINIMUM and MAXIMUM', () => {
  it('compare the stored values, broadcasting the row', () => {
    // [[1,-5],[3,7]] against [2,0] in each row.
    expect(runInt8(minMax('MINIMUM'), [1, -5, 3, 7], [2, 0])).toEqual([1, -5, 2, 0]);
    expect(runInt8(minMax('MAXIMUM'), [1, -5, 3, 7], [2, 0])).toEqual([2, 0, 3, 7]);
  });

  it('refuse inputs quantized unlike the output', () => {
    expect(anvilErrorOf(() => runInt8(minMax('MAXIMUM', { scale: 0.3, zeroPoint: 0 }), [0, 0, 0, 0], [0, 0]))).toMatchObject({
      code: 'OP_QUANTIZATION_INVALID',
      message: expect.stringContaining('input 1'),
    });
  });
});
