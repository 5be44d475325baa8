import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { broadcastShapes } from './broadcast.js';
import { input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { expectSameInt8Quant } from './same-quantization.js';

/**
 * MINIMUM and MAXIMUM with broadcasting. TFLite Micro compares the stored int8 values and
 * writes the winner unchanged, which is right only when both inputs and the output share one
 * quantization; anything else is refused rather than answered wrongly.
 */
function minMax<K extends 'MINIMUM' | 'MAXIMUM'>(op: K): OpDef<K> {
  return {
    op,
    inputs: [2, 2],
    outputs: 1,
    isView: false,
    inferShapes(node, graph) {
      const a = input(node, graph, 0);
      const b = input(node, graph, 1);
      const s = broadcastShapes(a.shape, b.shape);
      if (s === undefined) {
        fail(opShapeMismatch(nodeLabel(node), `shapes [${a.shape.join(',')}] and [${b.shape.join(',')}] do not broadcast`));
      }
      return [s];
    },
    verify(node, graph) {
      const y = output(node, graph, 0);
      expectSameInt8Quant(node, input(node, graph, 0), 'input 0', y, 'output');
      expectSameInt8Quant(node, input(node, graph, 1), 'input 1', y, 'output');
    },
    macs: () => 0,
  };
}

export const minimum: OpDef<'MINIMUM'> = minMax('MINIMUM');
export const maximum: OpDef<'MAXIMUM'> = minMax('MAXIMUM');
