import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { rsqrtOne, rsqrtParams } from '@anvil/interp';

/**
 * int8 RSQRT as a table: the interpreter's element function (TFLM's fixed-point arithmetic)
 * for each of the 256 inputs, 0 where the input is refused (`min_input` stops the kernel
 * before it reads those entries): `anvil_rsqrt_s8.h`.
 */
export function emitRsqrt(node: NodeOf<'RSQRT'>, graph: Graph): KernelCall {
  const p = rsqrtParams(node, graph);
  const table = Array.from({ length: 256 }, (_, i) => rsqrtOne(p, i - 128) ?? 0);
  return {
    function: 'anvil_rsqrt_s8',
    operands: [0],
    params: [
      ['count', (graph.tensors[node.outputs[0] ?? -1]?.shape ?? []).reduce((a, d) => a * d, 1)],
      ['min_input', Math.max(-128, p.inputZeroPoint)],
      ['table', { table: { ctype: 'int8_t', values: table } }],
    ],
  };
}
