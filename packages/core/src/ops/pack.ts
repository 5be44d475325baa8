import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { expectSameInt8Quant } from './same-quantization.js';

/** The normalised axis of PACK (of the output, one rank more) or UNPACK (of the input). */
export function packAxis(node: NodeOf<'PACK'> | NodeOf<'UNPACK'>, rank: number): number {
  const a = node.attrs.axis;
  if (a < -rank || a >= rank) fail(opAttributeInvalid(nodeLabel(node), `axis ${a} out of range for rank ${rank}`));
  return a < 0 ? a + rank : a;
}

/** PACK: values_count tensors of one shape stacked along a new axis. */
export const pack: OpDef<'PACK'> = {
  op: 'PACK',
  inputs: [1, 64],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const first = input(node, graph, 0);
    const label = nodeLabel(node);
    if (node.attrs.count !== node.inputs.length)
      fail(opAttributeInvalid(label, `values_count ${node.attrs.count} but ${node.inputs.length} inputs`));
    for (let i = 1; i < node.inputs.length; i++) {
      const t = input(node, graph, i);
      if (t.shape.length !== first.shape.length || t.shape.some((d, k) => d !== first.shape[k])) {
        fail(opShapeMismatch(label, `input ${i} [${t.shape.join(',')}] differs from input 0 [${first.shape.join(',')}]`));
      }
    }
    const axis = packAxis(node, first.shape.length + 1);
    return [[...first.shape.slice(0, axis), node.inputs.length, ...first.shape.slice(axis)]];
  },
  verify(node, graph) {
    const y = output(node, graph, 0);
    node.inputs.forEach((_, i) => expectSameInt8Quant(node, input(node, graph, i), `input ${i}`, y, 'output'));
  },
  macs: () => 0,
};

/** UNPACK: a tensor taken apart into `num` tensors along an axis, which they lose. */
export const unpack: OpDef<'UNPACK'> = {
  op: 'UNPACK',
  inputs: [1, 1],
  outputs: [1, 64],
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const label = nodeLabel(node);
    const axis = packAxis(node, x.shape.length);
    const n = x.shape[axis] as number;
    if (node.attrs.count !== n || node.outputs.length !== n) {
      fail(opAttributeInvalid(label, `num ${node.attrs.count} and ${node.outputs.length} outputs, but axis ${axis} has extent ${n}`));
    }
    return node.outputs.map(() => x.shape.filter((_, k) => k !== axis));
  },
  verify(node, graph) {
    const x = input(node, graph, 0);
    node.outputs.forEach((_, i) => expectSameInt8Quant(node, output(node, graph, i), `output ${i}`, x, 'input'));
  },
  macs: () => 0,
};
