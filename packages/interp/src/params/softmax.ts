import { errors, fail, nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { quantizeMultiplierGreaterThanOne } from '../fixed-point/quantize-multiplier.js';
import { calculateInputRadius } from './input-radius.js';
import { inputTensor, tensorQuant } from './node-tensors.js';

/** Integer bits of the scaled input difference fed to exp (Q5.26). */
export const SOFTMAX_SCALED_DIFF_INTEGER_BITS = 5;
/** Integer bits of the running sum of exps (Q12.19). */
export const SOFTMAX_ACCUMULATION_INTEGER_BITS = 12;

export interface SoftmaxParams {
  /** Length of the last axis; softmax runs over each row of this many values. */
  readonly depth: number;
  readonly rows: number;
  readonly inputMultiplier: number;
  /** >= 0: a left shift. */
  readonly inputLeftShift: number;
  /** Differences from the row maximum below this contribute nothing (output -128). */
  readonly diffMin: number;
}

/**
 * PreprocessSoftmaxScaling with kScaledDiffIntegerBits = 5: beta * input_scale * 2^26 in
 * double, capped at 2^31 - 1 (the double-rounding build's cap), as a multiplier > 1.
 * TFLite CHECKs that the product exceeds 1; we raise an error instead of aborting.
 */
export function softmaxInputScaling(
  beta: number,
  inputScale: number,
  label: string,
): { multiplier: number; leftShift: number; diffMin: number } {
  const real = Math.min(beta * inputScale * 2 ** (31 - SOFTMAX_SCALED_DIFF_INTEGER_BITS), 2 ** 31 - 1);
  const q = quantizeMultiplierGreaterThanOne(real);
  if (q === undefined) fail(errors.opQuantizationInvalid(label, `beta * input scale * 2^26 = ${real} must exceed 1 for the int8 softmax`));
  const radius = calculateInputRadius(SOFTMAX_SCALED_DIFF_INTEGER_BITS, q.shift, label);
  // 0 - radius rather than -radius so a zero radius is +0, as the int32 diff_min is.
  return { multiplier: q.multiplier, leftShift: q.shift, diffMin: 0 - radius };
}

export function softmaxParams(node: NodeOf<'SOFTMAX'>, graph: Graph): SoftmaxParams {
  const x = inputTensor(node, graph, 0);
  const qx = tensorQuant(node, x, 'input');
  const depth = x.shape[x.shape.length - 1] ?? 1;
  const total = x.shape.reduce((p, d) => p * d, 1);
  // beta is a float32 in the flatbuffer; TFLM widens that float to double.
  const s = softmaxInputScaling(Math.fround(node.attrs.beta), qx.scale, nodeLabel(node));
  return { depth, rows: depth === 0 ? 0 : total / depth, inputMultiplier: s.multiplier, inputLeftShift: s.leftShift, diffMin: s.diffMin };
}
