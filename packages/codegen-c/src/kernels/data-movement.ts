import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { nodeLabel } from '@anvil/core';
import { concatenationParams, padParams } from '@anvil/interp';
import { denseStrides, kernelDims } from './kernel-dims.js';

/** PAD/PADV2: fill with the pad value, then copy the input row by row: `anvil_pad_s8.h`. */
export function emitPad(node: NodeOf<'PAD'>, graph: Graph): KernelCall {
  const p = padParams(node, graph);
  const outStrides = denseStrides(p.outputShape);
  const base = outStrides.reduce((a, s, k) => a + (p.amounts[k]?.[0] ?? 0) * s, 0);
  const d = kernelDims(nodeLabel(node), p.inputShape, [outStrides], true);
  return {
    function: 'anvil_pad_s8',
    operands: [0],
    params: [
      ['in_shape', d.extents],
      ['out_stride', d.strides[0] as number[]],
      ['base', base],
      ['out_count', p.outputShape.reduce((a, n) => a * n, 1)],
      ['pad_value', p.padValue],
    ],
  };
}

/**
 * CONCATENATION with one shared quantization, an interleave of each input's slabs:
 * `anvil_concatenation_s8.h`. The slab sizes are a table, so any number of inputs fits.
 */
export function emitConcatenation(node: NodeOf<'CONCATENATION'>, graph: Graph): KernelCall {
  const p = concatenationParams(node, graph);
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
