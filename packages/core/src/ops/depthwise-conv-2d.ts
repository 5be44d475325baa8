import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { elementCount } from '../ir/tensor.js';
import { windowOutputShape, verifyConvQuant } from './conv-2d.js';
import { expectRank, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** Filter layout [1, kh, kw, inC * depthMultiplier]; per-channel scales on axis 3. */
export const depthwiseConv2d: OpDef<'DEPTHWISE_CONV_2D'> = {
  op: 'DEPTHWISE_CONV_2D',
  inputs: [2, 3],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const w = input(node, graph, 1);
    expectRank(node, x, 4, 'input');
    expectRank(node, w, 4, 'filter');
    const [one, kh, kw, oc] = w.shape as [number, number, number, number];
    const inC = x.shape[3] ?? 0;
    const m = node.attrs.depthMultiplier;
    if (one !== 1 || inC * m !== oc) {
      fail(opShapeMismatch(nodeLabel(node), `filter [${w.shape.join(',')}] does not match ${inC} input channels × multiplier ${m}`));
    }
    return [windowOutputShape(node, x.shape, kh, kw, node.attrs, oc)];
  },
  verify(node, graph) {
    verifyConvQuant(node, graph, 3);
  },
  macs(node, graph) {
    const w = input(node, graph, 1);
    const y = output(node, graph, 0);
    return elementCount(y.shape) * (w.shape[1] ?? 0) * (w.shape[2] ?? 0);
  },
};
