import { describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import type { Node } from '@anvil/core';
import { interpret, interpretAll } from './interpret.js';
import { asInt8, GraphBuilder, int8Data } from './test-support/graph-builder.js';

/** x -> RESHAPE -> a -> ADD(a, a) -> y, all with unit scales, so y = 2x (saturating). */
function twoNodes() {
  const b = new GraphBuilder();
  const x = b.input([2, 2], { scale: 1 });
  const a = b.tensor([4], 'int8', { scale: 1 });
  const y = b.tensor([4], 'int8', { scale: 1 });
  b.node('RESHAPE', [x], [a], {}).node('ADD', [a, a], [y], { activation: 'NONE' }).output(y);
  return { graph: b.build(), x, a, y };
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isAnvilError(e) ? e.code : `not an AnvilError: ${String(e)}`;
  }
  return undefined;
}

describe('interpret', () => {
  it('maps raw input bytes to raw output bytes', () => {
    const { graph } = twoNodes();
    expect(asInt8(interpret(graph, [int8Data([1, -2, 100, -100])])[0] as Uint8Array)).toEqual([2, -4, 127, -128]);
  });

  it('rejects the wrong number of inputs or a wrongly sized one', () => {
    const { graph } = twoNodes();
    expect(codeOf(() => interpret(graph, []))).toBe('INPUT_COUNT_MISMATCH');
    expect(codeOf(() => interpret(graph, [int8Data([1, 2, 3])]))).toBe('INPUT_SIZE_MISMATCH');
  });

  it('verifies the graph first', () => {
    const b = new GraphBuilder();
    const x = b.input([2], { scale: 0.1 });
    const y = b.tensor([2], 'int8', { scale: 1 / 128, zeroPoint: -128 }); // softmax needs 1/256
    const g = b.node('SOFTMAX', [x], [y], { beta: 1 }).output(y).build();
    expect(codeOf(() => interpret(g, [int8Data([0, 0])]))).toBe('OP_QUANTIZATION_INVALID');
  });

  it('does not let callers alias the input buffer', () => {
    const { graph, x } = twoNodes();
    const input = int8Data([1, 2, 3, 4]);
    const values = interpretAll(graph, [input]);
    input[0] = 99;
    expect(asInt8(values.get(x) as Uint8Array)).toEqual([1, 2, 3, 4]);
  });
});

describe('interpretAll', () => {
  it('returns every intermediate and reports each node in order', () => {
    const { graph, x, a, y } = twoNodes();
    const seen: Array<[Node['op'], number[]]> = [];
    const values = interpretAll(graph, [int8Data([1, 2, 3, 4])], { onNode: (n, outs) => seen.push([n.op, asInt8(outs[0] as Uint8Array)]) });
    expect([...values.keys()].sort()).toEqual([x, a, y].sort());
    expect(asInt8(values.get(a) as Uint8Array)).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([
      ['RESHAPE', [1, 2, 3, 4]],
      ['ADD', [2, 4, 6, 8]],
    ]);
  });
});
