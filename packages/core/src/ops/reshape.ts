import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { elementCount } from '../ir/tensor.js';
import { input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** The target shape is the output tensor's own; the optional shape input is not needed. */
export const reshape: OpDef<'RESHAPE'> = {
  op: 'RESHAPE',
  inputs: [1, 2],
  outputs: 1,
  isView: true,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const y = output(node, graph, 0);
    if (elementCount(x.shape) !== elementCount(y.shape)) {
      fail(opShapeMismatch(nodeLabel(node), `cannot reshape [${x.shape.join(',')}] to [${y.shape.join(',')}]`));
    }
    return [y.shape];
  },
  verify(node, graph) {
    const x = input(node, graph, 0);
    const y = output(node, graph, 0);
    if (x.dtype !== y.dtype) fail(opShapeMismatch(nodeLabel(node), `reshape changes dtype ${x.dtype} to ${y.dtype}`));
  },
  macs: () => 0,
};
