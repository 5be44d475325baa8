import { requantRoundingOf } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { binaryOperands } from './binary-operands.js';
import type { BinaryOperands } from './binary-operands.js';
import { requantMultiplier } from './requant-multiplier.js';

export interface MulParams extends BinaryOperands {
  readonly outputMultiplier: number;
  readonly outputShift: number;
}

/** CalculateOpDataMul (TFLM mul_common.cc): one rescale of the product, s1 * s2 / so in double. */
export function mulParams(node: NodeOf<'MUL'>, graph: Graph): MulParams {
  const { operands, qa, qb, qy, label } = binaryOperands(node, graph);
  // |(a - za)(b - zb)| is at most 255 · 255 for int8 operands.
  const m = requantMultiplier((qa.scale * qb.scale) / qy.scale, label, 'output', { rounding: requantRoundingOf(graph), bound: 255 * 255 });
  return { ...operands, outputMultiplier: m.multiplier, outputShift: m.shift };
}
