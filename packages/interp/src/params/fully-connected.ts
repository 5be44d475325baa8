import { elementCount, nodeLabel, requantRoundingOf } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { accumulatorBounds } from './accumulator-bound.js';
import { activationRangeInt8 } from './activation-range.js';
import { perChannelMultipliers } from './conv-multipliers.js';
import { inputTensor, outputTensor, tensorQuant, tensorScales } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';
import type { SingleRounding } from './requant-multiplier.js';

export interface FullyConnectedParams {
  /** Rows of the input once flattened to [batches, depth]. */
  readonly batches: number;
  readonly units: number;
  readonly depth: number;
  readonly inputOffset: number;
  /** Minus the weights zero point (0 for symmetric int8 weights; TFLM still applies it). */
  readonly weightsOffset: number;
  readonly outputOffset: number;
  /** One entry for per-tensor weights, one per unit for per-channel weights. */
  readonly outputMultipliers: readonly number[];
  readonly outputShifts: readonly number[];
  readonly activationMin: number;
  readonly activationMax: number;
}

/**
 * Per-tensor FC multiplier, TFLite GetQuantizedConvolutionMultipler: unlike conv, the input and
 * filter scales are multiplied in float32 first (`static_cast<double>(input_scale *
 * filter_scale)`), and only then divided in double by the output scale. The float32 rounding
 * of that product changes the multiplier for some scale pairs, so the order matters.
 */
export function fullyConnectedPerTensorMultiplier(
  inputScale: number,
  filterScale: number,
  outputScale: number,
  label: string,
  single?: SingleRounding,
): QuantizedMultiplier {
  return requantMultiplier(Math.fround(inputScale * filterScale) / outputScale, label, 'output', single);
}

export function fullyConnectedParams(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph): FullyConnectedParams {
  const label = nodeLabel(node);
  const x = inputTensor(node, graph, 0);
  const w = inputTensor(node, graph, 1);
  const y = outputTensor(node, graph, 0);
  const qx = tensorQuant(node, x, 'input');
  const qy = tensorQuant(node, y, 'output');
  const [units = 0, depth = 0] = w.shape;
  const scales = tensorScales(node, w, 'weights');
  const rounding = requantRoundingOf(graph);
  const bias = node.inputs[2] === undefined || node.inputs[2] < 0 ? undefined : graph.tensors[node.inputs[2]];
  // A weights zero point widens |w - zp| beyond the bound's |w|: keep TFLite's form then.
  const bounds =
    rounding === 'single' && (w.quant?.zeroPoint[0] ?? 0) === 0
      ? accumulatorBounds(w, bias, 0, scales.length > 1 ? units : 1, qx.zeroPoint)
      : [Infinity];
  const multipliers =
    scales.length > 1
      ? perChannelMultipliers(qx.scale, scales, qy.scale, units, label, rounding === 'single' ? { rounding, bounds } : undefined)
      : [
          fullyConnectedPerTensorMultiplier(
            qx.scale,
            scales[0] ?? 0,
            qy.scale,
            label,
            rounding === 'single' ? { rounding, bound: bounds[0] ?? Infinity } : undefined,
          ),
        ];
  const range = activationRangeInt8(node.attrs.activation, qy, label);
  return {
    batches: depth === 0 ? 0 : elementCount(x.shape) / depth,
    units,
    depth,
    inputOffset: -qx.zeroPoint,
    // The per-channel kernel has no weights offset (the spec makes them symmetric).
    weightsOffset: scales.length > 1 ? 0 : -(w.quant?.zeroPoint[0] ?? 0),
    outputOffset: qy.zeroPoint,
    outputMultipliers: multipliers.map((m) => m.multiplier),
    outputShifts: multipliers.map((m) => m.shift),
    activationMin: range.min,
    activationMax: range.max,
  };
}
