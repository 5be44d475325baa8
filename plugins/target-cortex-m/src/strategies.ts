import { kernelStrategy } from '@anvil/core';
import { emitLstm, lstmWorkspaceBytes } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, KernelStrategy, Node, NodeFor, OpType } from '@anvil/core';
import { addSupported, emitAddSimd } from './add-simd.js';
import { conv2dParams } from '@anvil/interp';
import { convSupported, convVariants, convWorkspace, emitConv2dSimd } from './conv-2d-simd.js';
import { depthwiseSupported, depthwiseWorkspace, emitDepthwiseSimd } from './depthwise-conv-2d-simd.js';
import { emitFullyConnectedSimd, fullyConnectedSupported } from './fully-connected-simd.js';
import { emitPoolSimd, poolSupported } from './pool-simd.js';
import { DSP, MVE } from './simd-backend.js';
import type { SimdBackend } from './simd-backend.js';

interface OpKernel<K extends OpType> {
  readonly op: K;
  readonly kernel: string;
  supported(node: NodeFor<K>, graph: Graph): boolean;
  workspace(node: NodeFor<K>, graph: Graph, variant?: string): number;
  emit(node: NodeFor<K>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall;
  /** The forms `anvil tune` may count for this node (see KernelStrategy.variants); none: one form. */
  variants?(node: NodeFor<K>, graph: Graph, isa: SimdBackend): readonly string[];
}

/** Int8 in and out: the only types these kernels handle. */
function int8Io(node: Pick<Node, 'inputs' | 'outputs'>, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  return x?.dtype === 'int8' && y?.dtype === 'int8';
}

function simd<K extends OpType>(k: OpKernel<K>, isa: SimdBackend): KernelStrategy {
  return kernelStrategy<K>({
    name: `${isa.backend}/${k.kernel}`,
    backend: isa.backend,
    tier: 'target',
    ops: [k.op],
    claim: (node, graph, target) => (isa.has(target) && int8Io(node, graph) && k.supported(node, graph) ? isa.priority : undefined),
    workspaceBytes: (node, graph, _target, variant) => k.workspace(node, graph, variant),
    emit: (node, ctx) => k.emit(node, ctx, isa),
    ...(k.variants === undefined ? {} : { variants: (node: NodeFor<K>, graph: Graph) => k.variants?.(node, graph, isa) ?? [] }),
  });
}

const CONV: OpKernel<'CONV_2D'> = {
  op: 'CONV_2D',
  kernel: 'conv2d_s8',
  supported: convSupported,
  workspace: convWorkspace,
  emit: emitConv2dSimd,
  variants: (node, graph, isa) => convVariants(conv2dParams(node, graph), isa),
};
const DEPTHWISE: OpKernel<'DEPTHWISE_CONV_2D'> = {
  op: 'DEPTHWISE_CONV_2D',
  kernel: 'depthwise_conv2d_s8',
  supported: depthwiseSupported,
  workspace: depthwiseWorkspace,
  emit: emitDepthwiseSimd,
};
const FULLY_CONNECTED: OpKernel<'FULLY_CONNECTED'> = {
  op: 'FULLY_CONNECTED',
  kernel: 'fully_connected_s8',
  supported: fullyConnectedSupported,
  workspace: () => 0,
  emit: emitFullyConnectedSimd,
};

const ADD: OpKernel<'ADD'> = {
  op: 'ADD',
  kernel: 'add_s8',
  supported: addSupported,
  workspace: () => 0,
  emit: emitAddSimd,
};

const AVERAGE_POOL: OpKernel<'AVERAGE_POOL_2D'> = {
  op: 'AVERAGE_POOL_2D',
  kernel: 'avgpool2d_s8',
  supported: poolSupported,
  workspace: () => 0,
  emit: emitPoolSimd,
};

const MAX_POOL: OpKernel<'MAX_POOL_2D'> = {
  op: 'MAX_POOL_2D',
  kernel: 'maxpool2d_s8',
  supported: poolSupported,
  workspace: () => 0,
  emit: emitPoolSimd,
};

/** The gate products as DSP dot products; Helium has no LSTM kernel of its own, so the M55 takes this one too. */
const LSTM: OpKernel<'UNIDIRECTIONAL_SEQUENCE_LSTM'> = {
  op: 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  kernel: 'lstm_s8',
  supported: () => true,
  workspace: lstmWorkspaceBytes,
  emit: (node, ctx) => emitLstm(node, ctx.graph, ctx, 'anvil_lstm_dsp_s8'),
};

/**
 * The Cortex-M kernel strategies, tier `target` (so they win over portable C): each op in a
 * DSP-extension and a Helium flavour; Helium's higher priority picks it on the M55.
 */
export const CORTEX_M_STRATEGIES: readonly KernelStrategy[] = [DSP, MVE]
  .flatMap((isa) => [
    simd(CONV, isa),
    simd(DEPTHWISE, isa),
    simd(FULLY_CONNECTED, isa),
    simd(ADD, isa),
    simd(AVERAGE_POOL, isa),
    simd(MAX_POOL, isa),
  ])
  .concat(simd(LSTM, DSP));
