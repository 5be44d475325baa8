import { tensorBytes } from '@anvil/core';
import type { Graph, NodeOf, Tensor } from '@anvil/core';
import type { CompiledRegion } from '../compile/compile-region.js';

function hexRows(values: ArrayLike<number>, perRow: number, fmt: (v: number) => string): string {
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += perRow) {
    rows.push(`  ${Array.from({ length: Math.min(perRow, values.length - i) }, (_, k) => fmt(values[i + k] as number)).join(', ')},`);
  }
  return rows.join('\n');
}

const word = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}u`;
const byte = (v: number): string => `0x${v.toString(16).padStart(2, '0')}`;

/**
 * The C of one region: its command stream and encoded weights as const arrays (flash), and the
 * kernel function that binds the regions (weights, scratch = the workspace, then each input and
 * output) and invokes the NPU. The parameter list follows the kernel convention.
 */
export function regionSource(fn: string, node: NodeOf<'OFFLOAD_REGION'>, graph: Graph, r: CompiledRegion): string {
  const t = (id: number): Tensor => graph.tensors[id] as Tensor;
  const weights = r.weights.length === 0 ? Uint8Array.of(0) : r.weights;
  const regions = [
    `    {(uint8_t *)(uintptr_t)${fn}_weights, ${r.weights.length}u, 0u}`,
    r.scratchBytes > 0 ? `    {(uint8_t *)workspace, ${r.scratchBytes}u, 1u}` : '    {NULL, 0u, 1u}',
    ...node.inputs.map((id, k) => `    {(uint8_t *)(uintptr_t)x${k}, ${tensorBytes(t(id))}u, 0u}`),
    ...node.outputs.map((id, k) => `    {(uint8_t *)y${k}, ${tensorBytes(t(id))}u, 1u}`),
  ];
  const params = [
    ...node.inputs.map((_, k) => `const int8_t *x${k}`),
    ...node.outputs.map((_, k) => `int8_t *y${k}`),
    ...(r.scratchBytes > 0 ? ['void *workspace'] : []),
  ];
  return `
/* ${r.ops.length} NPU operations for ${r.config.name} in system ${r.config.system.name}; ${r.cycles} estimated cycles. */
static const uint32_t ${fn}_cmd[${r.commandStream.length}] = {
${hexRows(r.commandStream, 6, word)}
};

/* Encoded weights, biases and scales (${r.weights.length} bytes from ${r.rawWeightBytes} bytes of int8 weights). */
static const uint8_t ${fn}_weights[${weights.length}] ANVIL_ALIGNED(16) = {
${hexRows(weights, 16, byte)}
};

anvil_status_t ${fn}(${params.join(', ')}) {
  const anvil_npu_region_t regions[${regions.length}] = {
${regions.join(',\n')}
  };
  return anvil_npu_invoke(${fn}_cmd, ${r.commandStream.length}u, regions, ${regions.length}u, NULL);
}
`;
}
