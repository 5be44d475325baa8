import { fail } from '../errors/anvil-error.js';
import { opShapeMismatch } from '../errors/builders.js';
import type { OpType } from '../ir/attributes.js';
import { nodeLabel } from '../ir/graph.js';
import { broadcastShapes } from './broadcast.js';
import { expectDType, expectPerTensor, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';

function binary<K extends 'ADD' | 'MUL' | 'SUB'>(op: K): OpDef<K> {
  return {
    op,
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
}

export const add: OpDef<'ADD'> = binary('ADD');
export const mul: OpDef<'MUL'> = binary('MUL');
export const sub: OpDef<'SUB'> = binary('SUB');

/** Ops whose single int8 output has the input's shape (activations and casts). */
export function sameShape<K extends OpType>(op: K, verify: OpDef<K>['verify']): OpDef<K> {
  return {
    op,
    inputs: [1, 1],
    outputs: 1,
    isView: false,
    inferShapes: (node, graph) => [input(node, graph, 0).shape],
    verify,
    macs: () => 0,
  };
}
