import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { expectDType, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { expectSameInt8Quant } from './same-quantization.js';

/** The normalised gather axis of the params tensor; only batch_dims 0 is supported. */
export function gatherAxis(node: NodeOf<'GATHER'>, graph: Graph): number {
  const rank = input(node, graph, 0).shape.length;
  const { axis, batchDims } = node.attrs;
  const label = nodeLabel(node);
  if (batchDims !== 0) fail(opAttributeInvalid(label, `batch_dims ${batchDims} is not supported (only 0)`));
  if (axis < -rank || axis >= rank) fail(opAttributeInvalid(label, `axis ${axis} out of range for rank ${rank}`));
  return axis < 0 ? axis + rank : axis;
}

/** GATHER: slices of the params along `axis`, picked by int32 indices (constant or computed). */
export const gather: OpDef<'GATHER'> = {
  op: 'GATHER',
  inputs: [2, 2],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const idx = input(node, graph, 1);
    const axis = gatherAxis(node, graph);
    return [[...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)]];
  },
  verify(node, graph) {
    expectDType(node, input(node, graph, 1), ['int32'], 'indices');
    expectSameInt8Quant(node, output(node, graph, 0), 'output', input(node, graph, 0), 'params');
  },
  macs: () => 0,
};
