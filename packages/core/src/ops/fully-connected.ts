import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { elementCount } from '../ir/tensor.js';
import { verifyConvQuant } from './conv-2d.js';
import { expectRank, input } from './node-access.js';
import type { OpDef } from './op-def.js';

/** Weights [units, depth]; the input is flattened to [batch, depth] (TFLite semantics). */
export const fullyConnected: OpDef<'FULLY_CONNECTED'> = {
  op: 'FULLY_CONNECTED',
  inputs: [2, 3],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const w = input(node, graph, 1);
    expectRank(node, w, 2, 'weights');
    const [units, depth] = w.shape as [number, number];
    const total = elementCount(x.shape);
    if (depth < 1 || total % depth !== 0) {
      fail(opShapeMismatch(nodeLabel(node), `input of ${total} elements is not a multiple of weight depth ${depth}`));
    }
    if (node.attrs.keepNumDims) return [[...x.shape.slice(0, -1), units]];
    return [[total / depth, units]];
  },
  verify(node, graph) {
    verifyConvQuant(node, graph, 0);
  },
  macs(node, graph) {
    const x = input(node, graph, 0);
    const w = input(node, graph, 1);
    return elementCount(x.shape) * (w.shape[0] ?? 0);
  },
};
