import { kernelStrategy } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, KernelStrategy, NodeFor, OpType } from '@anvil/core';
import { conv2dParams, depthwiseConv2dParams } from '@anvil/interp';
import { convRv32Supported, convRv32Workspace, emitConv2dRv32 } from './conv-2d-rv32.js';
import { depthwiseRv32Supported, depthwiseRv32Workspace, emitDepthwiseRv32 } from './depthwise-conv-2d-rv32.js';
import { emitFullyConnectedRv32, fullyConnectedRv32Supported } from './fully-connected-rv32.js';
import { int8Io, isRv32ScalarTarget } from './rv32-tables.js';

/** Backend name in reports. */
export const RV32_BACKEND = 'riscv-rv32';

/**
 * Priority within the target tier: below a vector strategy (Cortex-M's Helium takes 20 over
 * the DSP extension's 10), so on rv32imac_zve32x the RVV kernels win where they claim a node
 * and these take the rest.
 */
export const RV32_PRIORITY = 10;

interface Rv32Kernel<K extends OpType> {
  readonly op: K;
  readonly kernel: string;
  supported(node: NodeFor<K>, graph: Graph): boolean;
  workspace(node: NodeFor<K>, graph: Graph): number;
  emit(node: NodeFor<K>, ctx: KernelEmitContext): KernelCall;
}

function rv32<K extends OpType>(k: Rv32Kernel<K>): KernelStrategy {
  return kernelStrategy<K>({
    name: `${RV32_BACKEND}/${k.kernel}`,
    backend: RV32_BACKEND,
    tier: 'target',
    ops: [k.op],
    claim: (node, graph, target) =>
      isRv32ScalarTarget(target) && int8Io(node, graph) && k.supported(node, graph) ? RV32_PRIORITY : undefined,
    workspaceBytes: (node, graph) => k.workspace(node, graph),
    emit: (node, ctx) => k.emit(node, ctx),
  });
}

const CONV: Rv32Kernel<'CONV_2D'> = {
  op: 'CONV_2D',
  kernel: 'conv2d_s8',
  supported: convRv32Supported,
  workspace: (node, graph) => convRv32Workspace(conv2dParams(node, graph)),
  emit: emitConv2dRv32,
};

const DEPTHWISE: Rv32Kernel<'DEPTHWISE_CONV_2D'> = {
  op: 'DEPTHWISE_CONV_2D',
  kernel: 'depthwise_conv2d_s8',
  supported: depthwiseRv32Supported,
  workspace: (node, graph) => depthwiseRv32Workspace(depthwiseConv2dParams(node, graph)),
  emit: emitDepthwiseRv32,
};

const FULLY_CONNECTED: Rv32Kernel<'FULLY_CONNECTED'> = {
  op: 'FULLY_CONNECTED',
  kernel: 'fully_connected_s8',
  supported: fullyConnectedRv32Supported,
  workspace: () => 0,
  emit: emitFullyConnectedRv32,
};

/**
 * The scalar RV32 int8 kernels (register-tiled C for in-order cores without SIMD), tier
 * `target` so they win over portable C on rv32imc, rv32imac and rv32imac_zve32x.
 */
export const RISCV_SCALAR_STRATEGIES: readonly KernelStrategy[] = [rv32(CONV), rv32(DEPTHWISE), rv32(FULLY_CONNECTED)];
