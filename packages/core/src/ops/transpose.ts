import { fail } from '../errors/anvil-error.js';
import { opAttributeInvalid } from '../errors/builders.js';
import { nodeLabel } from '../ir/graph.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import { constInt32, input, output } from './node-access.js';
import type { OpDef } from './op-def.js';
import { expectSameInt8Quant } from './same-quantization.js';

/** TFLite Micro's transpose handles up to five dimensions. */
export const TRANSPOSE_MAX_RANK = 5;

/** The constant permutation: output axis i is input axis perm[i]. */
export function transposePerm(node: NodeOf<'TRANSPOSE'>, graph: Graph): number[] {
  const x = input(node, graph, 0);
  const rank = x.shape.length;
  const perm = [...constInt32(node, input(node, graph, 1), 'perm')];
  const label = nodeLabel(node);
  if (rank > TRANSPOSE_MAX_RANK)
    fail(opAttributeInvalid(label, `input has rank ${rank}; TFLite Micro transposes up to ${TRANSPOSE_MAX_RANK}`));
  if (perm.length !== rank) fail(opAttributeInvalid(label, `perm has ${perm.length} entries for an input of rank ${rank}`));
  const seen = new Set(perm);
  if (seen.size !== rank || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= rank)) {
    fail(opAttributeInvalid(label, `perm [${perm.join(',')}] is not a permutation of 0..${rank - 1}`));
  }
  return perm;
}

export const transpose: OpDef<'TRANSPOSE'> = {
  op: 'TRANSPOSE',
  inputs: [2, 2],
  outputs: 1,
  isView: false,
  inferShapes(node, graph) {
    const x = input(node, graph, 0);
    return [transposePerm(node, graph).map((p) => x.shape[p] as number)];
  },
  verify(node, graph) {
    expectSameInt8Quant(node, output(node, graph, 0), 'output', input(node, graph, 0), 'input');
  },
  macs: () => 0,
};
