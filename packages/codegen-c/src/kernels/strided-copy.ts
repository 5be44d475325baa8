import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { nodeLabel } from '@anvil/core';
import { stridedSliceParams, transposeParams } from '@anvil/interp';
import type { StridedCopyParams } from '@anvil/interp';
import { kernelDims } from './kernel-dims.js';

/** The output walk merged to the kernel's six axes: axes the input also steps through contiguously become one. */
function stridedCopyCall(node: NodeOf<'TRANSPOSE'> | NodeOf<'STRIDED_SLICE'>, p: StridedCopyParams): KernelCall {
  const d = kernelDims(nodeLabel(node), p.outputShape, [p.inputStrides]);
  return {
    function: 'anvil_strided_copy_s8',
    operands: [0],
    params: [
      ['out_shape', d.extents],
      ['in_stride', d.strides[0] as number[]],
      ['base', p.base],
    ],
  };
}

/** TRANSPOSE: `anvil_strided_copy_s8.h` with the permuted input strides. */
export function emitTranspose(node: NodeOf<'TRANSPOSE'>, graph: Graph): KernelCall {
  return stridedCopyCall(node, transposeParams(node, graph));
}

/** STRIDED_SLICE: `anvil_strided_copy_s8.h` from the resolved start, stride and count of each axis. */
export function emitStridedSlice(node: NodeOf<'STRIDED_SLICE'>, graph: Graph): KernelCall {
  return stridedCopyCall(node, stridedSliceParams(node, graph));
}
