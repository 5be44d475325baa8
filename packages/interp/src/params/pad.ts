import { padAmounts } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { constantBytes, inputTensor, optionalInputTensor, outputTensor, tensorQuant } from './node-tensors.js';

export interface PadParams {
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** [before, after] per dimension. */
  readonly amounts: ReadonlyArray<readonly [number, number]>;
  /** The int8 written into the padding. */
  readonly padValue: number;
}

/**
 * PAD fills with the output zero point (TFLM casts it to a byte), PADV2 with its constant
 * value input, taken as the int8 it stores.
 */
export function padParams(node: NodeOf<'PAD'>, graph: Graph): PadParams {
  const x = inputTensor(node, graph, 0);
  const y = outputTensor(node, graph, 0);
  const v = optionalInputTensor(node, graph, 2);
  const padValue =
    v === undefined ? (tensorQuant(node, y, 'output').zeroPoint << 24) >> 24 : ((constantBytes(node, v, 'pad value')[0] ?? 0) << 24) >> 24;
  return { inputShape: x.shape, outputShape: y.shape, amounts: padAmounts(node, graph), padValue };
}
