import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { constInt32, expectDType, expectPerTensor, input, optionalInput, output } from './node-access.js';
import type { OpDef } from './op-def.js';

/** [before, after] per dimension from the constant paddings input ([rank, 2] int32). */
export function padAmounts(node: NodeOf<'PAD'>, graph: Graph): Array<readonly [number, number]> {
  const x = input(node, graph, 0);
  const p = constInt32(node, input(node, graph, 1), 'paddings');
  if (p.length !== x.shape.length * 2) {
    fail(opShapeMismatch(nodeLabel(node), `paddings have ${p.length} values, expected ${x.shape.length * 2}`));
  }
  const out: Array<readonly [number, number]> = [];
  for (let d = 0; d < x.shape.length; d++) {
    const before = p[2 * d] ?? 0;
    const after = p[2 * d + 1] ?? 0;
    if (before < 0 || after < 0) fail(opShapeMismatch(nodeLabel(node), `negative padding on axis ${d}`));
    out.push([before, after]);
  }
  return out;
}

/** PAD and PADV2: the pad value is the output zero point, or the optional constant input. */
export const pad: OpDef<'PAD'> = {
  op: 'PAD',
  inputs: [2, 3],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    const amounts = padAmounts(node, graph);
    return [x.shape.map((d, i) => d + (amounts[i]?.[0] ?? 0) + (amounts[i]?.[1] ?? 0))];
  },
  verify(node, graph) {
    const x = input(node, graph, 0);
    const y = output(node, graph, 0);
    expectDType(node, x, ['int8'], 'input');
    expectDType(node, y, ['int8'], 'output');
    const qx = expectPerTensor(node, x, 'input');
    const qy = expectPerTensor(node, y, 'output');
    if (qx.scale[0] !== qy.scale[0] || qx.zeroPoint[0] !== qy.zeroPoint[0]) {
      fail(opShapeMismatch(nodeLabel(node), 'pad input and output must share quantization'));
    }
    const v = optionalInput(node, graph, 2);
    if (v !== undefined) {
      expectDType(node, v, ['int8'], 'pad value');
      if (v.data === undefined || v.data.length !== 1) fail(opShapeMismatch(nodeLabel(node), 'pad value must be one constant'));
    }
  },
  macs: () => 0,
};
