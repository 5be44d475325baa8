import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { packParams, splitParams, unpackParams } from '@anvil/interp';
import type { SplitParams } from '@anvil/interp';

function splitCall(p: SplitParams, operand: number): KernelCall {
  return {
    function: 'anvil_split_s8',
    operands: [operand],
    outputArray: true,
    params: [
      ['outer_size', p.outerSize],
      ['output_count', p.slabs.length],
      ['slab', { table: { ctype: 'int32_t', values: p.slabs } }],
    ],
  };
}

/** SPLIT: `anvil_split_s8.h` on the tensor in slot 1 (slot 0 is the constant axis). */
export function emitSplit(node: NodeOf<'SPLIT'>, graph: Graph): KernelCall {
  return splitCall(splitParams(node, graph), 1);
}

/** UNPACK: `anvil_split_s8.h`, one slab per index of the axis. */
export function emitUnpack(node: NodeOf<'UNPACK'>, graph: Graph): KernelCall {
  return splitCall(unpackParams(node, graph), 0);
}

/** PACK: `anvil_concatenation_s8.h`, each input one slab per outer index. */
export function emitPack(node: NodeOf<'PACK'>, graph: Graph): KernelCall {
  const p = packParams(node, graph);
  return {
    function: 'anvil_concatenation_s8',
    operands: node.inputs.map((_, i) => i),
    operandArray: true,
    params: [
      ['outer_size', p.outerSize],
      ['input_count', p.inputSlabSizes.length],
      ['slab', { table: { ctype: 'int32_t', values: p.inputSlabSizes } }],
    ],
  };
}
