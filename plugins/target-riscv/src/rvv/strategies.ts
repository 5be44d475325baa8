import { kernelStrategy } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, KernelStrategy, Node, NodeFor, OpType, Target } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import { FEATURE_ZVE32X } from '../riscv-targets.js';
import { addSupported, emitRvvAdd } from './add-rvv.js';
import { convSupported, convWorkspace, emitRvvConvCall } from './conv-2d-rvv.js';
import { depthwiseSupported, depthwiseWorkspace, emitRvvDepthwise } from './depthwise-conv-2d-rvv.js';
import { emitRvvFullyConnected, fullyConnectedSupported } from './fully-connected-rvv.js';
import { emitRvvPool, poolSupported } from './pool-rvv.js';
import { int8Weights } from './tables.js';

/** Backend name in reports. */
export const RVV_BACKEND = 'riscv-rvv';

/**
 * Within the target tier: above the scalar RV32 kernels (priority 10), which claim every
 * RISC-V target, so the vector ones win where Zve32x is present (as Helium's 20 beats the DSP
 * extension's 10 on Cortex-M).
 */
export const RVV_PRIORITY = 20;

interface OpKernel<K extends OpType> {
  readonly op: K;
  readonly kernel: string;
  supported(node: NodeFor<K>, graph: Graph): boolean;
  workspace(node: NodeFor<K>, graph: Graph): number;
  emit(node: NodeFor<K>, ctx: KernelEmitContext): KernelCall;
}

/** Int8 in and out: the only types these kernels handle. */
function int8Io(node: Pick<Node, 'inputs' | 'outputs'>, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  return x?.dtype === 'int8' && y?.dtype === 'int8';
}

function hasVector(target: Target): boolean {
  return target.features.includes(FEATURE_ZVE32X);
}

function rvv<K extends OpType>(k: OpKernel<K>): KernelStrategy {
  return kernelStrategy<K>({
    name: `${RVV_BACKEND}/${k.kernel}`,
    backend: RVV_BACKEND,
    tier: 'target',
    ops: [k.op],
    claim: (node, graph, target) => (hasVector(target) && int8Io(node, graph) && k.supported(node, graph) ? RVV_PRIORITY : undefined),
    workspaceBytes: (node, graph) => k.workspace(node, graph),
    emit: (node, ctx) => k.emit(node, ctx),
  });
}

const CONV: OpKernel<'CONV_2D'> = {
  op: 'CONV_2D',
  kernel: 'conv2d_s8',
  supported: convSupported,
  workspace: convWorkspace,
  emit: (node, ctx) =>
    emitRvvConvCall(conv2dParams(node, ctx.graph), int8Weights(ctx.graph, node.inputs[1] as number), node.inputs[2], ctx.graph),
};

const DEPTHWISE: OpKernel<'DEPTHWISE_CONV_2D'> = {
  op: 'DEPTHWISE_CONV_2D',
  kernel: 'depthwise_conv2d_s8',
  supported: depthwiseSupported,
  workspace: depthwiseWorkspace,
  emit: emitRvvDepthwise,
};

const FULLY_CONNECTED: OpKernel<'FULLY_CONNECTED'> = {
  op: 'FULLY_CONNECTED',
  kernel: 'fully_connected_s8',
  supported: fullyConnectedSupported,
  workspace: () => 0,
  emit: emitRvvFullyConnected,
};

const ADD: OpKernel<'ADD'> = {
  op: 'ADD',
  kernel: 'add_s8',
  supported: addSupported,
  workspace: () => 0,
  emit: emitRvvAdd,
};

const AVERAGE_POOL: OpKernel<'AVERAGE_POOL_2D'> = {
  op: 'AVERAGE_POOL_2D',
  kernel: 'avgpool2d_s8',
  supported: poolSupported,
  workspace: () => 0,
  emit: emitRvvPool,
};

const MAX_POOL: OpKernel<'MAX_POOL_2D'> = {
  op: 'MAX_POOL_2D',
  kernel: 'maxpool2d_s8',
  supported: poolSupported,
  workspace: () => 0,
  emit: emitRvvPool,
};

/** The RVV (Zve32x) kernel strategies, tier `target`, claiming only on targets with the vector unit. */
export const RISCV_RVV_STRATEGIES: readonly KernelStrategy[] = [
  rvv(CONV),
  rvv(DEPTHWISE),
  rvv(FULLY_CONNECTED),
  rvv(ADD),
  rvv(AVERAGE_POOL),
  rvv(MAX_POOL),
];
