import type { Graph, KernelCall, KernelParam, NodeOf } from '@anvil/core';
import { pool2dParams } from '@anvil/interp';

/**
 * Average and max pooling over the window clipped to the image (padding never counts):
 * `runtime-c/kernels/anvil_avgpool2d_s8.h` and `anvil_maxpool2d_s8.h`.
 */
export function emitPool2d(node: NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>, graph: Graph): KernelCall {
  return {
    function: node.op === 'AVERAGE_POOL_2D' ? 'anvil_avgpool2d_s8' : 'anvil_maxpool2d_s8',
    operands: [0],
    params: pool2dKernelParams(node, graph),
  };
}

/**
 * The fields of `anvil_pool2d_s8_params_t` (runtime-c/kernels/anvil_pool2d_s8_params.h), which
 * every pooling kernel takes, the portable ones and a target's SIMD ones: all structural.
 */
export function pool2dKernelParams(
  node: NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>,
  graph: Graph,
): Array<readonly [string, KernelParam]> {
  const p = pool2dParams(node, graph);
  const [batches, inH, inW, channels] = p.inputShape;
  const [, outH, outW] = p.outputShape;
  return [
    ['batches', batches],
    ['in_h', inH],
    ['in_w', inW],
    ['channels', channels],
    ['out_h', outH],
    ['out_w', outW],
    ['filter_h', p.filterH],
    ['filter_w', p.filterW],
    ['stride_h', p.strideH],
    ['stride_w', p.strideW],
    ['pad_top', p.padTop],
    ['pad_left', p.padLeft],
    ['act_min', p.activationMin],
    ['act_max', p.activationMax],
  ];
}
