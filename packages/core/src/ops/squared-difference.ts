import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { broadcastShapes } from './broadcast.js';
import { expectDType, expectPerTensor, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** int8 (a - b)^2 with broadcasting; each tensor keeps its own quantization (the kernel rescales). */
export const squaredDifference: OpDef<'SQUARED_DIFFERENCE'> = {
  op: 'SQUARED_DIFFERENCE',
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
    const roles = ['input 0', 'input 1'] as const;
    roles.forEach((role, i) => {
      const t = input(node, graph, i);
      expectDType(node, t, ['int8'], role);
      expectPerTensor(node, t, role);
    });
    const y = output(node, graph, 0);
    expectDType(node, y, ['int8'], 'output');
    expectPerTensor(node, y, 'output');
  },
  macs: () => 0,
};
