import { nodeLabel, SVDF_SLOT, svdfSizes } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';

export interface SvdfParams {
  readonly batch: number;
  readonly inputSize: number;
  readonly filters: number;
  readonly memory: number;
  readonly units: number;
  readonly rank: number;
  readonly inputZeroPoint: number;
  readonly outputZeroPoint: number;
  /** Input × feature weights → the int16 state. */
  readonly feature: QuantizedMultiplier;
  /** State × time weights (+ bias) → the int8 output. */
  readonly output: QuantizedMultiplier;
}

/**
 * TFLM's integer SVDF parameters. Unlike most ops, both rescales are computed in float32 (the
 * product and the quotient of the float scales) and only then widened to double for
 * QuantizeMultiplier, so each step rounds to float32 here too.
 */
export function svdfParams(node: NodeOf<'SVDF'>, graph: Graph): SvdfParams {
  const label = nodeLabel(node);
  const sizes = svdfSizes(node, graph);
  const x = tensorQuant(node, inputTensor(node, graph, SVDF_SLOT.input), 'input');
  const wf = tensorQuant(node, inputTensor(node, graph, SVDF_SLOT.weightsFeature), 'feature weights');
  const wt = tensorQuant(node, inputTensor(node, graph, SVDF_SLOT.weightsTime), 'time weights');
  const s = tensorQuant(node, inputTensor(node, graph, SVDF_SLOT.state), 'state');
  const y = tensorQuant(node, outputTensor(node, graph, 0), 'output');
  const f32 = Math.fround;
  return {
    ...sizes,
    rank: node.attrs.rank,
    inputZeroPoint: x.zeroPoint,
    outputZeroPoint: y.zeroPoint,
    feature: requantMultiplier(f32(f32(x.scale * wf.scale) / s.scale), label, 'feature'),
    output: requantMultiplier(f32(f32(s.scale * wt.scale) / y.scale), label, 'output'),
  };
}
