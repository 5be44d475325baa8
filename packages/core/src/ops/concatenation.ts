import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid, opQuantizationInvalid, opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import { expectDType, expectPerTensor, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** Normalised concatenation axis for an input of rank `rank`. */
export function concatAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

export const concatenation: OpDef<'CONCATENATION'> = {
  op: 'CONCATENATION',
  inputs: [1, 64],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const first = input(node, graph, 0);
    const rank = first.shape.length;
    const axis = concatAxis(node.attrs.axis, rank);
    if (axis < 0 || axis >= rank) fail(opAttributeInvalid(nodeLabel(node), `axis ${node.attrs.axis} out of range for rank ${rank}`));
    const out = [...first.shape];
    for (let i = 1; i < node.inputs.length; i++) {
      const t = input(node, graph, i);
      if (t.shape.length !== rank || t.shape.some((d, k) => k !== axis && d !== first.shape[k])) {
        fail(
          opShapeMismatch(nodeLabel(node), `input ${i} [${t.shape.join(',')}] does not match [${first.shape.join(',')}] off axis ${axis}`),
        );
      }
      out[axis] = (out[axis] ?? 0) + (t.shape[axis] ?? 0);
    }
    return [out];
  },
  verify(node, graph) {
    const y = output(node, graph, 0);
    expectDType(node, y, ['int8'], 'output');
    const qy = expectPerTensor(node, y, 'output');
    for (let i = 0; i < node.inputs.length; i++) {
      const t = input(node, graph, i);
      expectDType(node, t, ['int8'], `input ${i}`);
      const q = expectPerTensor(node, t, `input ${i}`);
      // TFLite Micro's int8 concatenation copies bytes; it does not requantize.
      if (q.scale[0] !== qy.scale[0] || q.zeroPoint[0] !== qy.zeroPoint[0]) {
        fail(
          opQuantizationInvalid(
            nodeLabel(node),
            `input ${i} quantization differs from the output's; requantizing concatenation is not supported`,
          ),
        );
      }
    }
    if (node.attrs.activation !== 'NONE') fail(opAttributeInvalid(nodeLabel(node), 'fused activation on concatenation is not supported'));
  },
  macs: () => 0,
};
