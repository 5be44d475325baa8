import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { constInt32, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { expectSameInt8Quant } from './same-quantization.js';

/** The normalised split axis, from the constant axis tensor in input slot 0 (TFLite's order). */
export function splitAxis(node: NodeOf<'SPLIT'>, graph: Graph): number {
  const x = input(node, graph, 1);
  const a = constInt32(node, input(node, graph, 0), 'axis');
  const rank = x.shape.length;
  const raw = a[0];
  if (a.length !== 1 || raw === undefined) fail(opAttributeInvalid(nodeLabel(node), `axis must be one value, has ${a.length}`));
  if (raw < -rank || raw >= rank) fail(opAttributeInvalid(nodeLabel(node), `axis ${raw} out of range for rank ${rank}`));
  return raw < 0 ? raw + rank : raw;
}

/** SPLIT: num_splits equal parts along a constant axis (inputs: axis, then the tensor). */
export const split: OpDef<'SPLIT'> = {
  op: 'SPLIT',
  inputs: [2, 2],
  outputs: [1, 64],
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 1);
    const axis = splitAxis(node, graph);
    const parts = node.attrs.numSplits;
    const label = nodeLabel(node);
    if (parts !== node.outputs.length) fail(opAttributeInvalid(label, `num_splits ${parts} but ${node.outputs.length} outputs`));
    const n = x.shape[axis] as number;
    if (n % parts !== 0) fail(opShapeMismatch(label, `axis ${axis} of extent ${n} does not split into ${parts} equal parts`));
    return node.outputs.map(() => x.shape.map((d, k) => (k === axis ? n / parts : d)));
  },
  verify(node, graph) {
    const x = input(node, graph, 1);
    node.outputs.forEach((_, i) => expectSameInt8Quant(node, output(node, graph, i), `output ${i}`, x, 'input'));
  },
  macs: () => 0,
};
