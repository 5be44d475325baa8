import type { Graph, KernelEmitContext, KernelStrategy, Node, OpType, Target } from '@anvil/core';
import { convSupported, convWorkspace, emitConv2dSimd } from './conv-2d-simd.js';
import { depthwiseSupported, depthwiseWorkspace, emitDepthwiseSimd } from './depthwise-conv-2d-simd.js';
import { emitFullyConnectedSimd, fullyConnectedSupported } from './fully-connected-simd.js';
import { DSP, MVE } from './simd-backend.js';
import type { SimdBackend } from './simd-backend.js';

/** Headers the SIMD kernels include besides their ISA's (relative to runtime-c/include). */
const COMMON_INCLUDES = ['anvil/internal/fixedpoint.h'];

interface OpKernel<K extends OpType> {
  readonly op: K;
  readonly kernel: string;
  supported(node: Node & { op: K }, graph: Graph): boolean;
  workspace(node: Node & { op: K }, graph: Graph): number;
  emit(node: Node & { op: K }, ctx: KernelEmitContext, isa: SimdBackend): string;
}

/** Int8 in and out: the only types these kernels handle. */
function int8Io(node: Node, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  return x?.dtype === 'int8' && y?.dtype === 'int8';
}

function simd<K extends OpType>(k: OpKernel<K>, isa: SimdBackend): KernelStrategy {
  const mine = (node: Node): node is Node & { op: K } => node.op === k.op;
  return {
    name: `${isa.backend}/${k.kernel}`,
    backend: isa.backend,
    tier: 'target',
    claim: (node: Node, graph: Graph, target: Target) =>
      mine(node) && isa.has(target) && int8Io(node, graph) && k.supported(node, graph) ? isa.priority : undefined,
    workspaceBytes: (node, graph) => (mine(node) ? k.workspace(node, graph) : 0),
    emit(node, ctx) {
      if (!mine(node)) throw new Error(`${k.kernel} asked to emit ${node.op}`);
      return { source: k.emit(node, ctx, isa), includes: [...COMMON_INCLUDES, isa.header] };
    },
  };
}

const KERNELS = [
  { op: 'CONV_2D', kernel: 'conv2d_s8', supported: convSupported, workspace: convWorkspace, emit: emitConv2dSimd } as OpKernel<'CONV_2D'>,
  {
    op: 'DEPTHWISE_CONV_2D',
    kernel: 'depthwise_conv2d_s8',
    supported: depthwiseSupported,
    workspace: depthwiseWorkspace,
    emit: emitDepthwiseSimd,
  } as OpKernel<'DEPTHWISE_CONV_2D'>,
  {
    op: 'FULLY_CONNECTED',
    kernel: 'fully_connected_s8',
    supported: fullyConnectedSupported,
    workspace: () => 0,
    emit: emitFullyConnectedSimd,
  } as OpKernel<'FULLY_CONNECTED'>,
] as const;

/**
 * The Cortex-M kernel strategies, tier `target` (so they win over portable C): each op in a
 * DSP-extension and a Helium flavour; Helium's higher priority picks it on the M55.
 */
export const CORTEX_M_STRATEGIES: readonly KernelStrategy[] = [DSP, MVE].flatMap((isa) =>
  KERNELS.map((k) => simd(k as OpKernel<OpType>, isa)),
);
