import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { elementCount } from '../ir/tensor.js';
import { constInt32, expectDType, expectPerTensor, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** Sorted, de-duplicated, non-negative reduction axes from the constant axis input. */
export function meanAxes(node: NodeOf<'MEAN'>, graph: Graph): number[] {
  const x = input(node, graph, 0);
  const rank = x.shape.length;
  const raw = constInt32(node, input(node, graph, 1), 'axes');
  const axes = new Set<number>();
  for (const a of raw) {
    if (a < -rank || a >= rank) fail(opShapeMismatch(nodeLabel(node), `axis ${a} out of range for rank ${rank}`));
    axes.add(a < 0 ? a + rank : a);
  }
  return [...axes].sort((a, b) => a - b);
}

export const mean: OpDef<'MEAN'> = {
  op: 'MEAN',
  inputs: [2, 2],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const axes = meanAxes(node, graph);
    if (node.attrs.keepDims) return [x.shape.map((d, i) => (axes.includes(i) ? 1 : d))];
    return [x.shape.filter((_, i) => !axes.includes(i))];
  },
  verify(node, graph) {
    const x = input(node, graph, 0);
    const y = output(node, graph, 0);
    expectDType(node, x, ['int8'], 'input');
    expectDType(node, y, ['int8'], 'output');
    expectPerTensor(node, x, 'input');
    expectPerTensor(node, y, 'output');
  },
  macs: (node, graph) => elementCount(input(node, graph, 0).shape),
};
