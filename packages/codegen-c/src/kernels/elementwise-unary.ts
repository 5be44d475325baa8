import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { dequantizeParams, logisticParams, quantizeParams } from '@anvil/interp';
import { cFloat } from '../c-text.js';

function count(graph: Graph, node: { outputs: readonly number[] }): number {
  return (graph.tensors[node.outputs[0] ?? -1]?.shape ?? []).reduce((a, d) => a * d, 1);
}

/**
 * QUANTIZE: float32 → int8 (`anvil_quantize_f32_s8.h`: roundf of the quotient, out-of-range
 * casts as INT32_MIN) or int8 → int8 (`anvil_requantize_s8.h`).
 */
export function emitQuantize(node: NodeOf<'QUANTIZE'>, graph: Graph): KernelCall {
  const p = quantizeParams(node, graph);
  const n = count(graph, node);
  if (p.kind === 'affine') {
    return {
      function: 'anvil_quantize_f32_s8',
      operands: [0],
      params: [
        ['count', n],
        ['scale', cFloat(p.scale)],
        ['zero_point', p.zeroPoint],
      ],
    };
  }
  return {
    function: 'anvil_requantize_s8',
    operands: [0],
    params: [
      ['count', n],
      ['input_zero_point', p.inputZeroPoint],
      ['output_zero_point', p.outputZeroPoint],
      ['multiplier', p.multiplier],
      ['shift', p.shift],
    ],
  };
}

/** DEQUANTIZE, multiplied in double and rounded once to float: `anvil_dequantize_s8_f32.h`. */
export function emitDequantize(node: NodeOf<'DEQUANTIZE'>, graph: Graph): KernelCall {
  const p = dequantizeParams(node, graph);
  return {
    function: 'anvil_dequantize_s8_f32',
    operands: [0],
    params: [
      ['count', count(graph, node)],
      ['scale', cFloat(p.scale)],
      ['zero_point', p.zeroPoint],
    ],
  };
}

/** int8 LOGISTIC, gemmlowp's logistic in Q4.27: `anvil_logistic_s8.h`. */
export function emitLogistic(node: NodeOf<'LOGISTIC'>, graph: Graph): KernelCall {
  const p = logisticParams(node, graph);
  return {
    function: 'anvil_logistic_s8',
    operands: [0],
    params: [
      ['count', count(graph, node)],
      ['input_zero_point', p.inputZeroPoint],
      ['input_range_radius', p.inputRangeRadius],
      ['input_multiplier', p.inputMultiplier],
      ['input_left_shift', p.inputLeftShift],
    ],
  };
}
